/**
 * The report's year against the format of each table (TEMPLATES.md §7.7: 2019–2020 → the 2019
 * format, 2021+ → the 2021 format, ≤ 2018 → no national table). Real reports disagree (洪泽区 2023
 * keeps the 2019 single row （六）其他处理), so a disagreement is reported, not "fixed": the cells
 * whose keys only the chosen format has get `format_year_mismatch`, and the record a warning.
 * A table read by OCR, or not found, whose format is in doubt also gets the rows only the other
 * format of it has, as missing values (addOtherFormatRowsToOcrTables, otherFormatRows).
 */
import type { CellRecord, ValidatedCell } from "../model/index.js";
import { getTemplate, tableNumber, templateForYear, templateKeys, type Template } from "../templates/index.js";
import { unreadTable, type ValidatedTable } from "./index.js";

/** First year of the national formats; earlier reports had none (TEMPLATES.md §5). */
const FIRST_NATIONAL_YEAR = 2019;

/** Templates are loaded once and never change: each one's key set is built once (issue 14). */
const keySets = new WeakMap<Template, ReadonlySet<string>>();
function keySet(template: Template): ReadonlySet<string> {
  let keys = keySets.get(template);
  if (!keys) keySets.set(template, (keys = new Set(templateKeys(template))));
  return keys;
}

export function checkFormatYear(year: number | null, tables: Readonly<Record<string, string>>, cells: CellRecord[]): { cells: CellRecord[]; warnings: string[] } {
  if (year === null) return { cells, warnings: [] };
  const expected = templateForYear(year);
  if (expected === null && year >= FIRST_NATIONAL_YEAR) return { cells, warnings: [] };
  const expectedKeys = expected ? keySet(expected) : new Set<string>();
  const warnings: string[] = [];
  const odd = new Set<string>();
  for (const [table, templateId] of Object.entries(tables)) {
    if (expected?.id === templateId || !templateId.startsWith("gov-info-")) continue;
    const own = cells.filter((c) => c.table === table && !expectedKeys.has(c.key));
    if (own.length === 0) continue;
    own.forEach((c) => odd.add(c.key));
    const wants = expected ? `the ${expected.id} format` : "no national format (pre-2019)";
    warnings.push(`table ${table.slice(1)} is in the ${getTemplate(templateId).id} format, but a report for ${year} calls for ${wants}`);
  }
  if (odd.size === 0) return { cells, warnings };
  return { cells: cells.map((c) => (odd.has(c.key) ? { ...c, flags: [...c.flags, "format_year_mismatch"] } : c)), warnings };
}

/**
 * The rows of `table` that another format of it has and `cells` lack, value_missing: the formats of
 * the run's templates whose same table shares most of its rows (table 3 of 2019 and 2021: one row
 * （六）其他处理 against three). `own`: the cells only the format read has, beside that format.
 */
export function otherFormatRows({ table, template, cells }: ValidatedTable, templates: readonly Template[], reviewThreshold?: number): { format: string; own: ValidatedCell[]; lacking: ValidatedCell[] }[] {
  const out: { format: string; own: ValidatedCell[]; lacking: ValidatedCell[] }[] = [];
  const have = new Set(cells.map((c) => c.key));
  for (const other of templates) {
    const otherTable = other.tables.find((x) => x.id === table);
    if (other.id === template || !otherTable) continue;
    const theirs = unreadTable(otherTable, other.id, reviewThreshold).cells;
    const theirKeys = new Set(theirs.map((c) => c.key));
    const own = cells.filter((c) => !theirKeys.has(c.key));
    // Another format of the same table shares most of its rows; a table of other templates is no variant of it.
    if (own.length * 2 > cells.length) continue;
    const lacking = theirs.filter((c) => !have.has(c.key));
    if (lacking.length > 0) out.push({ format: other.id, own, lacking });
  }
  return out;
}

/**
 * A table read by OCR whose format is not sure: the rows only the other format has (2019: one row
 * （六）其他处理; 2021: its three rows) may have been lost to OCR, and their values then had no cell
 * at all. A harsh scan of the real 淮安市 2024 report garbled its three 2021 rows and the 2019 row was
 * taken (21 values). So the other format's own rows are added, value_missing, for review, when the
 * table was read in another format than its year's, or when none of the rows only its own format
 * has was read without doubt. Not for text: a report printed in the other format (洪泽区 prints table
 * 3 in the 2019 form each year) lacks them for real.
 */
export function addOtherFormatRowsToOcrTables(tables: readonly ValidatedTable[], byYear: Template | null, templates: readonly Template[], reviewThreshold?: number): string[] {
  const warnings: string[] = [];
  for (const t of tables) {
    const { table, template, cells } = t;
    if (!cells.some((c) => c.signals?.ocr !== undefined)) continue;
    for (const { format, own, lacking } of otherFormatRows(t, templates, reviewThreshold)) {
      const yearDiffers = byYear?.id === format;
      if (!yearDiffers && !(own.length > 0 && own.every((c) => c.needs_review))) continue;
      cells.push(...lacking);
      const rows = new Set(lacking.map((c) => c.row)).size;
      const why = yearDiffers ? `not in its year's ${format}` : "none of the rows only that format has read without doubt";
      warnings.push(`table ${tableNumber(table)} was read by OCR in the ${template} format, ${why}: the ${rows} row(s) only ${format} has may have been lost to OCR; their ${lacking.length} values are missing, for review`);
    }
  }
  return warnings;
}
