/**
 * Table 2 (主动公开): small blocks, each under a caption 第二十条第（X）项, with one to three values per
 * row and no arithmetic between them. The variant is chosen from the header words (TEMPLATES.md §3.6).
 * Within a block the numbers fill the block's rows in order only when their count is exactly what
 * the rows need; otherwise each row takes the numbers next to its own label, and a row that lost a
 * number keeps all its placements as alternatives (for review: no rule can decide them).
 */
import type { CellMatrix, CellReading, Item, MatchedTable, MatchedUnit, RowLabelInfo, TableHints } from "../model/index.js";
import { tableName, type TemplateTable } from "../templates/index.js";
import { DEFAULT_LABEL_CUTOFF, findLabel, tableText, type LabelHit } from "./label-hits.js";
import { templateCore } from "./normalize.js";
import { statedFigures, type NarrativeSentence } from "./narrative.js";
import { headerAnchors, spreadToRow, type ColumnAnchors } from "./positions.js";
import { rowAlternatives } from "./row-alternatives.js";
import { rowBounds, rowSigned } from "./shape.js";
import { blankRow } from "./table3.js";
import { itemsToRuns, readingOf, type ValueItem } from "./runs.js";
import { findApprox, toleranceFor } from "./similarity.js";

export function matchTable2(
  items: readonly Item[],
  variants: readonly { template: string; table: TemplateTable }[],
  narrative: readonly NarrativeSentence[] = [],
  hints: TableHints = {},
  /** Row labels found with a lower score are not taken (pipeline option match.labelCutoff). */
  labelCutoff: number = DEFAULT_LABEL_CUTOFF,
): MatchedTable {
  const tt = tableText(items);
  const variant = chooseBySignature(variants, tt.text);
  const table = variant.table;
  const labels: Record<string, RowLabelInfo> = {};
  const hits = new Map<string, LabelHit>();
  for (const row of table.rows) {
    const hit = findLabel(row, tt, items);
    if (hit && hit.score >= labelCutoff) {
      hits.set(row.key, hit);
      labels[row.key] = { score: hit.score, flags: hit.flags, page: hit.page, line: hit.line, raw: hit.raw };
    }
  }
  // Block boundaries: the item index where each caption starts. A block whose caption was not found
  // (misprinted: 第二十条第五)项) starts at its first row's label; the block before it ends there, or
  // it would take that block's numbers as its own.
  const starts = table.blocks.map((b) => {
    const core = templateCore(b.caption_zh);
    const at = findApprox(core, tt.text, 0); // exact: captions differ by one character (（五）vs（六）)
    return at ? tt.itemOf[at.start]! : firstLabelItem(table, b.key, hits);
  });
  const units: MatchedUnit[] = [];
  const unmapped: MatchedTable["unmapped"] = [];
  const warnings: string[] = [];
  const values = itemsToRuns(items).flatMap((r) => r.items.map((it, k) => ({ it, idx: r.first + k })));

  // Labels share their lines with the numbers after them (layout, tab or run-on text), as opposed
  // to reading-order text.
  const sameLineStyle = [...hits.values()].some((h) => values.some((v) => v.it.line === items[h.lastItem]!.line && v.idx > h.lastItem));
  /** The printed numbers some row took (split into several cells or not). */
  const taken = new Set<ValueItem>();
  /** Each block's item range and row keys. */
  const blockRanges: { start: number; end: number; rows: Set<string> }[] = [];
  table.blocks.forEach((block, b) => {
    const start = starts[b]!;
    const nextStarts = starts.slice(b + 1).filter((s) => s > start);
    const end = nextStarts.length ? Math.min(...nextStarts) : items.length;
    blockRanges.push({ start, end, rows: new Set(table.rows.filter((r) => r.block === block.key).map((r) => r.key)) });
    const rows = table.rows.filter((r) => r.block === block.key);
    if (start < 0) {
      if (rows.some((r) => hits.has(r.key))) warnings.push(`${tableName(table.id)}: caption of block ${block.caption_zh} not found`);
      return;
    }
    const blockIdx = values.filter((v) => v.idx >= start && v.idx < end);
    const inBlock = blockIdx.map((v) => v.it);
    const arity = rows.map((r) => (r.columns ?? []).length);
    const need = arity.reduce((a, b) => a + b, 0);
    if (inBlock.length === need && !fillCrossesLabels(inBlock, rows, arity, hits, items, sameLineStyle)) {
      // Reading-order text that put a row's numbers on both sides of another row's label (规章 1
      // 规范性文件 0 本年新公开数量 … 1 2 0 0): which of them are whose is a guess.
      const unsure = !sameLineStyle && fillStraddlesLabels(blockIdx.map((v) => v.idx), rows, arity, hits);
      let p = 0;
      rows.forEach((row, i) => {
        const cells = inBlock.slice(p, p + arity[i]!).map((v) => (taken.add(v), readingOf(v)));
        p += arity[i]!;
        units.push({ rows: [row.key], columns: [row.columns ?? []], alternatives: [[cells]], flags: unsure ? ["ambiguous"] : [] });
      });
      return;
    }
    // Counts do not fit: each row takes the numbers on its label's line. Where labels and numbers
    // are on separate lines (reading-order text), a number between two labels may belong to either
    // (pdftotext prints some before their label, some after), so such a placement goes to review.
    const blockValues = values.filter((v) => v.idx >= start && v.idx < end);
    const labelStarts = [...hits.values()].map((h) => h.firstItem);
    for (const row of rows) {
      const hit = hits.get(row.key);
      if (!hit) continue;
      const ncols = arity[rows.indexOf(row)]!;
      // The numbers on the label's lines: its last line, or between the lines of a label that wraps
      // around them (其他对外管理服务 / +55 / 事项).
      const [first, last] = [items[hit.firstItem]!, items[hit.lastItem]!];
      const onLabelLines = (v: { it: ValueItem; idx: number }): boolean =>
        v.it.page === first.page && v.it.line >= first.line && v.it.line <= last.line && v.idx > hit.firstItem;
      // A row's numbers stop at the next row's label (run-on text puts 行政处罚行政强制73 on one line).
      // A label that starts in this label's last text item (行政处罚行政强制) takes what follows that item.
      const sharesItem = [...hits.values()].some((h) => h !== hit && h.start > hit.start && h.firstItem === hit.lastItem);
      const nextLabelAt = sharesItem ? hit.lastItem + 1 : Math.min(end, ...labelStarts.filter((x) => x > hit.lastItem));
      let near = blockValues.filter((v) => ((v.it.line === last.line && v.idx > hit.lastItem) || onLabelLines(v)) && v.idx < nextLabelAt).map((v) => v.it);
      let guessed = false;
      if (near.length === 0 && !sameLineStyle) {
        const nextLabel = Math.min(end, ...labelStarts.filter((x) => x > hit.lastItem));
        near = blockValues.filter((v) => v.idx > hit.lastItem && v.idx < nextLabel).map((v) => v.it);
        guessed = near.length > 0;
      }
      if (near.length === 0) {
        // Printed with no numbers: blank cells, not lost ones.
        // In reading-order text the numbers next to this label may have been its own.
        const blank = blankRow(ncols, hit).map((c) => (sameLineStyle ? c : { ...c, flags: [...c.flags, "ambiguous" as const] }));
        units.push({ rows: [row.key], columns: [row.columns ?? []], alternatives: [[blank]], flags: [] });
        continue;
      }
      // More numbers than cells: the first ones are placed (row-alternatives), the others are not taken.
      for (const it of near.slice(0, ncols)) taken.add(it);
      const anchors = spreadToRow(near, blockHeaderAnchors(items, start, rows, hits, ncols, table.header_noise));
      const alts = settleByNarrative(rowAlternatives(near, { ncols, sums: [], blanksTraceless: hints.blanksTraceless, bounds: rowBounds(table, row.columns ?? []), signed: rowSigned(table, row.columns ?? []) }, anchors), row, narrative);
      if (alts.length === 0) {
        // No reading fits the row: its numbers in printed order, the rest unknown, all for review.
        const at = near[0]!;
        alts.push(Array.from({ length: ncols }, (_, i) => (near[i] ? readingOf(near[i]!, ["ambiguous"]) : { value: null, unknown: true, raw: "", page: at.page, line: at.line, flags: ["cell_lost" as const] })));
      }
      const alternatives: CellMatrix[] = alts.map((cells) => [guessed ? cells.map((c) => ({ ...c, flags: [...c.flags, "ambiguous" as const] })) : cells]);
      units.push({ rows: [row.key], columns: [row.columns ?? []], alternatives, flags: [] });
    }
    if (inBlock.length > need) warnings.push(`${tableName(table.id)}: block ${block.caption_zh} has ${inBlock.length} numbers for ${need} cells`);
  });
  // Nothing read is thrown away: numbers no row took are kept with their position. (Taken counts the
  // printed number, not its cells: a run split into 5|9 was taken whole, though no cell reads 59.)
  for (const { it } of values) {
    if (it.kind === "num" && !taken.has(it)) unmapped.push({ text: it.raw, page: it.page, line: it.line });
  }
  // A row read as printed blank in a block whose numbers some row did not take: those numbers may be its own.
  for (const range of blockRanges) {
    const left = values.some((v) => v.idx >= range.start && v.idx < range.end && v.it.kind === "num" && !taken.has(v.it));
    if (!left) continue;
    for (const u of units) {
      const blank = u.alternatives.every((m) => m.every((cells) => cells.every((c) => c.raw === "" && c.flags.includes("blank_cell"))));
      if (blank && u.rows.every((r) => range.rows.has(r)) && !u.flags.includes("ambiguous")) u.flags.push("ambiguous");
    }
  }
  const unitOf = (key: string): string | undefined => table.columns.find((c) => c.key === key)?.unit;
  for (const u of units) u.alternatives = u.alternatives.map((m) => m.map((cells, r) => cells.map((c, j) => inColumnUnit(c, unitOf(u.columns[r]![j]!)))));
  // Reading-order text of a document that prints zeros blank (told by table 3): a block's numbers
  // may be another block's (pdftotext prints 第（九）项's numbers before 第（八）项's label), and a
  // count that fits proves nothing. Every placement goes to review.
  if ((hints.blanksTraceless && !sameLineStyle) || hints.blanksApart) for (const u of units) if (!u.flags.includes("ambiguous")) u.flags.push("ambiguous");
  return { table: table.id, template: variant.template, units, labels, unmapped, warnings };
}

