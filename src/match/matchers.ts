/**
 * One matcher per table layout (templates/schema.ts TableLayout), by name: a template table names
 * its layout, and pipeline/tables.ts calls the matcher registered for it. A new layout is a new
 * entry here; a new table of a known layout is data only.
 */
import type { Item, MatchedTable, TableHints } from "../model/index.js";
import type { TableLayout, TemplateTable } from "../templates/index.js";
import type { NarrativeSentence } from "./narrative.js";
import { matchTable2 } from "./table2.js";
import { matchTable3 } from "./table3.js";
import { matchTable4 } from "./table4.js";

export interface MatchContext {
  /** The table as each template that has it defines it (2021, 2019 …), in template order; at least one. */
  variants: readonly { template: string; table: TemplateTable }[];
  /** What the grid table matched first showed about how the document prints. */
  hints: TableHints;
  /** The report's sentences, where run-on text splits digits no rule can (blocks; grid and single_row: ProseFigure). */
  narrative: readonly NarrativeSentence[];
  /** The template the report's year calls for: a tie-break where a table's labels do not choose (grid). */
  preferTemplate?: string | undefined;
  /** Row labels found with a lower score are not taken (pipeline option match.labelCutoff; default DEFAULT_LABEL_CUTOFF). */
  labelCutoff?: number | undefined;
}

export type TableMatcher = (items: readonly Item[], ctx: MatchContext) => MatchedTable;

export const MATCHERS: Readonly<Record<TableLayout, TableMatcher>> = {
  /** Labelled rows × columns; the variant chosen from the labels found. */
  grid: (items, ctx) => matchTable3(items, ctx.variants, ctx.preferTemplate, ctx.labelCutoff, ctx.narrative),
  /** Blocks under captions; the variant chosen from the header words (signature). */
  blocks: (items, ctx) => matchTable2(items, ctx.variants, ctx.narrative, ctx.hints, ctx.labelCutoff),
  /** One row under a header, identical in every variant: the first template's. */
  single_row: (items, ctx) => matchTable4(items, ctx.variants[0]!.template, ctx.variants[0]!.table, ctx.hints, ctx.narrative),
};

/**
 * Layouts whose matcher tells how the document prints (TableHints): they are matched before the
 * others, since zeros printed blank show in a grid's many rows and the smaller tables cannot tell.
 */
export const GIVES_HINTS: Readonly<Record<TableLayout, boolean>> = { grid: true, blocks: false, single_row: false };
