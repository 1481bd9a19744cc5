/**
 * Table 4 (复议诉讼): one data row of 15 numbers under a three-level header whose words come out
 * interleaved in any order, so the numbers are taken in reading order and placed by the template's
 * column order; a lost number gives one alternative per position, settled by the group totals.
 */
import type { CellMatrix, CellReading, FlagCode, Item, MatchedTable, MatchedUnit, TableHints } from "../model/index.js";
import { tableName, type TemplateTable } from "../templates/index.js";
import { headerAnchors, type ColumnAnchors } from "./positions.js";
import { blankPlacements, rowAlternatives, type RowShape } from "./row-alternatives.js";
import { itemsToRuns, readingOf, type ValueItem } from "./runs.js";
import { flatShape, rowShape } from "./shape.js";
import { blankRow } from "./table3.js";
import { tableText } from "./label-hits.js";
import { anyOf } from "./normalize.js";
import { settleByProse, type NarrativeSentence } from "./narrative.js";

export function matchTable4(items: readonly Item[], template: string, table: TemplateTable, hints: TableHints = {}, narrative: readonly NarrativeSentence[] = []): MatchedTable {
  const columns = table.columns.map((c) => c.key);
  const rows = table.rows.map((r) => r.key);
  const width = columns.length * rows.length;
  const runs = itemsToRuns(items).map((r) => r.items);
  const values: ValueItem[] = runs.flat();
  const warnings: string[] = [];
  const unmapped: MatchedTable["unmapped"] = [];
  if (values.length === 0) {
    // The header printed with no numbers under it: blank cells. No header either: no table.
    const tt = tableText(items);
    const at = anyOf(table.header_words)?.exec(tt.text);
    const header = at ? items[tt.itemOf[at.index]!]! : null;
    if (!header) return { table: table.id, template, units: [], labels: {}, unmapped, warnings: [] };
    const blank = rows.map(() => blankRow(columns.length, header));
    // Reading-order text of a table 3 printed with blank zeros and its labels apart from its
    // numbers: pdftotext may print this table's numbers elsewhere (inside table 3, before this
    // table's heading), so blank is a guess there.
    const flags: FlagCode[] = hints.blanksApart ? ["ambiguous"] : [];
    return { table: table.id, template, units: [{ rows, columns: rows.map(() => columns), alternatives: [blank], flags }], labels: {}, unmapped, warnings: [`${tableName(table.id)}: no numbers under the header; read as blank`] };
  }
  const shape = { ...flatShape(rowShape(table, columns), rows.length), blanksTraceless: hints.blanksTraceless, zerosBlank: hints.zerosBlank, sumsUnreliable: hints.sumsUnreliable, totalsPrintedZero: hints.totalsPrintedZero };
  let printed = values;
  let flags: FlagCode[] = [];
  // Extra numbers (a second data row, a stray figure, OCR's noise from the header): the full rows
  // among them, as alternatives; the rest reported.
  const rowsAmongExtra = values.length > width ? fullRows(values, width, shape, hints) : null;
  if (rowsAmongExtra) {
    printed = rowsAmongExtra.rows[0]!;
    flags = rowsAmongExtra.flags;
    for (const v of values) if (!printed.includes(v)) unmapped.push({ text: v.raw, page: v.page, line: v.line });
    warnings.push(`${tableName(table.id)}: ${values.length} numbers where ${width} were expected; the extra ones are in unmapped`);
  }
  // Reading-order text of a document that prints zeros blank: a number a line, no positions.
  // Every placement whose group totals hold, ranked by where each number comes among the header's
  // words; all for review (a number may have strayed out of the table: its 总计 printed after the next heading).
  const oneALine = new Set(printed.map((v) => `${v.page}:${v.line}`)).size === printed.length;
  const byHeaderOrder = hints.blanksApart && oneALine && printed.length < width && printed.every((v) => v.kind === "num" && !v.glued)
    ? blankPlacements(printed, shape, undefined, headerOrderCost(items, printed, table))
    : [];
  if (byHeaderOrder.length > 0) flags = ["ambiguous"];
  let flat = rowsAmongExtra
    ? rowsAmongExtra.rows.map((row) => row.map((v) => readingOf(v)))
    : byHeaderOrder.length > 0
      ? byHeaderOrder
      : printed.length === width
        ? [printed.map((v) => readingOf(v))]
        : rowAlternatives(printed, shape, positionAnchors(items, width, table.header_noise));
  if (flat.length === 0) {
    // Every placement of the printed numbers broke a group's total: keep them in printed order,
    // unplaced cells unknown, all for review.
    flat = [Array.from({ length: width }, (_, i) => (i < printed.length ? readingOf(printed[i]!, ["ambiguous"]) : readingOf(lostItem(printed[0]!))))];
  }
  if (!rowsAmongExtra && printed.length === width && !holds(flat[0]!, shape)) {
    // Header words interleaved with the numbers can print the runs out of order (pdftotext's
    // reading order puts 复议 总计 after the 复议后起诉 parts): try the runs in other orders.
    const reordered = runOrders(runs).filter((o) => holds(o.cells, shape));
    // Of the orders that satisfy the rules, keep those closest to the printed one.
    const fewest = Math.min(...reordered.map((o) => o.inversions));
    if (reordered.length > 0) {
      flat = reordered.filter((o) => o.inversions === fewest).map((o) => o.cells);
      flags = ["reading_order_rebuilt"];
    }
  }
  const alternatives: CellMatrix[] = flat.map((cells) => rows.map((_, r) => cells.slice(r * columns.length, (r + 1) * columns.length)));
  const units: MatchedUnit[] = [{ rows, columns: rows.map(() => columns), alternatives, flags }];
  // A figure the prose states for a 总计 says nothing where the document prints its totals wrong (0).
  if (!hints.sumsUnreliable) for (const figure of table.prose) settleByProse(units, figure, narrative);
  return {
    table: table.id,
    template,
    units,
    labels: {},
    unmapped,
    warnings,
  };
}

