/**
 * Grids of tables 2–4 from the report's table models (TEMPLATES.md §2.3–2.5, §3.3–3.4): table 2 as
 * captioned blocks in a 4-column grid, table 3 with its 3-row header, note cell and merged label
 * columns, table 4 as a 3-level header over one row of 15 numbers. Column widths follow the layout.
 */
import type { T2Model, T3Model, T3Row, T4Model } from "../types.js";
import type { Canvas } from "./canvas.js";
import type { FontFace } from "./fonts.js";
import type { GridCell, GridSpec } from "./grid.js";

interface Ctx {
  cv: Canvas;
  face: FontFace;
  size: number;
}

/** Widest printed value of a table, so that numbers never wrap. */
function valueWidth(ctx: Ctx, texts: readonly (string | null)[]): number {
  return Math.max(...texts.map((t) => ctx.cv.textWidth(ctx.face, ctx.size, t ?? "")), ctx.size * 2) + 10;
}

function spec(ctx: Ctx, colWidths: number[], headerRows: number, rows: number, cells: GridCell[], extra: Partial<GridSpec> = {}): GridSpec {
  return { colWidths, headerRows, rows, cells, repeatHeader: false, forceBreak: null, face: ctx.face, size: ctx.size, ...extra };
}

/** Spans of n value cells over the 3 value columns of table 2: [3], [1, 2] or [1, 1, 1]. */
function spans(n: number): number[] {
  return n >= 3 ? Array.from({ length: n }, () => 1) : n === 2 ? [1, 2] : [3];
}

export function t2Grid(ctx: Ctx, t: T2Model): GridSpec {
  const { cv } = ctx;
  const { layout } = cv;
  const W = cv.contentWidth;
  const share = { wide: 0.34, medium: 0.26, narrow: 0.17 }[layout.labelWidth];
  const label = Math.max(ctx.size * 3 + 8, W * share);
  const value = (W - label) / 3;
  const cells: GridCell[] = [];
  let row = 0;
  for (const block of t.blocks) {
    cells.push({ row, col: 0, colspan: 4, text: block.caption, align: layout.captionLeft ? "left" : "center", shade: true });
    row++;
    const [info = "", ...heads] = block.header;
    cells.push({ row, col: 0, text: info, align: "center" });
    let col = 1;
    spans(heads.length).forEach((cs, i) => {
      cells.push({ row, col, colspan: cs, text: heads[i] ?? "", align: "center" });
      col += cs;
    });
    row++;
    for (const r of block.rows) {
      cells.push({ row, col: 0, text: r.label, align: "left" });
      let c = 1;
      spans(r.cells.length).forEach((cs, i) => {
        cells.push({ row, col: c, colspan: cs, text: r.cells[i]?.text ?? "", align: layout.t2ValuesLeft ? "left" : "center" });
        c += cs;
      });
      row++;
    }
  }
  return spec(ctx, [label, value, value, value], 0, row, cells, { forceBreak: layout.forceBreak.t2 });
}

export function t3Grid(ctx: Ctx, t: T3Model): GridSpec {
  const { cv, size } = ctx;
  const { layout } = cv;
  const W = cv.contentWidth;
  const minValue = Math.max(valueWidth(ctx, t.rows.flatMap((r) => r.cells.map((c) => c.text))), size * 2.4 + 6);
  const share = { wide: 0.56, medium: 0.46, narrow: 0.34 }[layout.labelWidth];
  const labels = Math.min(W * share, W - 7 * minValue);
  const value = (W - labels) / 7;
  const c0 = layout.outcomeVertical ? size * 1.2 + 8 : size * 3.2 + 6;
  const c1 = Math.max(size * 3 + 6, (labels - c0) * 0.3);
  const c2 = Math.max(size * 3 + 6, labels - c0 - c1);
  const cells: GridCell[] = [
    { row: 0, col: 0, rowspan: 3, colspan: 3, text: t.note, align: "center", shade: true },
    { row: 0, col: 3, colspan: 7, text: t.applicants, align: "center", shade: true },
    { row: 1, col: 3, rowspan: 2, text: t.natural, align: "center", shade: true },
    { row: 1, col: 4, colspan: 5, text: t.orgCaption, align: "center", shade: true },
    { row: 1, col: 9, rowspan: 2, text: t.total, align: "center", shade: true },
    ...t.orgCols.map((text, i) => ({ row: 2, col: 4 + i, text, align: "center" as const, shade: true })),
  ];
  const H = 3;
  const outcome = t.rows.flatMap((r, i) => (r.level === 1 ? [] : [i]));
  const first = outcome[0];
  if (first !== undefined) {
    cells.push({ row: H + first, col: 0, rowspan: outcome.length, text: t.outcomeLabel, align: "center", vertical: layout.outcomeVertical });
  }
  t.rows.forEach((r, i) => {
    const row = H + i;
    if (r.level === 1) cells.push({ row, col: 0, colspan: 3, text: r.label, align: "left" });
    else if (r.level === 2 || r.group === null) cells.push({ row, col: 1, colspan: 2, text: r.label, align: "left" });
    else {
      if (t.rows[i - 1]?.group !== r.group) cells.push({ row, col: 1, rowspan: groupLength(t.rows, i), text: r.group, align: "center" });
      cells.push({ row, col: 2, text: r.label, align: "left" });
    }
    r.cells.forEach((c, j) => cells.push({ row, col: 3 + j, text: c.text ?? "", align: "center" }));
  });
  const widths = [c0, c1, c2, ...Array.from({ length: 7 }, () => value)];
  return spec(ctx, widths, H, H + t.rows.length, cells, { repeatHeader: layout.repeatHeader, forceBreak: layout.forceBreak.t3 });
}

function groupLength(rows: readonly T3Row[], i: number): number {
  let n = 0;
  while (rows[i + n]?.group === rows[i]?.group && rows[i + n]?.level === 3) n++;
  return n;
}

export function t4Grid(ctx: Ctx, t: T4Model): GridSpec {
  const { cv } = ctx;
  const W = cv.contentWidth;
  const value = Math.max(W / 15, valueWidth(ctx, t.cells.map((c) => c.text)));
  const cells: GridCell[] = [
    { row: 0, col: 0, colspan: 5, text: t.review, align: "center", shade: true },
    { row: 0, col: 5, colspan: 10, text: t.suit, align: "center", shade: true },
    ...t.cols.map((text, i) => ({ row: 1, col: i, rowspan: 2, text, align: "center" as const, shade: true })),
    { row: 1, col: 5, colspan: 5, text: t.direct, align: "center", shade: true },
    { row: 1, col: 10, colspan: 5, text: t.afterReview, align: "center", shade: true },
    ...[5, 10].flatMap((at) => t.cols.map((text, i) => ({ row: 2, col: at + i, text, align: "center" as const, shade: true }))),
    ...t.cells.map((c, i) => ({ row: 3, col: i, text: c.text ?? "", align: "center" as const })),
  ];
  return spec(ctx, Array.from({ length: 15 }, () => value), 3, 4, cells);
}
