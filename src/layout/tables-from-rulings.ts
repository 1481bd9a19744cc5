/**
 * Bordered tables from ruling lines: rulings that touch form a grid; its horizontal rules cut it
 * into row bands, and in each band the vertical rules that cross it cut it into cells. Merged
 * cells come out as they are drawn: a rule that does not cross a band does not split it.
 */
import type { Ruling } from "../model/index.js";

export interface RuledTable {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Row bands, top to bottom: [top, bottom] in points. */
  bands: [number, number][];
  /** For each band, the cell boundaries left to right (x positions, first and last are the table's edges). */
  cellEdges: number[][];
}

/** Rulings closer than this (points) touch; positions closer than this are one rule. */
const TOUCH = 2;

export function ruledTables(rulings: readonly Ruling[]): RuledTable[] {
  const comps = components(rulings);
  const tables: RuledTable[] = [];
  for (const comp of comps) {
    const h = comp.filter((r) => r.y1 === r.y2);
    const v = comp.filter((r) => r.x1 === r.x2);
    if (h.length < 2 || v.length < 2) continue;
    const x0 = Math.min(...comp.map((r) => r.x1));
    const x1 = Math.max(...comp.map((r) => r.x2));
    const y0 = Math.min(...comp.map((r) => r.y1));
    const y1 = Math.max(...comp.map((r) => r.y2));
    const ys = cluster(h.map((r) => r.y1));
    const bands: [number, number][] = [];
    const cellEdges: number[][] = [];
    for (let i = 1; i < ys.length; i++) {
      const [top, bottom] = [ys[i - 1]!, ys[i]!];
      if (bottom - top < 3) continue;
      const crossing = v.filter((r) => r.y1 <= top + TOUCH && r.y2 >= bottom - TOUCH).map((r) => r.x1);
      bands.push([top, bottom]);
      cellEdges.push(cluster([x0, x1, ...crossing]));
    }
    if (bands.length > 0) tables.push({ x0, y0, x1, y1, bands, cellEdges });
  }
  return tables;
}

/** Connected groups of rulings (each touching another of the group). */
function components(rulings: readonly Ruling[]): Ruling[][] {
  const parent = rulings.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < rulings.length; i++) {
    for (let j = i + 1; j < rulings.length; j++) {
      if (touches(rulings[i]!, rulings[j]!)) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, Ruling[]>();
  rulings.forEach((r, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), r]);
  });
  return [...groups.values()];
}

function touches(a: Ruling, b: Ruling): boolean {
  return a.x1 <= b.x2 + TOUCH && b.x1 <= a.x2 + TOUCH && a.y1 <= b.y2 + TOUCH && b.y1 <= a.y2 + TOUCH;
}

/** Sorted positions with those closer than TOUCH merged into their mean. */
function cluster(xs: readonly number[]): number[] {
  const sorted = [...xs].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last && x - last[last.length - 1]! <= TOUCH) last.push(x);
    else out.push([x]);
  }
  return out.map((g) => g.reduce((s, x) => s + x, 0) / g.length);
}
