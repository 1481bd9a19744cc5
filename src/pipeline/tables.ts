/**
 * The table stages for one document: section regions → items → match → validate, per table, each
 * table choosing its own template variant (real reports mix them). Which tables there are, where
 * each is printed and how it is read come from the templates (section, layout).
 */
import { linesToItems, type LayoutHints } from "../layout/items.js";
import type { MatchedTable, PageLine, TableHints } from "../model/index.js";
import { GIVES_HINTS, MATCHERS } from "../match/matchers.js";
import type { NarrativeSentence } from "../match/narrative.js";
import { sectionRange, type SectionHit } from "../match/regions.js";
import { TEMPLATES, type Template, type TemplateTable } from "../templates/index.js";
import { validateTable, type ValidatedTable } from "../validate/index.js";
import { addThreadStage } from "./profile.js";

export interface TableResult {
  validated: ValidatedTable;
  unmapped: { text: string; page: number; line: number }[];
  warnings: string[];
  /** The table's section ran to the end of the text. */
  endsDocument: boolean;
}

/** Lines of a table's region read at most (4 × the longest table seen, a raw text conversion). */
const MAX_TABLE_LINES = 2000;

/** Each table id of the templates, in order of first appearance, with its variants (one per template that has it). */
export function tableVariants(templates: readonly Template[]): { id: string; variants: { template: string; table: TemplateTable }[] }[] {
  const out = new Map<string, { template: string; table: TemplateTable }[]>();
  for (const t of templates) for (const table of t.tables) out.set(table.id, [...(out.get(table.id) ?? []), { template: t.id, table }]);
  return [...out].map(([id, variants]) => ({ id, variants }));
}

export interface TableSettings {
  layout?: LayoutHints;
  /** The report's sentences, evidence where run-on digits split several ways. */
  narrative?: readonly NarrativeSentence[];
  /** The template the report's year calls for: a tie-break where a table's labels do not choose. */
  preferTemplate?: string | undefined;
  /** Default the built-in templates. */
  templates?: readonly Template[];
  /** Below this confidence a value needs review (pipeline option review.threshold; default validate's). */
  reviewThreshold?: number | undefined;
  /** Row labels found with a lower score are not taken (pipeline option match.labelCutoff; default match's). */
  labelCutoff?: number | undefined;
}

export function extractTables(lines: readonly PageLine[], sections: readonly SectionHit[], settings: TableSettings = {}): Record<string, TableResult> {
  const { layout = {}, narrative = [], preferTemplate, templates = TEMPLATES, reviewThreshold, labelCutoff } = settings;
  const tables = tableVariants(templates);
  // Layouts that tell how the document prints first (the grid of table 3); the first of them found
  // gives its hints to the others.
  const order = [...tables.filter((t) => GIVES_HINTS[t.variants[0]!.table.layout]), ...tables.filter((t) => !GIVES_HINTS[t.variants[0]!.table.layout])];
  let hints: TableHints | undefined;
  const matchedById = new Map<string, { matched: MatchedTable; range: [number, number]; table: TemplateTable }>();
  for (const { id, variants } of order) {
    const first = variants[0]!.table;
    const range = sectionRange(sections, first.section, lines.length);
    if (!range) continue;
    // A table's section runs to the next section heading, or to the end of the text when none
    // follows (an annex of hundreds of pages after table 3): the table itself is never longer than
    // MAX_TABLE_LINES lines, even as raw text with one cell per line (about 450 lines seen).
    const region = lines.slice(range[0], range[1]).filter((l) => !isProse(l.text)).slice(0, MAX_TABLE_LINES);
    const items = linesToItems(region, layout);
    const matched = MATCHERS[first.layout](items, { variants, hints: hints ?? {}, narrative, preferTemplate, labelCutoff });
    if (GIVES_HINTS[first.layout] && hints === undefined) hints = matched.hints ?? {};
    matchedById.set(id, { matched, range, table: variants.find((v) => v.template === matched.template)!.table });
  }
  const out: Record<string, TableResult> = {};
  for (const { id } of tables) {
    const found = matchedById.get(id);
    if (!found) continue;
    const { matched, range, table } = found;
    if (matched.units.length === 0) continue;
    const t0 = performance.now();
    const validated = validateTable(matched, table, reviewThreshold, hints);
    addThreadStage("validation", performance.now() - t0);
    out[id] = {
      validated,
      unmapped: matched.unmapped,
      warnings: matched.warnings,
      endsDocument: range[1] === lines.length,
    };
  }
  return out;
}

/** A sentence of prose (a lead-in such as 该部分以表格形式报告。) rather than a table line. */
function isProse(text: string): boolean {
  // Trimmed only when it could matter: trimming never lengthens a line nor drops a 。 or ；.
  if (text.length <= 24 || !/[。；]/.test(text)) return false;
  return text.trim().length > 24;
}