/**
 * Table 2 has no arithmetic: of a row's readings (splits of its run-together digits) the one whose
 * values the report's prose states, when exactly one states the most, is the row's reading.
 */
function settleByNarrative(alts: CellReading[][], row: TemplateTable["rows"][number], narrative: readonly NarrativeSentence[]): CellReading[][] {
  if (alts.length < 2 || narrative.length === 0) return alts;
  const stated = statedFigures(narrative, [row.label_zh, ...row.aliases]);
  // Only figures some reading has can tell readings apart; the one reading that has them all is the row.
  const possible = new Set(alts.flatMap((cells) => cells.map((c) => c.value).filter((v): v is number => v !== null && v !== 0)));
  const relevant = [...stated].filter((v) => possible.has(v));
  if (relevant.length === 0) return alts;
  const fitting = alts.filter((cells) => relevant.every((v) => cells.some((c) => c.value === v)));
  if (fitting.length !== 1) return alts;
  const chosen = fitting[0]!;
  return [chosen.map(({ varies: _, ...c }) => ({ ...c, flags: [...c.flags.filter((f) => f !== "ambiguous"), "stated_in_text" as const] }))];
}

/**
 * A money value printed with its unit, in the column's unit: 元 in a 万元 column is divided by
 * 10,000 and flagged unit_converted (the printed text stays in raw, with its unit).
 */
