/**
 * The record of one document (DESIGN.md "The record of one document"), as a zod schema so that it
 * can be checked wherever it crosses a file or process boundary. The TS types are inferred from it.
 */
import { z } from "zod";
import { FLAG_CODE_LIST } from "./flags.js";

export const RECORD_SCHEMA_ID = "nianbao.report/1";

export const CellStatus = z.enum(["read", "inferred", "repaired", "missing", "corrected"]);
export type CellStatus = z.infer<typeof CellStatus>;

export const FlagCodeSchema = z.enum(FLAG_CODE_LIST as [string, ...string[]]);

export const BBoxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });

export const CellSourceSchema = z.object({
  page: z.number().int().nonnegative(),
  line: z.number().int().nonnegative(),
  bbox: BBoxSchema.optional(),
});

/** The separate confidence signals a cell's `confidence` is reduced from (validate/confidence.ts). */
export const CellSignalsSchema = z.object({
  label_score: z.number().min(0).max(1),
  placement: z.number().min(0).max(1),
  arithmetic: z.number().min(0).max(1),
  ocr: z.number().min(0).max(1).optional(),
});

export const CellRecordSchema = z.object({
  key: z.string(),
  table: z.string(),
  row: z.string(),
  column: z.string(),
  label_zh: z.string(),
  value: z.number().nullable(),
  raw: z.string(),
  confidence: z.number().min(0).max(1),
  status: CellStatus,
  flags: z.array(FlagCodeSchema),
  needs_review: z.boolean(),
  source: CellSourceSchema,
  signals: CellSignalsSchema.optional(),
});
export type CellRecord = z.infer<typeof CellRecordSchema>;
export type CellSignals = z.infer<typeof CellSignalsSchema>;

/**
 * A cell as validation makes it: a record's cell before any reviewer corrected it (no `corrected`
 * status), always with its signals. Derived from the record's schema, so the two cannot drift.
 */
export type ValidatedCell = Omit<CellRecord, "status" | "signals"> & { status: Exclude<CellStatus, "corrected">; signals: CellSignals };

export const CheckSchema = z.object({
  rule: z.string(),
  ok: z.boolean(),
  expected: z.number().nullable(),
  actual: z.number().nullable(),
  keys: z.array(z.string()),
  message_zh: z.string().optional(),
});
export type Check = z.infer<typeof CheckSchema>;

export const UnmappedSchema = z.object({ text: z.string(), page: z.number(), line: z.number() });
export type Unmapped = z.infer<typeof UnmappedSchema>;

export const SourceKindSchema = z.enum(["text", "html", "pdf", "pdf-ocr", "image", "docx"]);

export const ReportRecordSchema = z.object({
  schema: z.literal(RECORD_SCHEMA_ID),
  source: z.object({
    path: z.string(),
    sha256: z.string(),
    kind: SourceKindSchema,
    pages: z.number().int().nonnegative(),
  }),
  report: z.object({
    agency: z.string().nullable(),
    year: z.number().int().nullable(),
    template: z.string().nullable(),
    title: z.string().nullable(),
    /** Template chosen for each table (real reports mix them), e.g. { t2: "gov-info-2021", t3: "gov-info-2019" }. */
    tables: z.record(z.string(), z.string()),
  }),
  cells: z.array(CellRecordSchema),
  checks: z.array(CheckSchema),
  unmapped: z.array(UnmappedSchema),
  sections: z.record(z.string(), z.string()),
  timings: z.record(z.string(), z.number()),
  /** Document-level problems that are not about one cell (e.g. a table not found). */
  warnings: z.array(z.string()),
  /**
   * Tables the reader saw (HTML, DOCX) that no template matched, kept whole (cell texts per row) so
   * that nothing read is lost. Absent when there were none, and for text and PDF input.
   */
  tables_other: z
    .array(z.object({ page: z.number().int(), line_from: z.number().int(), line_to: z.number().int(), rows: z.array(z.array(z.string())) }))
    .optional(),
  nianbao_version: z.string(),
  /**
   * `partial`: the text ended inside a table (a cut-off page or crawl): the cells read are kept and
   * the rest are value_missing. Absent in records of versions before it (read as `complete`).
   */
  status: z.enum(["complete", "partial"]).optional(),
});
export type ReportRecord = z.infer<typeof ReportRecordSchema>;

/** A gold file, as in ../shared/real/*.json: printed values, null for a blank cell. */
export const GoldFileSchema = z.object({
  agency: z.string().optional(),
  year: z.number().int().optional(),
  format: z.string().optional(),
  cells: z.record(z.string(), z.number().nullable()),
  /** Generator only: which damage kinds were applied, per key. */
  damage: z.record(z.string(), z.array(z.string())).optional(),
});
export type GoldFile = z.infer<typeof GoldFileSchema>;
