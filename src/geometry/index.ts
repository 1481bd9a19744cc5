/**
 * Plain geometry shared by the readers and layout: grids cut from line segments in any unit.
 * A leaf: imports nothing else from src/ (tests/layers.test.ts).
 */
export { cutGrids, type CutGrid, type CutOptions } from "./grid.js";
export { clusterPositions, snapSegments, snapToClusters, type Segment } from "./segments.js";
