/**
 * Approximate substring search (Sellers' algorithm): where in `text` does `pattern` occur with
 * the fewest edits? Used to find template labels in the concatenated text of a table, where labels
 * are split, interleaved with stray characters, or misprinted.
 */
import { distance } from "fastest-levenshtein";

export interface ApproxHit {
  /** Start offset in text (inclusive). */
  start: number;
  /** End offset in text (exclusive). */
  end: number;
  distance: number;
}

export function findApprox(pattern: string, text: string, maxDistance: number): ApproxHit | null {
  const m = pattern.length;
  const n = text.length;
  if (m === 0 || n === 0) return null;
  if (maxDistance === 0) {
    const at = text.indexOf(pattern);
    return at < 0 ? null : { start: at, end: at + m, distance: 0 };
  }
  const windows = candidateWindows(pattern, text, maxDistance);
  if (windows === null) return sellers(pattern, text, maxDistance, 0, n, null);
  // Windows are disjoint and in text order, so the first best end wins as in one full scan.
  let best: ApproxHit | null = null;
  for (let w = 0; w < windows.length; w += 2) best = sellers(pattern, text, maxDistance, windows[w]!, windows[w + 1]!, best);
  return best;
}

/**
 * Where a hit can be, by the pigeonhole filter: split the pattern into maxDistance + 1 pieces; a
 * hit with at most maxDistance edits leaves one piece untouched, so that piece occurs exactly in
 * the text. A piece of the pattern at offset o found at text offset t puts the hit's start within
 * [t − o − k, t − o + k] and its end within [t − o + m − k, t − o + m + k]. Returns merged
 * [from, to) text ranges (flat pairs) to scan, each starting at or before the earliest start a hit
 * ending in it can have; null when the pieces would be empty (scan everything).
 *
 * A scan started at `from` gives every end whose best match starts at or after `from` the same
 * distance and start as a scan from the text's beginning (the DP path of such a match lies wholly
 * to the right of `from`, and cells off it can only grow), so the result is the same hit. Measured
 * on bench-text (issue 14): most of the 60 searches per report then scan a few dozen characters
 * instead of the whole table text.
 */
function candidateWindows(pattern: string, text: string, k: number): number[] | null {
  const m = pattern.length;
  const n = text.length;
  const pieces = k + 1;
  const size = Math.floor(m / pieces);
  if (size === 0) return null;
  const ranges: number[] = [];
  for (let p = 0; p < pieces; p++) {
    const o = p * size;
    const piece = pattern.slice(o, p === pieces - 1 ? m : o + size);
    for (let t = text.indexOf(piece); t >= 0; t = text.indexOf(piece, t + 1)) {
      ranges.push(Math.max(0, t - o - k), Math.min(n, t - o + m + k));
    }
  }
  if (ranges.length === 0) return [];
  // Sort the [from, to) pairs by from (a stable sort: pairs already in order, as when one piece
  // alone occurs, stay as they are without sorting), then merge overlapping ones.
  const order: number[] = [];
  let inOrder = true;
  for (let i = 0; i < ranges.length; i += 2) {
    if (i > 0 && ranges[i]! < ranges[i - 2]!) inOrder = false;
    order.push(i);
  }
  if (!inOrder) order.sort((a, b) => ranges[a]! - ranges[b]!);
  const merged: number[] = [];
  for (const i of order) {
    const from = ranges[i]!;
    const to = ranges[i + 1]!;
    const last = merged.length - 1;
    if (merged.length > 0 && from <= merged[last]!) merged[last] = Math.max(merged[last]!, to);
    else merged.push(from, to);
  }
  return merged;
}

/**
 * Sellers' DP over text[from, to), as if the text began at `from`; keeps `best` unless an end does
 * strictly better. Rows are computed only down to one below the last row within maxDistance
 * (Ukkonen's cut-off: that row moves down at most one per text char); the row below the computed
 * ones holds maxDistance + 1. A cell within maxDistance never takes its value or start from a cell
 * beyond it, so every such cell, and so every hit, is as in the full table.
 */
let rowsA: Int32Array = new Int32Array(64);
let rowsB: Int32Array = new Int32Array(64);
let startsA: Int32Array = new Int32Array(64);
let startsB: Int32Array = new Int32Array(64);

function sellers(pattern: string, text: string, maxDistance: number, from: number, to: number, best: ApproxHit | null): ApproxHit | null {
  const m = pattern.length;
  const over = maxDistance + 1;
  // prev[i] = edits to match pattern[0..i) ending at the current text position; start[i] tracks where.
  // The four rows are reused between calls (grown when a pattern is longer), set as fresh ones would be.
  if (rowsA.length < m + 1) {
    rowsA = new Int32Array(2 * (m + 1));
    rowsB = new Int32Array(2 * (m + 1));
    startsA = new Int32Array(2 * (m + 1));
    startsB = new Int32Array(2 * (m + 1));
  }
  let prev = rowsA;
  let prevStart = startsA.fill(from, 0, m + 1);
  let cur = rowsB.fill(0, 0, m + 1);
  let curStart = startsB.fill(0, 0, m + 1);
  for (let i = 0; i <= m; i++) prev[i] = i;
  /** Last row of the previous column within maxDistance. */
  let last = Math.min(maxDistance, m);
  for (let j = from + 1; j <= to; j++) {
    cur[0] = 0;
    curStart[0] = j;
    const tc = text.charCodeAt(j - 1);
    const top = Math.min(last + 1, m);
    for (let i = 1; i <= top; i++) {
      const sub = prev[i - 1]! + (pattern.charCodeAt(i - 1) === tc ? 0 : 1);
      const del = prev[i]! + 1; // skip a text char
      const ins = cur[i - 1]! + 1; // skip a pattern char
      if (sub <= del && sub <= ins) {
        cur[i] = sub;
        curStart[i] = i === 1 ? j - 1 : prevStart[i - 1]!;
      } else if (del <= ins) {
        cur[i] = del;
        curStart[i] = prevStart[i]!;
      } else {
        cur[i] = ins;
        curStart[i] = curStart[i - 1]!;
      }
    }
    if (top < m) cur[top + 1] = over;
    last = top;
    while (cur[last]! > maxDistance) last--;
    if (last === m) {
      const d = cur[m]!;
      if (best === null || d < best.distance) best = { start: curStart[m]!, end: j, distance: d };
    }
    [prev, cur] = [cur, prev];
    [prevStart, curStart] = [curStart, prevStart];
  }
  return best;
}

/** Similarity of two whole strings, 0..1 (1 − normalized Levenshtein distance). */
export function similarity(a: string, b: string): number {
  const len = Math.max(a.length, b.length);
  return len === 0 ? 1 : 1 - distance(a, b) / len;
}

/** Edits tolerated when looking for a label of this length: none for short labels, ~1 in 4 for long ones. */
export function toleranceFor(length: number): number {
  if (length <= 4) return 0;
  if (length <= 7) return 1;
  // Two look-alike substitutions in a nine-character label (过程姓信自 for 过程性信息) still match.
  return Math.floor(length / 4);
}
