/**
 * Axis-aligned line segments and the clustering of their positions. Any unit (PDF points, image
 * pixels): the caller says how many units make a point, so thresholds stated in points hold for both.
 */

/** An axis-aligned segment, x0 ≤ x1 and y0 ≤ y1. Horizontal: y0 = y1; vertical: x0 = x1. */
export interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Sorted positions, those closer than `tol` to the previous one merged into their group's mean. */
export function clusterPositions(xs: readonly number[], tol: number): number[] {
  const sorted = [...xs].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last && x - last[last.length - 1]! <= tol) last.push(x);
    else out.push([x]);
  }
  return out.map((g) => g.reduce((s, x) => s + x, 0) / g.length);
}

/** Each value replaced by the mean of its cluster (values chained closer than `tol` are one cluster), in input order. */
export function snapToClusters(vals: readonly number[], tol: number): number[] {
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

/**
 * Parallel rules whose positions are within 1.5 pt are put on one position, then each rule's ends
 * are pulled onto the crossing rules within `snapPt` points: a scan breaks, thickens and shortens
 * lines, so drawn rules that meet do not quite meet in the image.
 */
export function snapSegments(h: readonly Segment[], v: readonly Segment[], unitsPerPt: number, snapPt: number): { h: Segment[]; v: Segment[] } {
  const tol = snapPt * unitsPerPt;
  const ys = snapToClusters(h.map((s) => s.y0), 1.5 * unitsPerPt);
  const xs = snapToClusters(v.map((s) => s.x0), 1.5 * unitsPerPt);
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
