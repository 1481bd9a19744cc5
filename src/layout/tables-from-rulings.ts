/**
 * Bordered tables from the ruling lines of a PDF page, cut by the one grid algorithm of
 * src/geometry (the scans' OCR uses it too, in pixels). Points, top-left origin.
 */
import { cutGrids } from "../geometry/index.js";
import type { Grid, Ruling } from "../model/index.js";

export type RuledTable = Grid;

export function ruledTables(rulings: readonly Ruling[]): RuledTable[] {
  return cutGrids(
    rulings.map((r) => ({ x0: r.x1, y0: r.y1, x1: r.x2, y1: r.y2 })),
    { unitsPerPt: 1 },
  );
}
