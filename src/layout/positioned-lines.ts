/**
 * Positioned tokens (PDF text layer, OCR) → lines in reading order, the form the matchers read.
 * Inside a bordered table every row band becomes one line with one token per cell: a label that
 * wraps inside its cell is joined, and an empty value cell becomes an empty token, so a blank cell
 * never shifts the values beside it. Outside tables, tokens on one baseline make a line, as
 * pdftotext -layout does. Token positions are kept as display columns for borderless tables.
 */
import type { BBox, PageLine, PositionedPage, TextToken } from "../model/index.js";
import { looksLikePageNumber } from "./footers.js";
import { numberingBrackets, settleOcrCells, type CellRow } from "./ocr-cells.js";
import { ruledTables, type RuledTable } from "./tables-from-rulings.js";

const NUMERIC = /^[+\-]?[\d０-９][\d０-９,.，．]*$/;

export function positionedToLines(pages: readonly PositionedPage[]): PageLine[] {
  const all: PageLine[] = [];
  for (const page of pages) all.push(...pageLines(page));
  return all;
}

interface Draft {
  top: number;
  tokens: TextToken[];
}

function pageLines(page: PositionedPage): PageLine[] {
  const unit = displayUnit(page.tokens);
  const tables = ruledTables(page.rulings);
  const drafts: Draft[] = [];
  const free: TextToken[] = [];
  const inTable = new Map<RuledTable, TextToken[]>();
  for (const t of page.tokens) {
    // A token inside a table's frame but in none of its bands (a last row whose bottom rule is not
    // drawn) is read as a plain line rather than lost.
    const table = tables.find((tb) => contains(tb, centre(t.bbox!)) && inSomeBand(tb, centre(t.bbox!)[1]));
    if (table) inTable.set(table, [...(inTable.get(table) ?? []), t]);
    else free.push(t.source === "ocr" ? { ...t, text: numberingBrackets(t.text) } : t);
  }
  for (const [table, tokens] of inTable) drafts.push(...tableDrafts(table, tokens, page.page));
  drafts.push(...baselineDrafts(free));
  drafts.sort((a, b) => a.top - b.top);
  if (scannedPageNumber(drafts, tables, page)) drafts.pop();
  return drafts.map((d, i) => {
    const tokens = d.tokens.map((t) => ({
      ...t,
      line: i + 1,
      display: { start: Math.round(t.bbox!.x / unit), width: Math.max(1, Math.round(t.bbox!.width / unit)) },
    }));
    return { page: page.page, line: i + 1, text: tokens.map((t) => t.text).join("  "), tokens, blankBefore: 0 };
  });
}

/**
 * The last line of a scanned page is its page number when it is one by its text and place: below
 * every table, in the page's bottom margin. OCR misreads it (`3-`, `-1`, `2`) beyond what
 * isPageFooter accepts, and a stray number would join the table rows it interrupts.
 */
function scannedPageNumber(drafts: readonly Draft[], tables: readonly RuledTable[], page: PositionedPage): boolean {
  const last = drafts[drafts.length - 1];
  if (!last || !last.tokens.every((t) => t.source === "ocr")) return false;
  const low = last.top > page.height * (1 - FOOT_MARGIN) && tables.every((tb) => tb.y1 <= last.top);
  return low && looksLikePageNumber(last.tokens.map((t) => t.text).join(""));
}

/** The bottom part of a page (fraction of its height) where page numbers are printed. */
const FOOT_MARGIN = 0.15;

