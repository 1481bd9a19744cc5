/**
 * Does a cell's ink look like a number, before any engine reads it? The Chinese model is the slow
 * pass of OCR, and most cells of a statistics table hold numbers that the digit passes read alone;
 * the digit passes, though, are slow and useless on Chinese glyphs (under a digit whitelist the
 * engine searches long among unlikely classes). So the shapes decide which cells the digit passes
 * try first: digits stand in one row, each one stroke as tall as the row and narrower than tall;
 * Chinese characters have parts stacked or side by side (radicals, dots) and are as wide as tall.
 * A number missed here is still read (by the Chinese pass, then the digit passes as before); a
 * label taken for a number is still read right unless both digit passes agree on it confidently.
 */
import type { Binary, Gray } from "./image-ops.js";

export interface InkBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Region {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  area: number;
  /** Pixels of the region on each of its rows, top to bottom. */
  rows: number[];
}

/** Components smaller than this share of the box's height squared are specks, commas or points. */
const SPECK_AREA = 0.04;

export function looksLikeDigits(bin: Binary, box: InkBox): boolean {
  if (box.h < 6) return false;
  const parts = components(bin, box).filter((c) => c.area >= SPECK_AREA * box.h * box.h);
  if (parts.length === 0 || parts.length > 24) return false;
  parts.sort((a, b) => a.x0 - b.x0);
  let lastRight = -Infinity;
  for (const c of parts) {
    const w = c.x1 - c.x0 + 1;
    const h = c.y1 - c.y0 + 1;
    // A minus sign: short, flat, at mid height.
    const minus = h < box.h * 0.25 && w < box.h * 0.9 && parts.length > 1 && c === parts[0];
    if (!minus && (h < box.h * 0.6 || w > h * 0.85)) return false;
    // Digits stand on one line and are as tall as the number: top and foot level with the box's.
    if (!minus && (c.y0 > box.h * 0.2 || c.y1 < box.h * 0.8 - 1)) return false;
    // Side by side, never stacked: a digit's box barely overlaps its neighbour's.
    if (c.x0 < lastRight - Math.max(1, w * 0.25)) return false;
    lastRight = Math.max(lastRight, c.x1);
  }
  return true;
}

/** 8-connected components of the ink inside the box (coordinates relative to the box). */
function components(bin: Binary, box: InkBox): Region[] {
  return regions(box.w, box.h, (x, y) => bin.data[(box.y + y) * bin.width + box.x + x] === 1, 8);
}

/**
 * The connected regions of the pixels of a w × h area for which `member` holds, each with its box,
 * its area and its pixels per row (flood fill; 8 neighbours for ink, 4 for the paper between it).
 */
function regions(w: number, h: number, member: (x: number, y: number) => boolean, neighbours: 4 | 8): Region[] {
  const seen = new Uint8Array(w * h);
  const out: Region[] = [];
  const stack: number[] = [];
  const steps = neighbours === 8 ? STEPS_8 : STEPS_4;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const at = y * w + x;
      if (seen[at] || !member(x, y)) continue;
      const r: Region = { x0: x, x1: x, y0: y, y1: y, area: 0, rows: [] };
      const perRow = new Uint32Array(h);
      seen[at] = 1;
      stack.push(at);
      while (stack.length > 0) {
        const p = stack.pop()!;
        const px = p % w;
        const py = (p - px) / w;
        r.area++;
        perRow[py]!++;
        if (px < r.x0) r.x0 = px;
        if (px > r.x1) r.x1 = px;
        if (py < r.y0) r.y0 = py;
        if (py > r.y1) r.y1 = py;
        for (const [dx, dy] of steps) {
          const nx = px + dx;
          const ny = py + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const n = ny * w + nx;
          if (!seen[n] && member(nx, ny)) {
            seen[n] = 1;
            stack.push(n);
          }
        }
      }
      r.rows = Array.from(perRow.subarray(r.y0, r.y1 + 1));
      out.push(r);
    }
  }
  return out;
}

const STEPS_4 = [[1, 0], [-1, 0], [0, 1], [0, -1]] as const;
const STEPS_8 = [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]] as const;

/**
 * Do the holes of a number's glyphs contradict its reading? The engines' one dangerous confusion
 * is among the looped digits — a serif 6 read as 0 by every pass alike — and loops are easy to
 * see: 0 has one tall hole, 6 one low, 9 one high, 8 two. Only those readings are checked, and
 * only where the ink splits into one glyph per digit; a hole closed by noise or opened by a faint
 * stroke proves nothing, so a digit is contradicted only by a hole placed where the reading can
 * have none (a 0 whose one hole sits low is a 6). `crop`: a number cell's crop, ink dark on white.
 */
