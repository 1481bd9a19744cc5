/**
 * Table grids from the ruling lines of a page image. Long thin runs of ink, horizontal and
 * vertical, are rulings; their positions are snapped together (a scan breaks and thickens lines),
 * and bands × cells are cut from them the way src/layout cuts the rulings of a PDF — repeated
 * here because ingest may not import layout, and because the OCR needs the cells before any text.
 * Pixel coordinates, top-left origin.
 */
import type { Binary } from "./raster.js";

export interface Segment {
  /** Horizontal: y is the line, x0..x1 its extent. Vertical: x is the line, y0..y1 its extent. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PixelGrid {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  bands: [number, number][];
  cellEdges: number[][];
  /** The drawn cells: a cell with no rule under it continues into the band below (merged cells, the vertical 三、本年度办理结果). */
  cells: { x: number; y: number; w: number; h: number }[];
}

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
  const snapped = snap(h, v, opts.pxPerPt);
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

/** Cluster positions of parallel rules, then pull each rule's ends onto the crossing rules near them. */
function snap(h: Segment[], v: Segment[], pxPerPt: number): { h: Segment[]; v: Segment[] } {
  const tol = SNAP_PT * pxPerPt;
  const ys = clusterMap(h.map((s) => s.y0), 1.5 * pxPerPt);
  const xs = clusterMap(v.map((s) => s.x0), 1.5 * pxPerPt);
  const hs = h.map((s, i) => ({ ...s, y0: ys[i]!, y1: ys[i]! }));
  const vs = v.map((s, i) => ({ ...s, x0: xs[i]!, x1: xs[i]! }));
  const nearest = (val: number, cands: number[]): number => {
    let best = val;
    let d = tol;
    for (const c of cands) if (Math.abs(c - val) < d) [best, d] = [c, Math.abs(c - val)];
    return best;
  };
  const hy = (x: number): number[] => hs.filter((s) => s.x0 - tol <= x && x <= s.x1 + tol).map((s) => s.y0);
  const vx = (y: number): number[] => vs.filter((s) => s.y0 - tol <= y && y <= s.y1 + tol).map((s) => s.x0);
  const h2 = hs.map((s) => ({ ...s, x0: nearest(s.x0, vx(s.y0)), x1: nearest(s.x1, vx(s.y0)) }));
  const v2 = vs.map((s) => ({ ...s, y0: nearest(s.y0, hy(s.x0)), y1: nearest(s.y1, hy(s.x0)) }));
  return { h: h2, v: v2 };
}

function clusterMap(vals: number[], tol: number): number[] {
  const order = vals.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(vals.length);
  let group: (readonly [number, number])[] = [];
  const flush = (): void => {
    const mean = group.reduce((s, g) => s + g[0], 0) / group.length;
    for (const [, i] of group) out[i] = mean;
    group = [];
  };
  for (const g of order) {
    if (group.length && g[0] - group[group.length - 1]![0] > tol) flush();
    group.push(g);
  }
  if (group.length) flush();
  return out;
}

/** Bordered tables: rules that touch form a grid; horizontal rules cut it into bands, crossing verticals into cells. */
export function gridsFromRulings(h: Segment[], v: Segment[], pxPerPt: number): PixelGrid[] {
  const touch = 2 * pxPerPt;
  const all = [...h.map((s) => ({ s, dir: "h" as const })), ...v.map((s) => ({ s, dir: "v" as const }))];
  const parent = all.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i]!.s;
      const b = all[j]!.s;
      if (a.x0 <= b.x1 + touch && b.x0 <= a.x1 + touch && a.y0 <= b.y1 + touch && b.y0 <= a.y1 + touch) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, typeof all>();
  all.forEach((r, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), r]));
  const grids: PixelGrid[] = [];
  for (const comp of groups.values()) {
    const hh = comp.filter((r) => r.dir === "h").map((r) => r.s);
    const vv = comp.filter((r) => r.dir === "v").map((r) => r.s);
    if (hh.length < 2 || vv.length < 2) continue;
    const x0 = Math.min(...comp.map((r) => r.s.x0));
    const x1 = Math.max(...comp.map((r) => r.s.x1));
    const y0 = Math.min(...comp.map((r) => r.s.y0));
    const y1 = Math.max(...comp.map((r) => r.s.y1));
    const ys = [...new Set(hh.map((s) => s.y0))].sort((a, b) => a - b);
    const bands: [number, number][] = [];
    const cellEdges: number[][] = [];
    for (let i = 1; i < ys.length; i++) {
      const [top, bottom] = [ys[i - 1]!, ys[i]!];
      if (bottom - top < 3 * pxPerPt) continue;
      const crossing = vv.filter((s) => s.y0 <= top + touch && s.y1 >= bottom - touch).map((s) => s.x0);
      bands.push([top, bottom]);
      cellEdges.push([...new Set([x0, x1, ...crossing])].sort((a, b) => a - b).filter((x, k, arr) => k === 0 || x - arr[k - 1]! > touch));
    }
    if (bands.length) grids.push({ x0, y0, x1, y1, bands, cellEdges, cells: mergedCells(bands, cellEdges, hh, touch) });
  }
  return grids;
}

function mergedCells(bands: [number, number][], cellEdges: number[][], h: Segment[], touch: number): PixelGrid["cells"] {
  const used = new Set<string>();
  const out: PixelGrid["cells"] = [];
  const hasEdges = (b: number, a: number, z: number): boolean => {
    const e = cellEdges[b];
    return !!e && e.some((x) => Math.abs(x - a) <= touch) && e.some((x) => Math.abs(x - z) <= touch);
  };
  // A rule closes the cell when it covers most of the cell's width at the band's bottom.
  const ruled = (y: number, a: number, z: number): boolean =>
    h.some((s) => Math.abs(s.y0 - y) <= touch && Math.min(s.x1, z) - Math.max(s.x0, a) > 0.5 * (z - a));
  bands.forEach(([top], b) => {
    const edges = cellEdges[b]!;
    for (let c = 1; c < edges.length; c++) {
      const [a, z] = [edges[c - 1]!, edges[c]!];
      const key = `${b}:${Math.round(a)}`;
      if (used.has(key)) continue;
      let last = b;
      while (last + 1 < bands.length && !ruled(bands[last]![1], a, z) && hasEdges(last + 1, a, z)) {
        last++;
        const e = cellEdges[last]!;
        const sa = e.find((x) => Math.abs(x - a) <= touch)!;
        used.add(`${last}:${Math.round(sa)}`);
      }
      out.push({ x: a, y: top, w: z - a, h: bands[last]![1] - top });
    }
  });
  return out;
}
