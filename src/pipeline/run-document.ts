/**
 * One document through all stages: read → page model → metadata and sections → tables → record.
 * Bad input throws an InputError that names the file and the problem; everything else about the
 * data (lost cells, failed rules) is carried in the record as flags and checks.
 */
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { NoTextLayerError, PdfOpenError, pdfToPageModel } from "../ingest/pdf/index.js";
import { TextDecodeError, textToPageModel } from "../ingest/text/index.js";
import { positionedToLines } from "../layout/positioned-lines.js";
import { RECORD_SCHEMA_ID, type CellRecord, type PageModel, type ReportRecord } from "../model/index.js";
import { readMetadata } from "../match/metadata.js";
import { findSections, sectionTexts } from "../match/regions.js";
import { TEMPLATES } from "../templates/index.js";
import { VERSION } from "../version.js";
import { InputError } from "./errors.js";
import { extractTables } from "./tables.js";

export interface RunOptions {
  /** Largest input accepted, in bytes (default 16 MiB: a text report is well under 1 MiB). */
  maxBytes: number;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = { maxBytes: 16 * 1024 * 1024 };

export function resolveRunOptions(partial: Partial<RunOptions> = {}): RunOptions {
  const o = { ...DEFAULT_RUN_OPTIONS, ...partial };
  if (!Number.isFinite(o.maxBytes) || o.maxBytes <= 0) throw new Error(`maxBytes must be a positive number of bytes, got ${o.maxBytes}`);
  return o;
}

/** Runs ingest → layout → match → validate for one file and returns its record. Throws InputError. */
export async function runDocument(path: string, options?: Partial<RunOptions>): Promise<ReportRecord> {
  const opts = resolveRunOptions(options);
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new InputError(path, "unreadable", `cannot read the file (${e.code ?? e.message})`);
  });
  if (!info.isFile()) throw new InputError(path, "unreadable", "not a regular file");
  if (info.size > opts.maxBytes) {
    throw new InputError(path, "too_large", `file is ${mib(info.size)}, over the ${mib(opts.maxBytes)} limit for one report (option maxBytes / --max-bytes)`);
  }
  const bytes = await readFile(path);
  return extractDocument(path, bytes);
}

/** Any supported input in memory → its record. The format comes from the content, not the name. */
export async function extractDocument(path: string, bytes: Buffer): Promise<ReportRecord> {
  if (detectFormat(bytes) !== "pdf") return extractFromBytes(path, bytes);
  const t0 = performance.now();
  const sha256 = checkNotEmpty(path, bytes);
  let model: PageModel;
  try {
    model = await pdfToPageModel(bytes);
  } catch (e) {
    if (e instanceof PdfOpenError) throw new InputError(path, e.code === "empty" ? "empty" : e.code, e.message);
    if (e instanceof NoTextLayerError) throw new InputError(path, "needs_ocr", e.message);
    throw e;
  }
  const t1 = performance.now();
  const lines = positionedToLines(model.positioned ?? []);
  return recordFromLines(path, sha256, { ...model, lines }, performance.now() - t0, t1 - t0);
}

/** Text input in memory → its record (synchronous: text needs no I/O). */
export function extractFromBytes(path: string, bytes: Buffer): ReportRecord {
  const t0 = performance.now();
  const sha256 = checkNotEmpty(path, bytes);
  const foreign = foreignFormat(bytes);
  if (foreign) throw new InputError(path, "unsupported_format", `${foreign} input is not supported yet (text and PDF are); convert it to text first`);
  let model: PageModel;
  try {
    model = textToPageModel(bytes);
  } catch (e) {
    if (e instanceof TextDecodeError) throw new InputError(path, "binary", "binary content, not text (NUL or control bytes, or no valid UTF-8/GB18030)");
    throw e;
  }
  const t1 = performance.now() - t0;
  return recordFromLines(path, sha256, model, t1, t1);
}

/** The content hash, after refusing an empty (or whitespace-only) file. */
function checkNotEmpty(path: string, bytes: Buffer): string {
  const blank = bytes.length === 0 || (!bytes.subarray(0, 4).equals(PDF_MAGIC) && bytes.toString("utf8").trim() === "");
  if (blank) throw new InputError(path, "empty", "file is empty");
  return createHash("sha256").update(bytes).digest("hex");
}

/** Page model with lines → the record: metadata, sections, tables; throws for a text that is no report or is cut off. */
function recordFromLines(path: string, sha256: string, model: PageModel, ingestMs: number, readMs: number): ReportRecord {
  const t1 = performance.now();
  const template = TEMPLATES[0]!;
  const sections = findSections(model.lines, template);
  const meta = readMetadata(model.lines);
  const t2 = performance.now();
  const tables = extractTables(model.lines, sections);
  const t3 = performance.now();

  const found = Object.values(tables);
  if (found.length === 0) {
    const why = model.warnings?.length ? `; ${model.warnings.join("; ")}` : "";
    throw new InputError(path, "not_a_report", `no statistics table of a 政府信息公开工作年度报告 found (${sections.length} of 6 section headings)${why}`);
  }
  const lastTable = found[found.length - 1]!;
  const missing = lastTable.validated.cells.filter((c) => c.status === "missing").length;
  if (lastTable.endsDocument && missing > 0) {
    throw new InputError(
      path,
      "truncated",
      `the text ends inside table ${lastTable.validated.table.slice(1)} (${missing} of its ${lastTable.validated.cells.length} cells not found): the report looks cut off`,
    );
  }

  const cells: CellRecord[] = found.flatMap((t) => t.validated.cells);
  const tableTemplates = Object.fromEntries(found.map((t) => [t.validated.table, t.validated.template]));
  return {
    schema: RECORD_SCHEMA_ID,
    source: { path, sha256, kind: model.kind, pages: model.pages },
    report: {
      agency: meta.agency,
      year: meta.year,
      template: tableTemplates["t2"] ?? tableTemplates["t3"] ?? null,
      title: meta.title,
      tables: tableTemplates,
    },
    cells,
    checks: found.flatMap((t) => t.validated.checks),
    unmapped: found.flatMap((t) => t.unmapped),
    sections: sectionTexts(model.lines, sections),
    timings: { read: ms(readMs), layout: ms(ingestMs - readMs), match_meta: ms(t2 - t1), tables: ms(t3 - t2) },
    warnings: [...(model.warnings ?? []), ...found.flatMap((t) => t.warnings)],
    nianbao_version: VERSION,
  };
}

const PDF_MAGIC = Buffer.from("%PDF");

/** The reader a file's content calls for. */
export function detectFormat(b: Buffer): "pdf" | "text" | "other" {
  if (b.subarray(0, 1024).includes(PDF_MAGIC)) return "pdf";
  return foreignFormat(b) ? "other" : "text";
}

/** Magic numbers of formats other readers will handle (PDF, ZIP/DOCX, images). */
function foreignFormat(b: Buffer): string | null {
  const head = b.subarray(0, 8).toString("latin1");
  if (head.startsWith("%PDF")) return "PDF";
  if (head.startsWith("PK\x03\x04")) return "ZIP/DOCX";
  if (head.startsWith("\x89PNG")) return "PNG image";
  if (b[0] === 0xff && b[1] === 0xd8) return "JPEG image";
  if (head.startsWith("II*\x00") || head.startsWith("MM\x00*")) return "TIFF image";
  return null;
}

const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const ms = (x: number): number => Math.round(x * 100) / 100;
