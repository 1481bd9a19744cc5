/**
 * A table as a grid of cells with row and column spans, drawn over pages: rows are sized to their
 * wrapped text, the table breaks between rows where a page is full (or where the layout forces it),
 * header rows may repeat on the next page, and a merged cell cut by a page break is drawn in pieces
 * with its text in the first piece (a break is moved up when that piece could not hold the text).
 */
import type { Canvas } from "./canvas.js";
import type { FontFace } from "./fonts.js";

export interface GridCell {
  row: number;
  col: number;
  rowspan?: number;
  colspan?: number;
  text: string;
  align?: "left" | "center";
  /** One character per line (三、本年度办理结果 in the real PDFs). */
  vertical?: boolean;
  /** Caption or header cell: shaded when the layout shades headers. */
  shade?: boolean;
}

export interface GridSpec {
  colWidths: number[];
  /** Rows 0…headerRows-1 are the header; the rest are body rows. */
  headerRows: number;
  rows: number;
  cells: GridCell[];
  repeatHeader: boolean;
  /** Break the page before this body row (0 = first body row), when it is not already first on its page. */
  forceBreak: number | null;
  face: FontFace;
  size: number;
}

export interface GridResult {
  /** Pages the table's rows are on (1-based page numbers). */
  pages: number[];
}

interface Sized extends GridCell {
  rs: number;
  cs: number;
  lines: string[];
  need: number;
}

const HPAD = 3;

export function drawGrid(cv: Canvas, spec: GridSpec): GridResult {
  const { layout } = cv;
  const lh = spec.size * 1.3;
  const vpad = layout.cellPadding;
  const xs = [cv.left];
  for (const w of spec.colWidths) xs.push((xs[xs.length - 1] ?? 0) + w);
  const colX = (c: number) => xs[c] ?? 0;
  const cells: Sized[] = spec.cells.map((c) => {
    const rs = c.rowspan ?? 1;
    const cs = c.colspan ?? 1;
    const inner = colX(c.col + cs) - colX(c.col) - 2 * HPAD;
    const lines = c.text === "" ? [] : c.vertical ? [...c.text] : cv.wrap(spec.face, spec.size, c.text, inner);
    return { ...c, rs, cs, lines, need: lines.length * lh + 2 * vpad };
  });

  // Row heights: single-row cells first, then spanned cells spread any deficit over their rows.
  const rowH = Array.from({ length: spec.rows }, () => lh + 2 * vpad);
  for (const c of cells) if (c.rs === 1) rowH[c.row] = Math.max(rowH[c.row] ?? 0, c.need);
  for (const c of [...cells].filter((c) => c.rs > 1).sort((a, b) => a.rs - b.rs)) {
    const have = sum(rowH, c.row, c.row + c.rs);
    if (have < c.need) for (let r = c.row; r < c.row + c.rs; r++) rowH[r] = (rowH[r] ?? 0) + (c.need - have) / c.rs;
  }
  const h = (r: number) => rowH[r] ?? 0;
  const headerH = sum(rowH, 0, spec.headerRows);

  // Pagination, simulated: page offset and y of every row; header copies on later pages.
  const rowPage: number[] = [];
  const rowY: number[] = [];
  const headerAt: { page: number; y: number }[] = [];
  const firstBody = spec.headerRows;
  cv.ensure(headerH + h(firstBody));
  let page = 0;
  let y = cv.y;
  const placeHeader = () => {
    headerAt.push({ page, y });
    y += headerH;
  };
  placeHeader();
  for (let r = 0; r < spec.headerRows; r++) rowPage[r] = 0;
  let firstOnPage = firstBody;
  for (let r = firstBody; r < spec.rows; ) {
    // A forced break only splits a table that has not been split yet (another break would leave
    // a nearly empty page); like any break it moves up rather than cut a merged cell's text off.
    const forced = spec.forceBreak !== null && r === firstBody + spec.forceBreak && r > firstOnPage && page === 0;
    if ((y + h(r) > cv.bottom && r > firstOnPage) || forced) {
      const b = breakRow(cells, rowH, r, firstOnPage);
      page++;
      y = cv.top;
      if (spec.repeatHeader && spec.headerRows > 0) placeHeader();
      firstOnPage = b;
      r = b;
      continue;
    }
    rowPage[r] = page;
    rowY[r] = y;
    y += h(r);
    r++;
  }

  // Drawing, page by page.
  const pages: number[] = [];
  for (let p = 0; p <= page; p++) {
    if (p > 0) cv.newPage();
    pages.push(cv.page);
    const copy = headerAt.find((a) => a.page === p);
    if (copy) {
      let hy = copy.y;
      const ys: number[] = [];
      for (let r = 0; r < spec.headerRows; r++) ys.push(hy), (hy += h(r));
      for (const c of cells.filter((c) => c.row < spec.headerRows)) drawPiece(cv, spec, c, colX, ys[c.row] ?? 0, sum(rowH, c.row, c.row + c.rs), true, lh);
    }
    for (const c of cells.filter((c) => c.row >= spec.headerRows)) {
      const rows = range(c.row, c.row + c.rs).filter((r) => rowPage[r] === p);
      if (rows.length === 0) continue;
      const first = rows[0] ?? 0;
      drawPiece(cv, spec, c, colX, rowY[first] ?? 0, rows.reduce((s, r) => s + h(r), 0), textPage(c, rowPage, h) === p, lh);
    }
    if (layout.borders === "rules") drawRules(cv, spec, p, copy?.y ?? null, headerH, rowPage, rowY, h, colX);
  }
  cv.y = y + 4;
  return { pages };
}

