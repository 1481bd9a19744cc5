/**
 * Ruling lines of a page from its operator list: stroked path segments and thin filled rectangles
 * that are horizontal or vertical. Paths are in user space under the current transformation
 * matrix, so the CTM is tracked through save/restore/transform (PDF Reference 8.4.2).
 */
import type { Ruling } from "../../model/index.js";
import type { PDFDocumentProxy } from "./document.js";

type PDFPageProxy = Awaited<ReturnType<PDFDocumentProxy["getPage"]>>;
type Matrix = [number, number, number, number, number, number];

/** A filled rectangle thinner than this (points) is a line. */
const MAX_LINE_THICKNESS = 2.5;
/** Segments shorter than this (points) are not table rules (tick marks, underlines of a glyph). */
const MIN_LENGTH = 6;

// pdfjs' drawing sub-operators inside a constructPath (DrawOPS in pdf.mjs).
const MOVE_TO = 0;
const LINE_TO = 1;
const CURVE_TO = 2;
const QUAD_TO = 3;
const CLOSE = 4;

export async function pageRulings(page: PDFPageProxy, OPS: Record<string, number>): Promise<Ruling[]> {
  const viewport = page.getViewport({ scale: 1 });
  const list = await page.getOperatorList();
  const out: Ruling[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  const toPage = (x: number, y: number): [number, number] => {
    const ux = ctm[0] * x + ctm[2] * y + ctm[4];
    const uy = ctm[1] * x + ctm[3] * y + ctm[5];
    return viewport.convertToViewportPoint(ux, uy) as [number, number];
  };
  for (let i = 0; i < list.fnArray.length; i++) {
    const fn = list.fnArray[i];
    const args = list.argsArray[i] as unknown[];
    if (fn === OPS["save"]) stack.push(ctm);
    else if (fn === OPS["restore"]) ctm = stack.pop() ?? ctm;
    else if (fn === OPS["transform"]) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS["constructPath"]) {
      const paint = args[0] as number;
      const data = (args[1] as unknown[])[0] as ArrayLike<number> | null | undefined;
      if (!data) continue;
      const stroked = paint === OPS["stroke"] || paint === OPS["closeStroke"] || paint === OPS["fillStroke"] || paint === OPS["eoFillStroke"];
      const filled = paint === OPS["fill"] || paint === OPS["eoFill"] || paint === OPS["fillStroke"] || paint === OPS["eoFillStroke"];
      if (!stroked && !filled) continue;
      for (const poly of polylines(data)) {
        const pts = poly.map(([x, y]) => toPage(x, y));
        if (stroked) for (let k = 1; k < pts.length; k++) pushAxisAligned(out, pts[k - 1]!, pts[k]!);
        if (filled && !stroked) pushThinRect(out, pts);
      }
    }
  }
  return out;
}

function polylines(data: ArrayLike<number>): [number, number][][] {
  const out: [number, number][][] = [];
  let cur: [number, number][] = [];
  for (let i = 0; i < data.length; ) {
    const op = data[i++];
    if (op === MOVE_TO) {
      if (cur.length) out.push(cur);
      cur = [[data[i++]!, data[i++]!]];
    } else if (op === LINE_TO) {
      cur.push([data[i++]!, data[i++]!]);
    } else if (op === CURVE_TO) {
      i += 4;
      cur.push([data[i++]!, data[i++]!]);
    } else if (op === QUAD_TO) {
      i += 2;
      cur.push([data[i++]!, data[i++]!]);
    } else if (op === CLOSE) {
      if (cur.length) cur.push(cur[0]!);
    } else {
      break; // unknown sub-operator: stop reading this path rather than misread it
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

function pushAxisAligned(out: Ruling[], [x1, y1]: [number, number], [x2, y2]: [number, number]): void {
  const horizontal = Math.abs(y1 - y2) < 0.8 && Math.abs(x1 - x2) >= MIN_LENGTH;
  const vertical = Math.abs(x1 - x2) < 0.8 && Math.abs(y1 - y2) >= MIN_LENGTH;
  if (horizontal) out.push({ x1: Math.min(x1, x2), y1: (y1 + y2) / 2, x2: Math.max(x1, x2), y2: (y1 + y2) / 2 });
  else if (vertical) out.push({ x1: (x1 + x2) / 2, y1: Math.min(y1, y2), x2: (x1 + x2) / 2, y2: Math.max(y1, y2) });
}

function pushThinRect(out: Ruling[], pts: [number, number][]): void {
  if (pts.length < 4) return;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  if (y1 - y0 <= MAX_LINE_THICKNESS && x1 - x0 >= MIN_LENGTH) out.push({ x1: x0, y1: (y0 + y1) / 2, x2: x1, y2: (y0 + y1) / 2 });
  else if (x1 - x0 <= MAX_LINE_THICKNESS && y1 - y0 >= MIN_LENGTH) out.push({ x1: (x0 + x1) / 2, y1: y0, x2: (x0 + x1) / 2, y2: y1 });
}

function multiply(m: Matrix, n: Matrix): Matrix {
  // PDF concatenation: n is applied first, then m (cm operand × CTM).
  return [
    n[0] * m[0] + n[1] * m[2],
    n[0] * m[1] + n[1] * m[3],
    n[2] * m[0] + n[3] * m[2],
    n[2] * m[1] + n[3] * m[3],
    n[4] * m[0] + n[5] * m[2] + m[4],
    n[4] * m[1] + n[5] * m[3] + m[5],
  ];
}