function tableDrafts(table: RuledTable, tokens: readonly TextToken[], page: number): Draft[] {
  const drafts: Draft[] = [];
  const rows: (CellRow & { top: number })[] = [];
  table.bands.forEach(([top, bottom], b) => {
    const inBand = tokens.filter((t) => {
      const y = centre(t.bbox!)[1];
      return y >= top && y < bottom;
    });
    if (inBand.length === 0) return;
    const edges = table.cellEdges[b]!;
    const cells: TextToken[][] = edges.slice(1).map(() => []);
    for (const t of inBand) {
      const x = centre(t.bbox!)[0];
      const c = Math.max(0, edges.findIndex((e, i) => i > 0 && x < e) - 1);
      cells[Math.min(c, cells.length - 1)]!.push(t);
    }
    const boxes = cells.map((_, c) => ({ x: edges[c]!, y: top, width: edges[c + 1]! - edges[c]!, height: bottom - top }));
    rows.push({ top, boxes, cells: cells.map((cell, c) => (cell.length ? joinCell(cell) : emptyCell(page, boxes[c]!))) });
  });
  settleOcrCells(rows);
  // An empty cell is a blank value when it lies under a column that holds numbers in other rows,
  // in a row that has numbers; empty cells of the label columns are just layout.
  const valueColumns = rows.flatMap((r) => r.cells.filter((t) => NUMERIC.test(t.text)).map((t) => t.bbox!));
  const underValues = (b: BBox): boolean => valueColumns.some((v) => overlap(b, v) > 0.5 * Math.min(b.width, v.width));
  for (const row of rows) {
    const hasNumber = row.cells.some((t) => NUMERIC.test(t.text));
    const kept = row.cells.filter((t) => t.text !== "" || (hasNumber && underValues(t.bbox!)));
    drafts.push({ top: row.top, tokens: kept });
  }
  return drafts;
}

/** Horizontal overlap of two boxes, in points. */
function overlap(a: BBox, b: BBox): number {
  return Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
}

/** Tokens of one cell in reading order (line by line, left to right) as one token. */
function joinCell(cell: TextToken[]): TextToken {
  const rows = baselineDrafts(cell);
  const parts = rows.flatMap((r) => r.tokens);
  const text = parts.map((t) => t.text).join("");
  return { ...parts[0]!, text, bbox: union(parts.map((t) => t.bbox!)) };
}

function emptyCell(page: number, box: BBox): TextToken {
  return { text: "", page, line: 0, column: 0, source: "pdf-text", bbox: box };
}

/** Tokens whose vertical centres are within half a line of each other form a line; gaps of less than a third of the font size join words. */
function baselineDrafts(tokens: readonly TextToken[]): Draft[] {
  const sorted = [...tokens].sort((a, b) => centre(a.bbox!)[1] - centre(b.bbox!)[1] || a.bbox!.x - b.bbox!.x);
  const lines: TextToken[][] = [];
  for (const t of sorted) {
    const last = lines[lines.length - 1];
    const y = centre(t.bbox!)[1];
    if (last && Math.abs(centre(last[0]!.bbox!)[1] - y) <= Math.max(2, t.bbox!.height * 0.5)) last.push(t);
    else lines.push([t]);
  }
  return lines.map((line) => {
    line.sort((a, b) => a.bbox!.x - b.bbox!.x);
    const merged: TextToken[] = [];
    for (const t of line) {
      const prev = merged[merged.length - 1];
      const gap = prev ? t.bbox!.x - (prev.bbox!.x + prev.bbox!.width) : Infinity;
      const bothText = prev && !NUMERIC.test(prev.text) && !NUMERIC.test(t.text);
      if (prev && bothText && gap < t.bbox!.height * 0.35) {
        merged[merged.length - 1] = { ...prev, text: prev.text + t.text, bbox: union([prev.bbox!, t.bbox!]) };
      } else merged.push(t);
    }
    return { top: Math.min(...line.map((t) => t.bbox!.y)), tokens: merged };
  });
}

/** Points per display column: half the median text height (a CJK character is two columns wide). */
function displayUnit(tokens: readonly TextToken[]): number {
  const hs = tokens.map((t) => t.bbox!.height).sort((a, b) => a - b);
  const median = hs[hs.length >> 1] ?? 10;
  return Math.max(1, median / 2);
}

const centre = (b: BBox): [number, number] => [b.x + b.width / 2, b.y + b.height / 2];

function inSomeBand(t: RuledTable, y: number): boolean {
  return t.bands.some(([top, bottom]) => y >= top && y < bottom);
}

function contains(t: RuledTable, [x, y]: [number, number]): boolean {
  return x >= t.x0 && x <= t.x1 && y >= t.y0 && y <= t.y1;
}

function union(boxes: readonly BBox[]): BBox {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.width));
  const y1 = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
