/**
 * Value rows ↔ template rows: a monotone alignment (both are in template order in every text form
 * seen, even when labels are scrambled) that prefers pairs whose label sits next to the numbers.
 * Rows lost from the text leave template rows unmatched instead of shifting every row below them.
 */
export interface AlignInput {
  valueRows: number;
  templateRows: number;
  /** Extra score for pairing value row v with template row t (label adjacency, arity fit), ≥ 0. */
  affinity: (v: number, t: number) => number;
}

const SKIP_VALUE_ROW = -1.5;
const SKIP_TEMPLATE_ROW = -0.3;

/** Returns for each value row its template row index, or -1 when it was left out. */
export function alignRows({ valueRows: V, templateRows: T, affinity }: AlignInput): number[] {
  const score = Array.from({ length: V + 1 }, () => new Float64Array(T + 1).fill(-Infinity));
  const move = Array.from({ length: V + 1 }, () => new Int8Array(T + 1));
  score[0]![0] = 0;
  for (let v = 0; v <= V; v++) {
    for (let t = 0; t <= T; t++) {
      if (v === 0 && t === 0) continue;
      let best = -Infinity;
      let m = 0;
      if (v > 0 && t > 0) {
        const s = score[v - 1]![t - 1]! + 1 + affinity(v - 1, t - 1);
        if (s > best) [best, m] = [s, 1];
      }
      if (v > 0) {
        const s = score[v - 1]![t]! + SKIP_VALUE_ROW;
        if (s > best) [best, m] = [s, 2];
      }
      if (t > 0) {
        const s = score[v]![t - 1]! + SKIP_TEMPLATE_ROW;
        if (s > best) [best, m] = [s, 3];
      }
      score[v]![t] = best;
      move[v]![t] = m;
    }
  }
  const out = new Array<number>(V).fill(-1);
  let v = V;
  let t = T;
  while (v > 0 || t > 0) {
    const m = move[v]![t];
    if (m === 1) out[--v] = --t;
    else if (m === 2) v--;
    else t--;
  }
  return out;
}
