/**
 * The codebook (keys.csv) from the template data: every key of the run's templates (the 2021 and
 * 2019 ones unless a pipeline lists others; a key several have is one entry listing them all) and
 * every pre-2019 indicator with its 历年累计 companion.
 */
import type { CodebookEntry } from "../emit/index.js";
import { COLUMN_LABELS_EN, LEGACY_LABELS_EN, ROW_LABELS_EN } from "../templates/index.js";
import { GOV_INFO_LEGACY } from "../templates/index.js";
import { TEMPLATES, type Template } from "../templates/index.js";

const UNITLESS = "count";

export function buildCodebook(templates: readonly Template[] = TEMPLATES): CodebookEntry[] {
  const byKey = new Map<string, CodebookEntry>();
  for (const template of templates) {
    for (const table of template.tables) {
      const columns = new Map(table.columns.map((c) => [c.key, c]));
      for (const row of table.rows) {
        for (const colKey of row.columns ?? table.columns.map((c) => c.key)) {
          const key = `${table.id}.${row.key}.${colKey}`;
          const known = byKey.get(key);
          if (known) {
            known.templates.push(template.id);
            continue;
          }
          const col = columns.get(colKey);
          const rowEn = ROW_LABELS_EN[table.id]?.[row.key] ?? row.key;
          const colEn = COLUMN_LABELS_EN[table.id]?.[colKey] ?? colKey;
          byKey.set(key, {
            key,
            table: table.id,
            row: row.key,
            column: colKey,
            label_zh: `${row.label_zh}｜${col?.label_zh ?? colKey}`,
            label_en: `${rowEn} | ${colEn}`,
            // TEMPLATES.md: counts carry no unit; 本年收费金额 is 万元; 采购总金额 states none.
            unit: col?.unit ?? (col?.kind === "amount" ? "" : UNITLESS),
            kind: col?.kind ?? "count",
            templates: [template.id],
          });
        }
      }
    }
  }
  const legacy: CodebookEntry[] = GOV_INFO_LEGACY.indicators.flatMap((ind) => {
    const [family, indicator] = ind.key.split(".") as [string, string];
    const en = LEGACY_LABELS_EN[ind.key] ?? ind.key;
    const kind = ind.unit === "万元" ? "amount" : "count";
    const base = { table: "legacy", row: family, unit: ind.unit, kind, templates: [GOV_INFO_LEGACY.id] };
    return [
      { ...base, key: `legacy.${ind.key}`, column: indicator, label_zh: ind.label_zh, label_en: en },
      { ...base, key: `legacy.${ind.key}_cumulative`, column: `${indicator}_cumulative`, label_zh: `${ind.label_zh}（历年累计）`, label_en: `${en} (cumulative, all years)` },
    ];
  });
  return [...byKey.values(), ...legacy];
}
