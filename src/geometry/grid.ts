/**
 * Bordered tables from ruling segments — one algorithm for the vector rulings of a PDF (points)
 * and the ink rules found in a scan (pixels). Segments that touch form a table; its horizontal
 * rules cut it into row bands, and in each band the vertical rules that cross it cut it into
 * cells. Merged cells come out as drawn: a rule that does not cross a band does not split it, and
 * a cell with no rule under it continues into the band below (the vertical 三、本年度办理结果).
 */
import { clusterPositions, type Segment } from "./segments.js";

/** One table cut from segments, in the segments' unit. Structurally the `Grid` of src/model/grid.ts. */
export interface CutGrid {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Row bands, top to bottom: [top, bottom]. */
  bands: [number, number][];
  /** For each band, the cell boundaries left to right (first and last are the table's edges). */
  cellEdges: number[][];
  /** The drawn cells, each as tall as the bands it spans (no rule under it: it continues below). */
  cells: { x: number; y: number; w: number; h: number }[];
}

export interface CutOptions {
  /** Units per point (1 for PDF points; dpi / 72 for pixels). */
  unitsPerPt: number;
}

/** Segments closer than this (points) touch; positions closer than this are one rule. */
const TOUCH_PT = 2;
/** Bands lower than this (points) are a doubled rule, not a row. */
const MIN_BAND_PT = 3;

/** Grids from axis-aligned segments (horizontal: y0 = y1, vertical: x0 = x1), tables in the order of their first segment. */
export function cutGrids(segments: readonly Segment[], { unitsPerPt }: CutOptions): CutGrid[] {
  const touch = TOUCH_PT * unitsPerPt;
  const grids: CutGrid[] = [];
  for (const comp of components(segments, touch)) {
    const hh = comp.filter((s) => s.y0 === s.y1);
    const vv = comp.filter((s) => s.x0 === s.x1);
    if (hh.length < 2 || vv.length < 2) continue;
    const x0 = Math.min(...comp.map((s) => s.x0));
    const x1 = Math.max(...comp.map((s) => s.x1));
    const y0 = Math.min(...comp.map((s) => s.y0));
    const y1 = Math.max(...comp.map((s) => s.y1));
    const ys = clusterPositions(hh.map((s) => s.y0), touch);
    const bands: [number, number][] = [];
    const cellEdges: number[][] = [];
    for (let i = 1; i < ys.length; i++) {
      const [top, bottom] = [ys[i - 1]!, ys[i]!];
      if (bottom - top < MIN_BAND_PT * unitsPerPt) continue;
      const crossing = vv.filter((s) => s.y0 <= top + touch && s.y1 >= bottom - touch).map((s) => s.x0);
      bands.push([top, bottom]);
      cellEdges.push(clusterPositions([x0, x1, ...crossing], touch));
    }
    if (bands.length) grids.push({ x0, y0, x1, y1, bands, cellEdges, cells: spanningCells(bands, cellEdges, hh, touch) });
  }
  return grids;
}

/** Connected groups of segments (each touching another of the group), in input order. Exported for tests. */
export function components(all: readonly Segment[], touch: number): Segment[][] {
  const parent = all.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  // Swept left to right: a segment can touch only those starting at most `touch` after its right
  // end, so each is compared with its neighbours in x, not with every segment of the page (a
  // ruled table has hundreds). NaN sorts last and touches nothing, as in a comparison of all pairs.
  const start = (i: number): number => (Number.isNaN(all[i]!.x0) ? Infinity : all[i]!.x0);
  const order = all.map((_, i) => i).sort((i, j) => start(i) - start(j) || i - j);
  for (let p = 0; p < order.length; p++) {
    const i = order[p]!;
    const a = all[i]!;
    for (let q = p + 1; q < order.length; q++) {
      const j = order[q]!;
      const b = all[j]!;
      if (b.x0 > a.x1 + touch) break;
      if (a.x0 <= b.x1 + touch && b.x0 <= a.x1 + touch && a.y0 <= b.y1 + touch && b.y0 <= a.y1 + touch) parent[find(i)] = find(j);
    }
  }
  // Groups in the order of their first segment, each in input order (whatever the union order).
  const groups = new Map<number, Segment[]>();
  all.forEach((r, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(r);
    else groups.set(root, [r]);
  });
  return [...groups.values()];
}

/** Cells of the grid, a cell extended down over the bands where no horizontal rule closes it. */
function spanningCells(bands: [number, number][], cellEdges: number[][], h: readonly Segment[], touch: number): CutGrid["cells"] {
  const used = new Set<string>();
  const out: CutGrid["cells"] = [];
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
