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
import type { Binary } from "./raster.js";

export interface InkBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Component {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  area: number;
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

/** 8-connected components of the ink inside the box. */
function components(bin: Binary, box: InkBox): Component[] {
  const { w, h } = box;
  const seen = new Uint8Array(w * h);
  const out: Component[] = [];
  const stack: number[] = [];
  const ink = (x: number, y: number): boolean => bin.data[(box.y + y) * bin.width + box.x + x] === 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const at = y * w + x;
      if (seen[at] || !ink(x, y)) continue;
      const c: Component = { x0: x, x1: x, y0: y, y1: y, area: 0 };
      seen[at] = 1;
      stack.push(at);
      while (stack.length > 0) {
        const p = stack.pop()!;
        const px = p % w;
        const py = (p - px) / w;
        c.area++;
        if (px < c.x0) c.x0 = px;
        if (px > c.x1) c.x1 = px;
        if (py < c.y0) c.y0 = py;
        if (py > c.y1) c.y1 = py;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const nx = px + dx;
            const ny = py + dy;
            if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
            const n = ny * w + nx;
            if (!seen[n] && ink(nx, ny)) {
              seen[n] = 1;
              stack.push(n);
            }
          }
        }
      }
      out.push(c);
    }
  }
  return out;
}