/** The row to start the next page with: r, or earlier so that no merged cell's text is cut off. */
function breakRow(cells: readonly Sized[], rowH: readonly number[], r: number, firstOnPage: number): number {
  let b = r;
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of cells) {
      if (c.rs === 1 || c.row >= b || c.row + c.rs <= b || c.row < firstOnPage) continue;
      if (sum(rowH, c.row, b) < c.need && c.row > firstOnPage) {
        b = c.row;
        changed = true;
      }
    }
  }
  return b;
}

/** The page of a merged cell's text: its first piece when the text fits there, else its tallest piece. */
function textPage(c: Sized, rowPage: readonly number[], h: (r: number) => number): number {
  const height = new Map<number, number>();
  for (let r = c.row; r < c.row + c.rs; r++) height.set(rowPage[r] ?? 0, (height.get(rowPage[r] ?? 0) ?? 0) + h(r));
  const first = rowPage[c.row] ?? 0;
  if ((height.get(first) ?? 0) >= c.need) return first;
  let best = first;
  for (const [p, v] of height) if (v > (height.get(best) ?? 0)) best = p;
  return best;
}

function drawPiece(
  cv: Canvas,
  spec: GridSpec,
  c: Sized,
  colX: (c: number) => number,
  y: number,
  height: number,
  withText: boolean,
  lh: number,
): void {
  const { layout } = cv;
  const x = colX(c.col);
  const w = colX(c.col + c.cs) - x;
  if (c.shade && layout.headerFill) cv.rect(x, y, w, height, { fill: "#d9e2f3" });
  if (layout.borders === "grid") cv.rect(x, y, w, height, { stroke: true });
  if (!withText || c.lines.length === 0) return;
  const font = cv.font(spec.face);
  // Centre the glyphs (about one em tall, 0.88 em above the baseline) in each line box.
  const shift = (lh - spec.size) / 2 - (font.ascent - 0.88) * spec.size;
  let ty = y + Math.max(0, (height - c.lines.length * lh) / 2);
  for (const line of c.lines) {
    const lw = font.width(line, spec.size);
    const tx = c.align === "left" && !c.vertical ? x + HPAD : x + (w - lw) / 2;
    cv.text(spec.face, spec.size, line, tx, ty + shift);
    ty += lh;
  }
}

/** Horizontal rules only: above and below the table part on each page, and under the header. */
function drawRules(
  cv: Canvas,
  spec: GridSpec,
  p: number,
  headerY: number | null,
  headerH: number,
  rowPage: readonly number[],
  rowY: readonly number[],
  h: (r: number) => number,
  colX: (c: number) => number,
): void {
  const x1 = colX(0);
  const x2 = colX(spec.colWidths.length);
  const body = range(spec.headerRows, spec.rows).filter((r) => rowPage[r] === p);
  const top = headerY ?? rowY[body[0] ?? 0] ?? 0;
  const lastRow = body[body.length - 1];
  cv.line(x1, top, x2, top, 1);
  if (headerY !== null && spec.headerRows > 0) cv.line(x1, headerY + headerH, x2, headerY + headerH, 0.5);
  if (lastRow !== undefined) cv.line(x1, (rowY[lastRow] ?? 0) + h(lastRow), x2, (rowY[lastRow] ?? 0) + h(lastRow), 1);
}

function sum(a: readonly number[], from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i] ?? 0;
  return s;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
