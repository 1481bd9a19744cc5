/**
 * A bordered table as cut from its ruling lines (src/geometry), in the unit of its source: PDF
 * points for vector rulings, pixels for a scan; top-left origin either way.
 */
export interface Grid {
  /** The table's frame. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Row bands, top to bottom: [top, bottom]. */
  bands: [number, number][];
  /** For each band, the cell boundaries left to right (first and last are the table's edges). */
  cellEdges: number[][];
  /** The drawn cells; a cell with no rule under it spans the bands below it (merged cells). */
  cells: GridBox[];
}

/** A cell's box: left, top, width, height. */
export interface GridBox {
  x: number;
  y: number;
  w: number;
  h: number;
}
