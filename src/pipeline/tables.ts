/**
 * The table stages for one document: section regions → items → match → validate, per table, each
 * table choosing its own template variant (real reports mix them).
 */
import { linesToItems, type LayoutHints } from "../layout/items.js";
import type { MatchedTable, PageLine, TableHints } from "../model/index.js";
import { matchTable2 } from "../match/table2.js";
import type { NarrativeSentence } from "../match/narrative.js";
import { matchTable3 } from "../match/table3.js";
import { matchTable4 } from "../match/table4.js";
import { sectionRange, type SectionHit } from "../match/regions.js";
import { TEMPLATES, type TemplateTable } from "../templates/index.js";
import { validateTable, type ValidatedTable } from "../validate/index.js";
import { addThreadStage } from "./profile.js";

const TABLE_SECTIONS = { t2: "proactive", t3: "requests", t4: "review_litigation" } as const;

export interface TableResult {
  validated: ValidatedTable;
  unmapped: { text: string; page: number; line: number }[];
  warnings: string[];
  /** The table's section ran to the end of the text. */
  endsDocument: boolean;
}

/** Lines of a table's region read at most (4 × the longest table seen, a raw text conversion). */
const MAX_TABLE_LINES = 2000;

export function extractTables(
  lines: readonly PageLine[],
  sections: readonly SectionHit[],
  layout: LayoutHints = {},
  narrative: readonly NarrativeSentence[] = [],
  /** The template the report's year calls for: a tie-break where a table's labels do not choose. */
  preferTemplate?: string,
  /** Below this confidence a value needs review (pipeline option review.threshold; default validate's). */
  reviewThreshold?: number,
): Partial<Record<"t2" | "t3" | "t4", TableResult>> {
  const out: Partial<Record<"t2" | "t3" | "t4", TableResult>> = {};
  // Table 3 first: whether run-on text prints zeros blank shows in its many rows, and tells the
  // smaller tables how to read theirs.
  let hints: TableHints = {};
  const matchedById = new Map<"t2" | "t3" | "t4", { matched: MatchedTable; range: [number, number]; table: TemplateTable }>();
  for (const id of ["t3", "t2", "t4"] as const) {
    const range = sectionRange(sections, TABLE_SECTIONS[id], lines.length);
    if (!range) continue;
    // A table's section runs to the next section heading, or to the end of the text when none
    // follows (an annex of hundreds of pages after table 3): the table itself is never longer than
    // MAX_TABLE_LINES lines, even as raw text with one cell per line (about 450 lines seen).
    const region = lines.slice(range[0], range[1]).filter((l) => !isProse(l.text)).slice(0, MAX_TABLE_LINES);
    const items = linesToItems(region, layout);
    const variants = TEMPLATES.map((t) => ({ template: t.id, table: t.tables.find((x) => x.id === id) as TemplateTable }));
    const matched: MatchedTable =
      id === "t2"
        ? matchTable2(items, variants, narrative, hints)
        : id === "t3"
          ? matchTable3(items, variants, preferTemplate)
          : matchTable4(items, variants[0]!.template, variants[0]!.table, hints);
    if (id === "t3") hints = matched.hints ?? {};
    matchedById.set(id, { matched, range, table: variants.find((v) => v.template === matched.template)!.table });
  }
  for (const id of ["t2", "t3", "t4"] as const) {
    const found = matchedById.get(id);
    if (!found) continue;
    const { matched, range, table } = found;
    if (matched.units.length === 0) continue;
    const t0 = performance.now();
    const validated = validateTable(matched, table, reviewThreshold);
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
  const t = text.trim();
  return /[。；]/.test(t) && t.length > 24;
}
