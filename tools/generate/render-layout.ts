/**
 * Style 2: space-aligned text as pdftotext -layout writes it (real/*.pdftotext-layout.txt): values
 * padded into columns, group labels on their own line or beside a row, header words on two lines.
 */
import { footer, printed, splitLabel, type RenderCtx } from "./render-common.js";
import { halves, placeLine, width, wrap } from "./text.js";
import type { T2Model, T3Model, T3Row, T4Model } from "./types.js";

type Piece = readonly [number, string];

const L1 = 0;
const L2 = 6;
const L3 = 18;
/** Values start right of the longest printed label, as a PDF cell column would. */
const MIN_VAL0 = 50;
const STEP = 8;

export function layoutT2(ctx: RenderCtx, t2: T2Model): string[] {
  const out: string[] = [];
  for (const block of t2.blocks) {
    const wide = block.header.length === 2;
    const colX = (j: number) => (wide ? 30 : 17 + j * 14);
    out.push(placeLine([[14, block.caption]]), "", "");
    out.push(placeLine([[7, block.header[0] ?? ""], ...block.header.slice(1).map((h, j) => [colX(j), h] as Piece)]), "", "");
    for (const row of block.rows) {
      out.push(placeLine([[0, row.label], ...printed(row.cells).map((v, j) => [colX(j) + 2, v] as Piece)]), "");
    }
    if (block.footerAfter) out.push(...footer(ctx));
    out.push("");
  }
  return out;
}

function t3Header(t3: T3Model, VAL0: number): string[] {
  const note = wrap(t3.note, 48);
  const orgX = (j: number) => VAL0 + (j + 1) * STEP;
  const [top, bottom] = [t3.orgCols.map((c) => halves(c)[0]), t3.orgCols.map((c) => halves(c)[1])];
  return [
    placeLine([[VAL0 + 18, t3.applicants]]),
    "",
    placeLine([[0, note[0] ?? ""], [VAL0 + 14, t3.orgCaption]]),
    placeLine([[0, note.slice(1).join("")]]),
    placeLine([[VAL0 - 4, t3.natural], [VAL0 + 6 * STEP, t3.total]]),
    placeLine(top.map((c, j) => [orgX(j), c] as Piece)),
    placeLine(bottom.map((c, j) => [orgX(j), c] as Piece)),
    "",
  ];
}

function valuePieces(values: readonly string[], VAL0: number): Piece[] {
  return values.map((v, j) => [VAL0 + j * STEP, v] as Piece);
}

/** Lines of one row; `lead` are pieces left of the label (an inline group label). */
const labelX = (row: T3Row) => (row.level === 1 ? L1 : row.level === 2 ? L2 : L3);

function rowLines(ctx: RenderCtx, row: T3Row, leadIn: Piece[], glueFrom: string, val0: number): string[] {
  const x = labelX(row);
  // A glued row continues the previous line, whose own indentation is already in glueFrom.
  const lead = glueFrom === "" ? leadIn : [];
  const values = printed(row.cells);
  const parts = splitLabel(row);
  const label = glueFrom + (parts ? parts[0] : row.label);
  const digits = row.runTogether ? values.join("") : "";
  const vals = row.runTogether ? [] : valuePieces(values, val0);
  const gx = glueFrom === "" ? x : L1;
  // A glued row's inline group label goes on a line of its own rather than vanish.
  const leftover = glueFrom !== "" && leadIn.length > 0 ? [placeLine(leadIn)] : [];
  if (!parts) return [placeLine([...lead, [gx, label + digits], ...vals]), ...leftover];
  const rest: Piece = [x, parts[1]];
  switch (row.split?.mode) {
    case "between":
      return [placeLine([...lead, [gx, label]]), placeLine(valuePieces(values, val0)), placeLine([rest])];
    case "last":
      return [placeLine([...lead, [gx, label]]), placeLine([rest, ...vals])];
    case "footer":
      return [placeLine([...lead, [gx, label + digits], ...vals]), ...footer(ctx), placeLine([rest])];
    default:
      return [placeLine([...lead, [gx, label + digits], ...vals]), placeLine([rest])];
  }
}

export function layoutT3(ctx: RenderCtx, t3: T3Model): string[] {
  const val0 = Math.max(MIN_VAL0, ...t3.rows.map((r) => labelX(r) + width(splitLabel(r)?.[0] ?? r.label) + 2));
  const out = t3Header(t3, val0);
  const ownLine = ctx.rng.chance(0.5);
  const pieces = t3.outcomePieces;
  const pieceStart = ctx.rng.int(0, 3);
  let outcomeIndex = 0;
  let glue = "";
  t3.rows.forEach((row, i) => {
    const group = row.group;
    const members = group === null ? [] : t3.rows.filter((r) => r.group === group);
    const pos = members.indexOf(row);
    const at = group === null ? undefined : t3.groupSplit[group];
    const [g1, g2] = group === null ? ["", ""] : at === undefined ? [group, ""] : [[...group].slice(0, at).join(""), [...group].slice(at).join("")];
    const lead: Piece[] = [];
    if (row.level !== 1) {
      if (outcomeIndex === 0 && !pieces) out.push(placeLine([[L1, t3.outcomeLabel]]));
      const k = outcomeIndex - pieceStart;
      if (pieces && k >= 0 && k < pieces.length) out.push(placeLine([[1, pieces[k] ?? ""]]));
      outcomeIndex++;
    }
    if (group !== null && !ownLine && pos === 0) lead.push([L2, g1]);
    if (group !== null && !ownLine && pos === 1 && g2) lead.push([L2, g2]);
    const middle = Math.floor((members.length - 1) / 2);
    if (group !== null && ownLine && pos === middle) out.push(placeLine([[L2, g1]]));
    const lines = rowLines(ctx, row, lead, glue, val0);
    if (row.glueNext) {
      // run_together: the next row's label continues this line; keep it pending.
      glue = lines[0] ?? "";
      out.push(...lines.slice(1));
    } else {
      glue = "";
      out.push(...lines);
    }
    if (group !== null && ownLine && pos === middle && g2) out.push(placeLine([[L2, g2]]));
    if (row.footerAfter) out.push(...footer(ctx));
    if (i === t3.rows.length - 1 && pieces) {
      for (const p of pieces.slice(Math.max(0, outcomeIndex - pieceStart))) out.push(placeLine([[1, p]]));
    }
  });
  return out;
}

export function layoutT4(ctx: RenderCtx, t4: T4Model): string[] {
  const x = (j: number) => j * 6 + (j >= 5 ? 2 : 0) + (j >= 10 ? 2 : 0);
  const sp = (s: string) => (t4.spaced ? [...s].join(" ") : s);
  const cols = [...t4.cols, ...t4.cols, ...t4.cols];
  const [top, bottom] = [cols.map((c) => sp(halves(c)[0])), cols.map((c) => sp(halves(c)[1]))];
  const out = [
    placeLine([[10, t4.review], [x(7), t4.suit]]),
    "",
    placeLine([[x(5) + 2, t4.direct], [x(10) + 6, t4.afterReview]]),
    "",
    placeLine(top.map((c, j) => [x(j), c] as Piece)),
    placeLine(bottom.map((c, j) => [x(j), c] as Piece)),
    "",
  ];
  if (t4.footerInHeader) out.push(...footer(ctx));
  // Lost cells are packed to the left; a blank cell leaves a gap at its column.
  out.push(placeLine(printed(t4.cells).map((v, j) => [x(j), v] as Piece)), "");
  return out;
}
