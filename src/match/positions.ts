/**
 * Positions in space-aligned text (pdftotext -layout): which column a number sits under. Columns
 * come from the table's complete rows, from clusters of all its numbers, or from its header words;
 * a short row whose numbers each fall under a distinct column had its other cells printed blank.
 */
import type { Item } from "../layout/items.js";
import type { CellReading } from "../model/index.js";
import { readingOf, type ValueItem } from "./runs.js";

/**
 * Column centres (display columns) of the rows printed with every cell on one line of space-aligned
 * text: the median centre of each cell position. Null when there are too few such rows to trust.
 */
export function columnAnchors(rows: readonly (readonly ValueItem[])[], ncols: number): ColumnAnchors | null {
  const oneLine = rows.filter((r) => r.every((it) => it.x && it.line === r[0]!.line));
  const full = oneLine.filter((r) => r.length === ncols);
  if (full.length >= 2) return { centres: Array.from({ length: ncols }, (_, j) => median(full.map((r) => centre(r[j]!)))), reliable: true };
  // Too few complete rows: cluster every number's centre; ncols clear clusters are the columns.
  const clustered = clusterAnchors(oneLine.flat().map(centre), ncols);
  return clustered ? { centres: clustered, reliable: false } : null;
}

/**
 * Column centres, and whether they came from complete rows (`reliable`). Centres from clusters of
 * short rows, or from header words, are guesses: pdftotext -layout shifts each line by its own
 * label's width, and a header wrapped over three lines (商业企 / 业) sits apart from its numbers.
 */
export interface ColumnAnchors {
  centres: number[];
  reliable: boolean;
}

/**
 * Column centres from a table's header words (table 4's fifteen 结果维持 … 总计, table 2's 本年制发件数 …):
 * the words' centres clustered, used only when they make exactly `ncols` columns.
 */
export function headerAnchors(items: readonly Item[], ncols: number): number[] | null {
  const centres = items.filter((it) => it.kind === "text" && it.x).map((it) => (it.x!.start + it.x!.end) / 2);
  return clusterAnchors(centres, ncols);
}

function clusterAnchors(points: number[], ncols: number): number[] | null {
  const sorted = [...points].sort((a, b) => a - b);
  if (sorted.length < ncols) return null;
  const clusters: number[][] = [[sorted[0]!]];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]! - sorted[i - 1]! > CLUSTER_GAP) clusters.push([]);
    clusters[clusters.length - 1]!.push(sorted[i]!);
  }
  return clusters.length === ncols ? clusters.map(median) : null;
}

/** Display columns between two numbers' centres beyond which they are in different table columns. */
const CLUSTER_GAP = 3;

/**
 * A short row of space-aligned text whose numbers each sit under a distinct column: the columns with
 * nothing under them were printed blank. Null when positions are missing or do not decide.
 */
export function placeByPosition(printed: readonly ValueItem[], anchors: readonly number[]): CellReading[] | null {
  if (!printed.every((it) => it.x && it.line === printed[0]!.line)) return null;
  const spacing = Math.min(...anchors.slice(1).map((a, i) => a - anchors[i]!));
  if (!(spacing > 2)) return null;
  const positions = printed.map((it) => {
    const c = centre(it);
    let best = 0;
    anchors.forEach((a, j) => {
      if (Math.abs(a - c) < Math.abs(anchors[best]! - c)) best = j;
    });
    // Only a number clearly nearer one column than any other is placed by its position.
    const second = Math.min(...anchors.filter((_, j) => j !== best).map((a) => Math.abs(a - c)));
    const d = Math.abs(anchors[best]! - c);
    return d <= spacing * 0.4 && second - d >= spacing * 0.5 ? best : -1;
  });
  if (positions.some((p, i) => p < 0 || (i > 0 && p <= positions[i - 1]!))) return null;
  const anchor = printed[0]!;
  return anchors.map((_, j) => {
    const at = positions.indexOf(j);
    if (at >= 0) return readingOf(printed[at]!);
    return { value: null, unknown: false, raw: "", page: anchor.page, line: anchor.line, flags: ["blank_cell"] };
  });
}

const centre = (it: ValueItem): number => (it.x!.start + it.x!.end) / 2;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