/**
 * A cost of placing reading-order numbers in given columns, from the header's words before each.
 * pdftotext without -layout sets table 4's header in column blocks and each number of the row
 * after the words of the column above it, or of one near it: so a number likely stands under the
 * last column word before it (结果维持 … 总计, counted over the three groups), and under a column
 * of that word's kind (in 300 generated blank-zero PDFs: 84 % of the cells against 65 % for the
 * leftmost placement the totals allow). Past three columns, near is as good as far.
 */
function headerOrderCost(items: readonly Item[], printed: readonly ValueItem[], table: TemplateTable): (cols: readonly number[]) => number {
  const words = table.columns.map((c) => c.label_zh);
  const wordRe = new RegExp(words.join("|"), "g");
  const kinds = words.length;
  const seen = new Map<ValueItem, { count: number; kind: number }>();
  let text = "";
  for (const it of items) {
    if (it.kind === "text") text += it.text.replace(/\s+/g, "");
    else if (it.kind === "num" && printed.includes(it)) {
      const found = [...text.matchAll(wordRe)];
      const last = found[found.length - 1];
      seen.set(it, { count: found.length, kind: last ? words.indexOf(last[0]) : -1 });
    }
  }
  const at = printed.map((v) => seen.get(v) ?? { count: 0, kind: -1 });
  return (cols) => cols.reduce((cost, col, i) => cost + Math.min(Math.abs(col - (at[i]!.count - 1)), 3) + (col % kinds === at[i]!.kind ? 0 : 2), 0);
}

/** Largest number of runs whose orders are tried (7! = 5040). */
const MAX_RUNS_TO_REORDER = 7;

function runOrders(runs: readonly ValueItem[][]): { cells: CellReading[]; inversions: number }[] {
  if (runs.length < 2 || runs.length > MAX_RUNS_TO_REORDER) return [];
  const out: { cells: CellReading[]; inversions: number }[] = [];
  const permute = (rest: number[], acc: number[]): void => {
    if (rest.length === 0) {
      const inversions = acc.reduce((n, x, i) => n + acc.slice(i + 1).filter((y) => y < x).length, 0);
      if (inversions > 0) out.push({ cells: acc.flatMap((r) => runs[r]!.map((v) => readingOf(v))), inversions });
      return;
    }
    rest.forEach((r, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, r]));
  };
  permute(runs.map((_, i) => i), []);
  return out;
}

/**
 * The full rows among more numbers than the table has cells: every run of `width` numbers in
 * reading order whose group totals hold, each an alternative (several: the solver flags the cells
 * they disagree on). None holds, or the totals prove nothing (printed 0, unreliable): the first
 * `width`, all for review. Keeping the first row unchecked let OCR's noise from the header push
 * the row one group over: a harsh scan of 淮安市 2024 read 5 noise figures before the 15, and the
 * 复议 group's 72 64 178 37 351 passed as 直接起诉's, whose totals held as any group's do.
 */
function fullRows(values: readonly ValueItem[], width: number, shape: RowShape, hints: TableHints): { rows: ValueItem[][]; flags: FlagCode[] } {
  const windows = Array.from({ length: values.length - width + 1 }, (_, s) => values.slice(s, s + width));
  const trusted = !hints.sumsUnreliable && !hints.totalsPrintedZero;
  const holding = trusted ? windows.filter((w) => w.every((v) => v.kind === "num") && holds(w.map((v) => readingOf(v)), shape)) : [];
  return holding.length > 0 ? { rows: holding, flags: [] } : { rows: [windows[0]!], flags: ["ambiguous"] };
}

function lostItem(near: ValueItem): ValueItem {
  return { kind: "lost", raw: "", page: near.page, line: near.line, gapBefore: 0, pageBreakBefore: false };
}

function holds(cells: readonly CellReading[], shape: RowShape): boolean {
  return shape.sums.every((s) => Math.abs(s.parts.reduce((a, p) => a + (cells[p]!.value ?? 0), 0) - (cells[s.total]!.value ?? 0)) < 1e-6);
}

/**
 * The fifteen column positions from the header words under 行政复议/行政诉讼 (but the table's header_noise): in space-aligned text a
 * guess (not `reliable`), so what they place is for review. pdftotext -layout sets a header of
 * wide characters closer together than the numbers under it: a 9 under 结果维持 came out nearer
 * 结果纠正's word, and was placed there unflagged while both fit the group's total.
 */
function positionAnchors(items: readonly Item[], width: number, noise: readonly string[]): ColumnAnchors | undefined {
  // The header is what comes before the first number; the prose after the table is not.
  const firstValue = items.findIndex((it) => it.kind === "num" || it.kind === "blank");
  const header = firstValue < 0 ? items : items.slice(0, firstValue);
  const words = header.filter((it) => it.kind === "text" && !noise.some((w) => it.text.includes(w)));
  const centres = headerAnchors(words, width);
  // Measured on the page (a scan's words have boxes) they are where the columns are.
  return centres ? { centres, reliable: words.every((w) => w.bbox !== undefined) } : undefined;
}
