// findApprox scans only the windows its pigeonhole filter allows (issue 14): it must return what
// the full Sellers scan returns, start and end included, on every input.
import { describe, expect, it } from "vitest";
import { findApprox, type ApproxHit } from "../src/match/similarity.js";

/** The full scan findApprox replaced, kept as the reference. */
function fullScan(pattern: string, text: string, maxDistance: number): ApproxHit | null {
  const m = pattern.length;
  const n = text.length;
  if (m === 0 || n === 0) return null;
  if (maxDistance === 0) {
    const at = text.indexOf(pattern);
    return at < 0 ? null : { start: at, end: at + m, distance: 0 };
  }
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
      const del = prev[i]! + 1;
      const ins = cur[i - 1]! + 1;
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

/** Deterministic LCG, so that a failure is reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("findApprox", () => {
  it("finds the same hit as the full scan on random damaged texts", () => {
    const next = rng(14);
    const alphabet = "政府信息公开申请不予处理abc";
    const pick = (): string => alphabet[Math.floor(next() * alphabet.length)]!;
    let hits = 0;
    for (let round = 0; round < 20000; round++) {
      const m = 1 + Math.floor(next() * (round % 4 === 0 ? 36 : 14));
      let pattern = "";
      for (let i = 0; i < m; i++) pattern += pick();
      let text = "";
      const n = Math.floor(next() * 60);
      for (let i = 0; i < n; i++) text += pick();
      // Plant a damaged copy of the pattern somewhere, most of the time.
      if (next() < 0.8) {
        let copy = "";
        for (const ch of pattern) {
          const r = next();
          if (r < 0.08) continue;
          copy += r < 0.16 ? pick() : ch;
          if (next() < 0.06) copy += pick();
        }
        const at = Math.floor(next() * (text.length + 1));
        text = text.slice(0, at) + copy + text.slice(at);
      }
      const k = Math.floor(next() * (m > 14 ? 10 : 5));
      const want = fullScan(pattern, text, k);
      expect(findApprox(pattern, text, k), `${pattern} in ${text}, k=${k}`).toEqual(want);
      if (want) hits++;
    }
    expect(hits).toBeGreaterThan(5000);
  });
});
