/** The templates, checked against their schema once when this module loads. */
import { GOV_INFO_2019 } from "./gov-info-2019.js";
import { GOV_INFO_2021 } from "./gov-info-2021.js";
import { templateSet } from "./load.js";
import { TemplateSchema, type Template, type TemplateTable, type ValueKind } from "./schema.js";

export * from "./schema.js";
export { TemplateError, isTemplateFile, loadTemplateFile, parseTemplateFile } from "./load.js";
export { MAX_PLAUSIBLE_VALUE, valueProblem, type ValueProblem } from "./value-kinds.js";
export { GOV_INFO_LEGACY, LegacyIndicatorSchema, LegacyTemplateSchema, type LegacyIndicator, type LegacyTemplate } from "./legacy.js";
export { COLUMN_LABELS_EN, LEGACY_LABELS_EN, ROW_LABELS_EN } from "./labels-en.js";

function load(data: unknown, name: string): Template {
  const parsed = TemplateSchema.safeParse(data);
  if (!parsed.success) throw new Error(`template ${name} is invalid: ${parsed.error.message}`);
  return parsed.data;
}

export const TEMPLATES: readonly Template[] = [load(GOV_INFO_2021, "gov-info-2021"), load(GOV_INFO_2019, "gov-info-2019")];

/** The built-in templates' ids: what a run reads with unless its pipeline lists others (option `templates`). */
export const DEFAULT_TEMPLATE_IDS: readonly string[] = TEMPLATES.map((t) => t.id);

/** Each list of templates loaded once per process (a document thread reads many documents with the same list). */
const sets = new Map<string, readonly Template[]>();

/** The templates a `templates` option names (built-in ids and JSON files), loaded and checked; throws TemplateError. */
export function resolveTemplates(entries: readonly string[] = DEFAULT_TEMPLATE_IDS): readonly Template[] {
  const key = entries.join("\n");
  let set = sets.get(key);
  if (!set) sets.set(key, (set = key === DEFAULT_TEMPLATE_IDS.join("\n") ? TEMPLATES : templateSet(entries, TEMPLATES)));
  return set;
}

export function getTemplate(id: string): Template {
  const t = TEMPLATES.find((x) => x.id === id);
  if (!t) throw new Error(`unknown template "${id}"; known: ${TEMPLATES.map((x) => x.id).join(", ")}`);
  return t;
}

export function getTable(templateId: string, tableId: string): TemplateTable {
  const table = getTemplate(templateId).tables.find((t) => t.id === tableId);
  if (!table) throw new Error(`template ${templateId} has no table ${tableId}`);
  return table;
}

/** A table's number as warnings print it: t4 → "4"; any other id as it is. */
export function tableNumber(id: string): string {
  return /^t(\d+)$/.exec(id)?.[1] ?? id;
}

/** A table as warnings name it: t4 → "table 4". */
export const tableName = (id: string): string => `table ${tableNumber(id)}`;

/** Every key a template defines, in template order: `<table>.<row>.<column>`. */
export function templateKeys(template: Template): string[] {
  const keys: string[] = [];
  for (const table of template.tables) {
    for (const row of table.rows) {
      for (const col of row.columns ?? table.columns.map((c) => c.key)) keys.push(`${table.id}.${row.key}.${col}`);
    }
  }
  return keys;
}

/** The template a report year calls for (TEMPLATES.md §7.7): 2019–2020 → 2019 format, 2021+ → 2021 format. */
export function templateForYear(year: number | null): Template | null {
  if (year === null) return null;
  return TEMPLATES.find((t) => year >= t.years.from && (t.years.to === null || year <= t.years.to)) ?? null;
}

/** The kind of value a key holds (`count` when no template knows the key's column). */
export function valueKindOf(key: string): ValueKind {
  const [tableId, ...rest] = key.split(".");
  const column = rest[rest.length - 1];
  for (const t of TEMPLATES) {
    const kind = t.tables.find((x) => x.id === tableId)?.columns.find((c) => c.key === column)?.kind;
    if (kind) return kind;
  }
  return "count";
}
