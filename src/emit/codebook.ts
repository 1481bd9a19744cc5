/**
 * keys.csv, the codebook of the data set: one row per key any template defines, with its table, row
 * and column keys, Chinese and English labels, unit, value type and the templates that have it. The
 * entries are built from the template data (src/pipeline/codebook.ts); this module only serializes.
 */
import { LIST_SEPARATOR, type CsvRow } from "./csv.js";

export interface CodebookEntry {
  key: string;
  table: string;
  row: string;
  /** Empty for pre-2019 indicators (one value per indicator). */
  column: string;
  label_zh: string;
  label_en: string;
  /** 万元, 件, 人 …; `count` for unitless counts; empty where the template states no unit. */
  unit: string;
  /** count (integer ≥ 0), signed_count (integer), amount (decimal). */
  kind: string;
  templates: string[];
}

export const KEYS_COLUMNS = ["key", "table", "row", "column", "label_zh", "label_en", "unit", "kind", "templates"] as const;

export function codebookRow(e: CodebookEntry): CsvRow {
  return [e.key, e.table, e.row, e.column, e.label_zh, e.label_en, e.unit, e.kind, e.templates.join(LIST_SEPARATOR)];
}
