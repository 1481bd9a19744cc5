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
  // prev[i] = edits to match pattern[0..i) ending at the current text position; start[i] tracks where.
  let prev = new Int32Array(m + 1);
  let prevStart = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  let curStart = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) prev[i] = i;
  let best: ApproxHit | null = null;
  for (let j = 1; j <= n; j++) {
    cur[0] = 0;
    curStart[0] = j;
    const tc = text.charCodeAt(j - 1);
    for (let i = 1; i <= m; i++) {
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
    const d = cur[m]!;
    if (d <= maxDistance && (best === null || d < best.distance)) best = { start: curStart[m]!, end: j, distance: d };
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
