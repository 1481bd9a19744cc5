/**
 * datapackage.json: a Frictionless Data Package (tabular-data-package profile, v1 specs) describing
 * every CSV of an output folder — fields, types, descriptions, keys — so that R (frictionless),
 * pandas, Excel Power Query and data portals load the data set typed. The field lists here are the
 * CSV headers themselves (a test checks each CSV against its schema).
 */
import { CellStatus, SourceKindSchema } from "../model/index.js";
import { CELLS_COLUMNS } from "./cells-csv.js";
import type { CodebookEntry } from "./codebook.js";
import { KEYS_COLUMNS } from "./codebook.js";
import { FAILURES_COLUMNS } from "./failures.js";
import { PANEL_FIXED_COLUMNS } from "./panel.js";
import { REPORTS_COLUMNS } from "./reports-csv.js";
import { REVIEW_COLUMNS } from "./review-queue.js";

export type FieldType = "string" | "integer" | "number" | "boolean" | "datetime";

export interface Field {
  name: string;
  type: FieldType;
  description: string;
  title?: string;
  constraints?: { required?: boolean; minimum?: number; maximum?: number; enum?: string[] };
}

export interface TableSchema {
  fields: Field[];
  missingValues: string[];
  primaryKey?: string[];
  foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[];
}

export interface Resource {
  name: string;
  path: string;
  profile: "tabular-data-resource";
  title: string;
  description: string;
  format: "csv";
  mediatype: "text/csv";
  encoding: "utf-8";
  dialect: { delimiter: string; lineTerminator: string; quoteChar: string; doubleQuote: boolean; header: boolean };
  schema: TableSchema;
}

export interface DataPackage {
  profile: "tabular-data-package";
  name: string;
  title: string;
  description: string;
  created: string;
  version: string;
  resources: Resource[];
}

type Spec = [type: FieldType, description: string, constraints?: Field["constraints"]];
const req = { required: true };
const list = (what: string): string => `${what}, separated by |`;
const SEP = "Empty means none.";

/** Descriptions shared by the columns of the same name in several files. */
const COMMON: Record<string, Spec> = {
  document: ["string", "Record id: reports/<document>.json; reports.csv column id.", req],
  agency: ["string", "Agency as printed in the report (null when not found)."],
  agency_normalized: ["string", "Agency normalized across the output folder (spelling and omitted parent regions), the same name as in panel.csv: one agency, one series."],
  year: ["integer", "Report year (the year reported on, not the year published)."],
  template: ["string", "Report template: gov-info-2021, gov-info-2019 or gov-info-legacy (pre-2019)."],
  key: ["string", "Stable key <table>.<row>.<column>, described in keys.csv.", req],
  table: ["string", "Table: t2 (proactive disclosure), t3 (requests), t4 (reconsideration and litigation), legacy."],
  row: ["string", "Row key within the table."],
  column: ["string", "Column key within the table (empty for pre-2019 indicators)."],
  label_zh: ["string", "Chinese label: row｜column as in the template."],
  value: ["number", "The value (reviewers' corrections applied); empty when missing."],
  raw: ["string", "The text as printed (before repair)."],
  confidence: ["number", "Confidence 0..1 (docs/outputs.md).", { minimum: 0, maximum: 1 }],
  status: ["string", "How the value was obtained.", { enum: [...CellStatus.options] }],
  flags: ["string", `${list("Flag codes (docs/outputs.md, flag list)")}. ${SEP}`],
  needs_review: ["boolean", "The value should be checked by a reviewer."],
  source_path: ["string", "The input file."],
  path: ["string", "The input file."],
  sha256: ["string", "SHA-256 of the input's bytes."],
  page: ["integer", "Page of the value in the input (1-based; 0 when unknown)."],
  line: ["integer", "Line of the value on its page."],
};

const CELLS: Record<string, Spec> = {};