function inColumnUnit(c: CellReading, columnUnit: string | undefined): CellReading {
  if (!c.unit) return c;
  const raw = `${c.raw}${c.unit}`;
  if (c.unit === "元" && columnUnit === "万元" && c.value !== null) {
    return { ...c, raw, value: Math.round((c.value / 10000) * 1e6) / 1e6, flags: [...c.flags, "unit_converted"] };
  }
  return { ...c, raw };
}

function chooseBySignature(variants: readonly { template: string; table: TemplateTable }[], text: string): { template: string; table: TemplateTable } {
  const scored = variants.map((v) => ({
    v,
    hits: v.table.signature.filter((s) => findApprox(templateCore(s), text, toleranceFor(templateCore(s).length) > 0 ? 1 : 0)).length,
  }));
  scored.sort((a, b) => b.hits - a.hits);
  return scored[0]!.v;
}

/**
 * Filling a block's rows in order would give a row numbers printed on the line of another row's
 * label, in text whose labels share their lines with their numbers: the count fits by chance (a row
 * printed without any cell, another with a token for each blank one), and each row takes what is
 * on its own line instead.
 */
function fillCrossesLabels(
  inBlock: readonly ValueItem[],
  rows: readonly TemplateTable["rows"][number][],
  arity: readonly number[],
  hits: ReadonlyMap<string, LabelHit>,
  items: readonly Item[],
  sameLineStyle: boolean,
): boolean {
  if (!sameLineStyle) return false;
  const lineOf = (it: { page: number; line: number }): string => `${it.page}:${it.line}`;
  const labelLines = new Map<string, string>();
  for (const row of rows) {
    const hit = hits.get(row.key);
    if (hit) labelLines.set(lineOf(items[hit.lastItem]!), row.key);
  }
  let p = 0;
  return rows.some((row, i) => {
    const cells = inBlock.slice(p, p + arity[i]!);
    p += arity[i]!;
    return cells.some((v) => {
      const owner = labelLines.get(lineOf(v));
      return owner !== undefined && owner !== row.key;
    });
  });
}