/** Gray level under which a pixel closes a loop: light, so a hairline joint of a serif 6 counts. */
const LOOP_INK = 200;

export function holesContradict(crop: Gray, digits: string): boolean {
  const glyphs = digits.replace(/[^0-9]/g, "");
  if (!/[0689]/.test(glyphs)) return false;
  const { bin, parts: all, tall } = loopGlyphs(crop);
  const parts = all.filter((c) => c.y1 - c.y0 + 1 >= tall * 0.6).sort((a, b) => a.x0 - b.x0);
  if (parts.length !== glyphs.length) return false;
  return parts.some((c, k) => {
    const holes = holesOf(bin, c);
    const digit = glyphs[k]!;
    if (holes.length === 2) return digit === "0" || digit === "6" || digit === "9";
    if (holes.length !== 1) return false;
    const { centre, span } = loopPlace(c, holes[0]!);
    const low = centre > 0.58 && span < 0.55;
    const high = centre < 0.42 && span < 0.55;
    if (digit === "0") return low || high;
    if (digit === "6") return high || span > 0.65;
    if (digit === "9") return low || span > 0.65;
    if (digit === "8") return span > 0.65;
    return false;
  });
}

/** A crop as the loop checks see it: ink where darker than LOOP_INK, its glyphs (specks left out), the tallest one's height. */
function loopGlyphs(crop: Gray): { bin: Binary; parts: Region[]; tall: number } {
  const bin: Binary = { width: crop.width, height: crop.height, data: crop.data.map((v) => (v < LOOP_INK ? 1 : 0)) };
  const all = components(bin, { x: 0, y: 0, w: crop.width, h: crop.height });
  const tall = Math.max(0, ...all.map((c) => c.y1 - c.y0 + 1));
  return { bin, parts: all.filter((c) => c.area >= SPECK_AREA * tall * tall), tall };
}

/** Where a glyph's loop sits: its centre and its height, as shares of the glyph's height from its top. */
function loopPlace(glyph: Region, hole: Region): { centre: number; span: number } {
  const h = glyph.y1 - glyph.y0 + 1;
  return { centre: ((hole.y0 + hole.y1) / 2 - glyph.y0) / h, span: (hole.y1 - hole.y0 + 1) / h };
}

/** The enclosed paper regions of a glyph: background in its box not reached from the box's edge. */
function holesOf(bin: Binary, c: Region): Region[] {
  const w = c.x1 - c.x0 + 1;
  const h = c.y1 - c.y0 + 1;
  const paper = (x: number, y: number): boolean => bin.data[(c.y0 + y) * bin.width + c.x0 + x] !== 1;
  // Paper regions that touch the box's edge are outside the glyph; the others are its loops.
  return regions(w, h, paper, 4)
    .filter((r) => r.x0 > 0 && r.y0 > 0 && r.x1 < w - 1 && r.y1 < h - 1)
    // A pinhole of noise is no loop.
    .filter((r) => r.area >= Math.max(3, 0.01 * w * h))
    .map((r) => ({ ...r, x0: r.x0 + c.x0, x1: r.x1 + c.x0, y0: r.y0 + c.y0, y1: r.y1 + c.y0 }));
}

/**
 * A lone 0, by its shape: one glyph, narrower than tall, with one loop centred and tall whose
 * waist is as wide as the rest (an 8 whose waist broke has a loop pinched in the middle). With a
 * confident digit reading of 0 it makes a second, independent reading: the most common value of a
 * statistics table needs no second engine pass.
 */
export function looksLikeZero(crop: Gray): boolean {
  const { bin, parts, tall } = loopGlyphs(crop);
  if (parts.length !== 1 || tall < 8) return false;
  const c = parts[0]!;
  const w = c.x1 - c.x0 + 1;
  const h = c.y1 - c.y0 + 1;
  if (w < h * 0.35 || w > h * 0.85) return false;
  const holes = holesOf(bin, c);
  if (holes.length !== 1) return false;
  const hole = holes[0]!;
  const { centre, span } = loopPlace(c, hole);
  if (centre < 0.4 || centre > 0.6 || span < 0.55) return false;
  const widest = Math.max(...hole.rows);
  const waist = hole.rows[Math.floor(hole.rows.length / 2)]!;
  return waist >= widest * 0.6 && (hole.x1 - hole.x0 + 1) >= w * 0.3;
}
