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
  // One flat table each for scores and moves (row v at v × (T + 1)): not two arrays per value row.
  const W = T + 1;
  const score = new Float64Array((V + 1) * W).fill(-Infinity);
  const move = new Int8Array((V + 1) * W);
  score[0] = 0;
  for (let v = 0; v <= V; v++) {
    for (let t = 0; t <= T; t++) {
      if (v === 0 && t === 0) continue;
      let best = -Infinity;
      let m = 0;
      if (v > 0 && t > 0) {
        const s = score[(v - 1) * W + t - 1]! + 1 + affinity(v - 1, t - 1);
        if (s > best) {
          best = s;
          m = 1;
        }
      }
      if (v > 0) {
        const s = score[(v - 1) * W + t]! + SKIP_VALUE_ROW;
        if (s > best) {
          best = s;
          m = 2;
        }
      }
      if (t > 0) {
        const s = score[v * W + t - 1]! + SKIP_TEMPLATE_ROW;
        if (s > best) {
          best = s;
          m = 3;
        }
      }
      score[v * W + t] = best;
      move[v * W + t] = m;
    }
  }
  const out = new Array<number>(V).fill(-1);
  let v = V;
  let t = T;
  while (v > 0 || t > 0) {
    const m = move[v * W + t];
    if (m === 1) out[--v] = --t;
    else if (m === 2) v--;
    else t--;
  }
  return out;
}
