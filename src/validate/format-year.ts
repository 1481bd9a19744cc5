/**
 * The report's year against the format of each table (TEMPLATES.md §7.7: 2019–2020 → the 2019
 * format, 2021+ → the 2021 format, ≤ 2018 → no national table). Real reports disagree (洪泽区 2023
 * keeps the 2019 single row （六）其他处理), so a disagreement is reported, not "fixed": the cells
 * whose keys only the chosen format has get `format_year_mismatch`, and the record a warning.
 */
import type { CellRecord } from "../model/index.js";
import { getTemplate, templateForYear, templateKeys, type Template } from "../templates/index.js";

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
