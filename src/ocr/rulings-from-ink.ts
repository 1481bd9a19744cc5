/**
 * Table grids from the ruling lines of a page image. Long thin runs of ink, horizontal and
 * vertical, are rulings; their positions are snapped together (a scan breaks and thickens lines),
 * and bands × cells are cut from them by src/geometry, the same algorithm that cuts the vector
 * rulings of a PDF. The OCR needs the cells before any text. Pixel coordinates, top-left origin.
 */
import { cutGrids, snapSegments, type Segment } from "../geometry/index.js";
import type { Grid } from "../model/index.js";
import type { Binary } from "./image-ops.js";

export type { Segment };
export type PixelGrid = Grid;

export interface GridOptions {
  /** Pixels per point (dpi / 72). */
  pxPerPt: number;
}

/** Shortest ruling, in points: longer than any stroke of a character up to ~16 pt. */
const MIN_H_LENGTH_PT = 24;
const MIN_V_LENGTH_PT = 14;
/** Gaps in a ruling (broken scan lines) up to this, in points, are bridged. */
const MAX_GAP_PT = 1.5;
/** Thicker than this (points) is a filled block or bold text, not a rule. */
const MAX_THICKNESS_PT = 4;
/** Share of a rule's length that must be ink (broken scan lines lose a little). */
const MIN_FILL = 0.9;
/** Rule ends this close (points) to a crossing rule are snapped onto it. */
const SNAP_PT = 6;

export function findRulings(bin: Binary, opts: GridOptions): { h: Segment[]; v: Segment[] } {
  const h = runs(bin, "h", opts);
  const v = runs(bin, "v", opts);
  const snapped = snapSegments(h, v, opts.pxPerPt, SNAP_PT);
  // A table's vertical rule meets at least two horizontal ones (its top and bottom); a tall stroke
  // of a bold heading standing on the table's top rule meets one.
  const touch = 2 * opts.pxPerPt;
  const crossings = (s: Segment): number =>
    new Set(snapped.h.filter((r) => r.y0 >= s.y0 - touch && r.y0 <= s.y1 + touch && s.x0 >= r.x0 - touch && s.x0 <= r.x1 + touch).map((r) => Math.round(r.y0 / touch))).size;
  return { h: snapped.h, v: snapped.v.filter((s) => crossings(s) >= 2) };
}

function runs(bin: Binary, dir: "h" | "v", { pxPerPt }: GridOptions): Segment[] {
  const { width: w, height: h, data } = bin;
  const along = dir === "h" ? w : h;
  const across = dir === "h" ? h : w;
  const minLen = (dir === "h" ? MIN_H_LENGTH_PT : MIN_V_LENGTH_PT) * pxPerPt;
  const maxGap = Math.max(2, MAX_GAP_PT * pxPerPt);
  // Scan lines laid out one after another (vertical ones transposed once: row-major reads are fast).
  const lines = dir === "h" ? data : transpose(data, w, h);
  // Runs per scan line (the line ORed with its neighbours, so a rule that drifts by a pixel stays one run).
  const perLine: [number, number][][] = [];
  for (let c = 0; c < across; c++) {
    const here = c * along;
    const before = c > 0 ? here - along : here;
    const after = c + 1 < across ? here + along : here;
    const out: [number, number][] = [];
    let start = -1;
    let lastInk = -1;
    let inked = 0;
    // A rule is solid: a run bridged over many gaps (the strokes of a bold heading side by side) is text.
    const keep = (): void => {
      if (start >= 0 && lastInk - start >= minLen && inked >= MIN_FILL * (lastInk - start + 1)) out.push([start, lastInk]);
    };
    for (let a = 0; a < along; a++) {
      const ink = lines[here + a]! | lines[before + a]! | lines[after + a]!;
      if (ink) {
        if (start < 0 || a - lastInk > maxGap) {
          keep();
          start = a;
          inked = 0;
        }
        lastInk = a;
        inked++;
      }
    }
    keep();
    perLine.push(out);
  }
  // Runs on consecutive scan lines that overlap are one rule.
  interface Open { c0: number; c1: number; a0: number; a1: number }
  const done: Open[] = [];
  let open: Open[] = [];
  for (let c = 0; c < across; c++) {
    const next: Open[] = [];
    for (const [a0, a1] of perLine[c]!) {
      const hit = open.find((o) => o.a0 <= a1 && a0 <= o.a1 && !next.includes(o));
      if (hit) {
        hit.c1 = c;
        hit.a0 = Math.min(hit.a0, a0);
        hit.a1 = Math.max(hit.a1, a1);
        next.push(hit);
      } else next.push({ c0: c, c1: c, a0, a1 });
    }
    for (const o of open) if (!next.includes(o)) done.push(o);
    open = next;
  }
  done.push(...open);
  const maxThick = MAX_THICKNESS_PT * pxPerPt + 2;
  return done
    .filter((o) => o.c1 - o.c0 <= maxThick)
    .map((o) => {
      const mid = (o.c0 + o.c1) / 2;
      return dir === "h" ? { x0: o.a0, x1: o.a1, y0: mid, y1: mid } : { x0: mid, x1: mid, y0: o.a0, y1: o.a1 };
    });
}

function transpose(data: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[x * h + y] = data[y * w + x]!;
  return out;
}

/** Bordered tables in pixels, cut by the one grid algorithm of src/geometry (row-spanning cells included). */
export function gridsFromRulings(h: Segment[], v: Segment[], pxPerPt: number): PixelGrid[] {
  return cutGrids([...h, ...v], { unitsPerPt: pxPerPt });
}