const REPORTS: Record<string, Spec> = {
  id: ["string", "Record id: reports/<id>.json.", req],
  kind: ["string", "Input kind.", { enum: [...SourceKindSchema.options] }],
  pages: ["integer", "Pages of the input.", { minimum: 0 }],
  title: ["string", "Report title as printed."],
  tables: ["string", list("Template of each table, table=template")],
  cells: ["integer", "Values in the record.", { minimum: 0 }],
  read: ["integer", "Values read as printed.", { minimum: 0 }],
  inferred: ["integer", "Values inferred from a rule.", { minimum: 0 }],
  repaired: ["integer", "Values repaired against a rule.", { minimum: 0 }],
  missing: ["integer", "Values not found.", { minimum: 0 }],
  corrected: ["integer", "Values corrected by a reviewer.", { minimum: 0 }],
  needs_review: ["integer", "Values to review.", { minimum: 0 }],
  checks: ["integer", "Arithmetic rules checked.", { minimum: 0 }],
  checks_failed: ["integer", "Rules that do not hold.", { minimum: 0 }],
  failed_rules: ["string", `${list("Ids of the rules that do not hold")}. ${SEP}`],
  confidence: ["number", "Document confidence: 10th percentile of its values' confidence.", { minimum: 0, maximum: 1 }],
  min_confidence: ["number", "Lowest confidence of a value.", { minimum: 0, maximum: 1 }],
  warnings: ["string", `${list("Warnings about the document")}. ${SEP}`],
  status: ["string", "complete, or partial when the text ended inside a table.", { enum: ["complete", "partial"] }],
};

const REVIEW: Record<string, Spec> = {
  failed_checks: ["string", list("Failed rules containing the value, with expected and actual sums")],
  check_messages: ["string", list("The failed rules in Chinese")],
};

const PANEL: Record<string, Spec> = {
  agency: ["string", "Agency, normalized (one row per agency and year).", req],
  year: ["integer", "Report year.", req],
  document: ["string", "Record id the values come from.", req],
  documents: ["string", list("Every record of this agency and year")],
  agency_names: ["string", list("The agency names as printed")],
  year_source: ["string", "Where the year was read: title, text or file."],
  flags: ["string", `${list("Panel flags: year_conflict, agency_year_duplicate, partial, cross-year flags")}. ${SEP}`],
};

const KEYS: Record<string, Spec> = {
  key: ["string", "Stable key <table>.<row>.<column>.", req],
  table: ["string", "Table key.", req],
  row: ["string", "Row key.", req],
  column: ["string", "Column key (empty for pre-2019 indicators)."],
  label_zh: ["string", "Chinese label: row｜column.", req],
  label_en: ["string", "English label: row | column.", req],
  unit: ["string", "Unit: count, 万元 (10,000 yuan), 件, 条, 人 …; empty where the template states none."],
  kind: ["string", "Value type: count (integer ≥ 0), signed_count (integer), amount (decimal).", { enum: ["count", "signed_count", "amount"] }],
  templates: ["string", list("Templates that have the key")],
};

const FAILURES: Record<string, Spec> = {
  path: ["string", "The input file.", req],
  sha256: ["string", "SHA-256 of the input (empty when it could not be read)."],
  status: ["string", "failed (could not be read) or skipped (refused: not a report).", { enum: ["failed", "skipped"] }],
  code: ["string", "Error code (docs/data-set.md, failure codes).", req],
  message: ["string", "What went wrong, naming the file.", req],
  at: ["datetime", "When the input was processed (ISO 8601, UTC)."],
};

/**
 * COMMON with the run's tables and templates named in the `table` and `template` columns'
 * descriptions (without them, the built-in ones as written above).
 */
function commonSpecs(input: DataPackageInput): Record<string, Spec> {
  const out = { ...COMMON };
  if (input.templates && input.templates.length > 0) {
    const ids = input.templates;
    const named = ids.length === 1 ? ids[0]! : `${ids.slice(0, -1).join(", ")}, ${ids[ids.length - 1]!}`;
    out["template"] = ["string", `Report template: ${named} or gov-info-legacy (pre-2019).`];
  }
  if (input.tables && input.tables.length > 0) {
    out["table"] = ["string", `Table: ${input.tables.map((t) => `${t.id} (${t.title})`).join(", ")}, legacy.`];
  }
  return out;
}

