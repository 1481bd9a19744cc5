/**
 * The one grid algorithm (src/geometry) in two units: a table with a label cell spanning two rows
 * cuts the same in PDF points and, scaled, in pixels at 150 dpi.
 */
import { describe, expect, it } from "vitest";
import { cutGrids, type Segment } from "../src/geometry/index.js";

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
