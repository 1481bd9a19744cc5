/**
 * The one grid algorithm (src/geometry) in two units: a table with a label cell spanning two rows
 * cuts the same in PDF points and, scaled, in pixels at 150 dpi.
 */
import { describe, expect, it } from "vitest";
import { cutGrids, type Segment } from "../src/geometry/index.js";
import { components } from "../src/geometry/grid.js";

// Three rows, two columns; no rule under the left cell of the first row (it spans rows 1–2).
const h = (y: number, x0: number, x1: number): Segment => ({ x0, y0: y, x1, y1: y });
const v = (x: number, y0: number, y1: number): Segment => ({ x0: x, y0, x1: x, y1 });
const POINTS: Segment[] = [h(100, 50, 250), h(120, 150, 250), h(140, 50, 250), h(160, 50, 250), v(50, 100, 160), v(150, 100, 160), v(250, 100, 160)];

describe("cutGrids", () => {
  it("finds bands, cell edges and a row-spanning cell in points", () => {
    const [grid, ...rest] = cutGrids(POINTS, { unitsPerPt: 1 });
    expect(rest).toEqual([]);
    expect(grid!.bands).toEqual([[100, 120], [120, 140], [140, 160]]);
    expect(grid!.cellEdges).toEqual([[50, 150, 250], [50, 150, 250], [50, 150, 250]]);
    expect(grid!.cells).toContainEqual({ x: 50, y: 100, w: 100, h: 40 });
    expect(grid!.cells).toHaveLength(5);
  });

  it("cuts the same table in pixels, thresholds scaled by the unit", () => {
    const k = 150 / 72;
    const px = POINTS.map((s) => ({ x0: s.x0 * k, y0: s.y0 * k, x1: s.x1 * k, y1: s.y1 * k }));
    const [grid] = cutGrids(px, { unitsPerPt: k });
    const [pt] = cutGrids(POINTS, { unitsPerPt: 1 });
    expect(grid!.cells.map((c) => [c.x / k, c.y / k, c.w / k, c.h / k].map((n) => Math.round(n)))).toEqual(pt!.cells.map((c) => [c.x, c.y, c.w, c.h]));
  });
});

describe("components (segments that touch)", () => {
  /** Every pair compared: what the sweep over x must give. */
  function allPairs(all: readonly Segment[], touch: number): Segment[][] {
    const parent = all.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        const [a, b] = [all[i]!, all[j]!];
        if (a.x0 <= b.x1 + touch && b.x0 <= a.x1 + touch && a.y0 <= b.y1 + touch && b.y0 <= a.y1 + touch) parent[find(i)] = find(j);
      }
    }
    const groups = new Map<number, Segment[]>();
    all.forEach((s, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), s]));
    return [...groups.values()];
  }

  it("groups as a comparison of every pair does, with ties, chains, long segments and NaN", () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 400; round++) {
      const n = 1 + Math.floor(rand() * 60);
      const segs: Segment[] = [];
      for (let k = 0; k < n; k++) {
        const x = Math.round(rand() * 100);
        const y = Math.round(rand() * 100);
        const len = rand() < 0.2 ? 80 : Math.round(rand() * 15);
        const seg = rand() < 0.5 ? { x0: x, y0: y, x1: x + len, y1: y } : { x0: x, y0: y, x1: x, y1: y + len };
        if (rand() < 0.03) seg[rand() < 0.5 ? "x0" : "x1"] = NaN;
        segs.push(seg);
      }
      const touch = rand() * 4;
      expect(components(segs, touch)).toEqual(allPairs(segs, touch));
    }
  });
});