function fields(columns: readonly string[], own: Record<string, Spec>, file: string, common: Record<string, Spec> = COMMON): Field[] {
  return columns.map((name) => {
    const spec = own[name] ?? common[name];
    if (!spec) throw new Error(`datapackage: no description for column ${name} of ${file}`);
    const [type, description, constraints] = spec;
    return { name, type, description, ...(constraints ? { constraints } : {}) };
  });
}

/** The panel's key columns, described from the codebook. */
function keyFields(keys: readonly string[], codebook: readonly CodebookEntry[]): Field[] {
  const byKey = new Map(codebook.map((e) => [e.key, e]));
  return keys.map((key) => {
    const e = byKey.get(key);
    const unit = e?.unit && e.unit !== "count" ? ` (${e.unit})` : "";
    return {
      name: key,
      type: "number" as const,
      title: e ? e.label_zh : key,
      description: e ? `${e.label_en}${unit}; ${e.label_zh}. Templates: ${e.templates.join(", ")}.` : `Value of ${key}.`,
    };
  });
}

const DIALECT = { delimiter: ",", lineTerminator: "\r\n", quoteChar: '"', doubleQuote: true, header: true };

function resource(name: string, path: string, title: string, description: string, schema: Omit<TableSchema, "missingValues">): Resource {
  return {
    name,
    path,
    profile: "tabular-data-resource",
    title,
    description: `${description} UTF-8 with a byte-order mark (for Excel), CRLF line ends.`,
    format: "csv",
    mediatype: "text/csv",
    encoding: "utf-8",
    dialect: DIALECT,
    schema: { ...schema, missingValues: [""] },
  };
}

export interface DataPackageInput {
  panelKeys: readonly string[];
  codebook: readonly CodebookEntry[];
  version: string;
  /** ISO 8601; default now. */
  created?: string;
  /** The run's templates (ids, in order) and tables (id, English title), named in the columns' descriptions. */
  templates?: readonly string[];
  tables?: readonly { id: string; title: string }[];
}

export function dataPackage(input: DataPackageInput): DataPackage {
  const common = commonSpecs(input);
  return {
    profile: "tabular-data-package",
    name: "nianbao-output",
    title: "政府信息公开工作年度报告 statistics, digitized by nianbao",
    description:
      "Values of the statistics tables of government information-disclosure annual reports, with provenance, confidence and flags. " +
      "cells.csv is the long form (one row per value), panel.csv the wide form (one row per agency and year), keys.csv the codebook. " +
      "Documentation: docs/data-set.md in the nianbao repository.",
    created: input.created ?? new Date().toISOString(),
    version: input.version,
    resources: [
      resource("cells", "cells.csv", "Values (long form)", "One row per value of every report.", {
        fields: fields(CELLS_COLUMNS, CELLS, "cells.csv", common),
        foreignKeys: [
          { fields: ["key"], reference: { resource: "keys", fields: ["key"] } },
          { fields: ["document"], reference: { resource: "reports", fields: ["id"] } },
        ],
      }),
      resource("reports", "reports.csv", "Documents", "One row per report read: metadata, counts, failed rules, confidence.", {
        fields: fields(REPORTS_COLUMNS, REPORTS, "reports.csv", common),
        primaryKey: ["id"],
      }),
      resource("review-queue", "review-queue.csv", "Review queue", "The values flagged for review, least confident first.", {
        fields: fields(REVIEW_COLUMNS, REVIEW, "review-queue.csv", common),
      }),
      resource("panel", "panel.csv", "Panel (wide form)", "One row per agency and year, one column per key (every key of every template; empty where the report's template lacks it).", {
        fields: [...fields(PANEL_FIXED_COLUMNS, PANEL, "panel.csv", common), ...keyFields(input.panelKeys, input.codebook)],
        primaryKey: ["agency", "year"],
      }),
      resource("keys", "keys.csv", "Codebook", "Every key of every template: labels in Chinese and English, unit, value type, templates.", {
        fields: fields(KEYS_COLUMNS, KEYS, "keys.csv", common),
        primaryKey: ["key"],
      }),
      resource("failures", "failures.csv", "Inputs not read", "Every input that was not read (failed, or refused as not a report), from manifest.jsonl.", {
        fields: fields(FAILURES_COLUMNS, FAILURES, "failures.csv", common),
      }),
    ],
  };
}