/**
 * Whether filling a block's rows in printed order gives a row numbers from both sides of another
 * row's label (reading-order text). `at`: each number's item index, in printed order.
 */
function fillStraddlesLabels(at: readonly number[], rows: readonly TemplateTable["rows"][number][], arity: readonly number[], hits: ReadonlyMap<string, LabelHit>): boolean {
  const labels = rows.flatMap((r) => {
    const h = hits.get(r.key);
    return h ? [h.firstItem] : [];
  });
  let p = 0;
  return arity.some((n) => {
    const own = at.slice(p, p + n);
    p += n;
    return labels.some((l) => own.some((x) => x < l) && own.some((x) => x > l));
  });
}

function firstLabelItem(table: TemplateTable, block: string, hits: ReadonlyMap<string, LabelHit>): number {
  const idx = table.rows.filter((r) => r.block === block).map((r) => hits.get(r.key)?.firstItem ?? Infinity);
  const min = Math.min(...idx);
  return Number.isFinite(min) ? min : -1;
}

/** Column positions from the block's header words (本年制发件数 …, but the table's header_noise), between its caption and first row label. */
function blockHeaderAnchors(
  items: readonly Item[],
  start: number,
  rows: readonly TemplateTable["rows"][number][],
  hits: ReadonlyMap<string, LabelHit>,
  ncols: number,
  noise: readonly string[],
): ColumnAnchors | undefined {
  const firstLabel = Math.min(...rows.map((r) => hits.get(r.key)?.firstItem ?? Infinity));
  if (!Number.isFinite(firstLabel)) return undefined;
  const words = items.slice(start, firstLabel).filter((it) => it.kind === "text" && !noise.some((w) => it.text.includes(w)));
  // Header words are no sure guide to where numbers sit (pdftotext -layout shifts each line by its
  // label's width): a number placed by them alone is flagged.
  const centres = headerAnchors(words, ncols);
  return centres ? { centres, reliable: false } : undefined;
}
