/**
 * Which row labels sit next to which run of numbers. A run's "before" window holds the labels
 * between the previous run and it (a label wrapped around the run's numbers counts as before), its
 * "after" window those between it and the next run. Layout text puts a row's label before its
 * numbers; reading-order text puts a column-by-column block's labels after it.
 */
import type { Item } from "../model/index.js";
import type { LabelHit } from "./label-hits.js";
import type { Run, RunReading } from "./runs.js";

export interface LabelWindows {
  before: LabelHit[];
  after: LabelHit[];
}

export function labelWindows(runs: readonly Run[], r: number, itemCount: number, hits: ReadonlyMap<string, LabelHit>): LabelWindows {
  const run = runs[r]!;
  const prevEnd = runs[r - 1]?.last ?? -1;
  const nextStart = runs[r + 1]?.first ?? itemCount;
  const all = [...hits.values()];
  return {
    before: all.filter((h) => h.firstItem > prevEnd && h.firstItem < run.first && h.lastItem < nextStart),
    after: all.filter((h) => h.firstItem > run.last && h.lastItem < nextStart),
  };
}

/**
 * How close a row label is to a run of numbers: 3 on the same line, 2 just before, 1 just after,
 * 0 elsewhere. Of several labels in a window only the `rows` nearest the run (a run of k
 * column-major rows has k labels) get the full score; farther ones get a little less, so that a
 * label left without numbers (a blank row) does not take the numbers of the row below it.
 */
export function labelAdjacency(
  hit: LabelHit,
  runs: readonly Run[],
  r: number,
  items: readonly Item[],
  rows: number,
  /** labelWindows(runs, r, items.length, hits) for the run's view of the hits: the same for every pair the alignment scores, so computed once by the caller. */
  windows: LabelWindows,
  /** For rows of a column-major block: how many row-major rows precede it in the run; null otherwise. */
  columnMajorAfter: number | null,
): number {
  const { before, after } = windows;
  const inBefore = before.includes(hit);
  const inAfter = after.includes(hit);
  const firstNum = runs[r]!.items[0]!;
  const sameLine = items[hit.lastItem]!.line === firstNum.line || items[hit.firstItem]!.line === firstNum.line;
  // Counted without building lists: this runs for every pair of value row and template row.
  let nearerBefore = 0;
  for (const h of before) if (h.firstItem > hit.firstItem) nearerBefore++;
  let nearerAfter = 0;
  for (const h of after) if (h.firstItem < hit.firstItem) nearerAfter++;
  if (columnMajorAfter !== null) {
    // Rows printed column by column take their k labels from the one side that has k of them.
    const nb = before.length - columnMajorAfter;
    if (inBefore && nb < rows && after.length >= rows) return 0;
    if (inAfter && after.length < rows && nb >= rows) return 0;
    if (inAfter) return nearerAfter >= rows ? 1 : 2;
  }
  if (inBefore) return (sameLine ? 3 : 2) - (nearerBefore >= rows ? 0.5 : 0);
  if (inAfter) return (sameLine ? 2 : 1) - (nearerAfter >= rows ? 0.5 : 0);
  return 0;
}

/**
 * The labels each run may take. Read left to right, a block printed column by column whose labels
 * follow it claims them, so the next block does not see them in its "before" window as well (in
 * reading-order text the labels of block n sit between block n and block n + 1).
 */
export function labelViews(
  runs: readonly Run[],
  readings: readonly RunReading[][],
  rowsInRun: readonly number[],
  itemCount: number,
  hits: ReadonlyMap<string, LabelHit>,
): Map<string, LabelHit>[] {
  const claimed = new Set<string>();
  // Runs after which nothing was claimed see the same labels: one map shared by them (the views are
  // only read), not a copy per run of a document with thousands of runs.
  let shared: Map<string, LabelHit> | null = null;
  let claimedWhenShared = -1;
  return runs.map((_, r) => {
    if (shared === null || claimed.size !== claimedWhenShared) {
      shared = new Map([...hits].filter(([key]) => !claimed.has(key)));
      claimedWhenShared = claimed.size;
    }
    const view = shared;
    const reading = readings[r]![0]!;
    if (!reading.columnMajor) return view;
    const lead = reading.leadingRows ?? 0;
    const k = rowsInRun[r]! - lead;
    const { before, after } = labelWindows(runs, r, itemCount, view);
    if (after.length >= k && before.length - lead < k) {
      after.sort((a, b) => a.firstItem - b.firstItem).slice(0, k).forEach((h) => claimed.add(h.row));
    }
    return view;
  });
}
