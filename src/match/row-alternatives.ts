/**
 * The complete rows a printed row can stand for. A row printed with all its cells has one reading.
 * A row that lost a cell has one reading per position the lost cell could have had, each completed
 * by the row's own sum rule; a row whose digits ran together has one reading per split that satisfies
 * that rule. The table's other rules choose among them later (validate/solve.ts).
 */
import type { CellReading, FlagCode } from "../model/index.js";
import { placeByPosition, type ColumnAnchors } from "./positions.js";
import { readingOf, type ValueItem } from "./runs.js";

/** Column-index form of a table's each_row sum rules: Σ parts = total. */
export interface RowShape {
  ncols: number;
  sums: { parts: number[]; total: number }[];
}

/** Upper bound on readings of one row; beyond it the row is left to review. */
const MAX_READINGS = 400;

export function rowAlternatives(printed: readonly ValueItem[], shape: RowShape, anchors?: readonly number[] | ColumnAnchors): CellReading[][] {
  const n = shape.ncols;
  if (printed.length === n) {
    const cells = printed.map((it) => readingOf(it));
    // A cell known lost at its place (column-major block): its row's sum may determine it.
    if (cells.some((c) => c.unknown) && !completeFromSums(cells, shape)) return [];
    return [cells];
  }
  if (printed.length > n) {
    return [printed.slice(0, n).map((it) => readingOf(it, ["ambiguous"]))];
  }
  // Positions decide when several cells are missing; one missing cell may as well have been lost
  // with the others shifted left (as in scraped tab text), so the rules choose between the readings.
  const centres = anchors && "centres" in anchors ? anchors.centres : anchors;
  const byPosition = centres ? placeByPosition(printed, centres) : null;
  // Placed by guessed columns (see ColumnAnchors): a number may sit under its neighbour's column.
  const unsure = anchors !== undefined && "reliable" in anchors && !anchors.reliable;
  const placed = byPosition && unsure ? byPosition.map((c) => ({ ...c, flags: [...c.flags, "ambiguous" as const] })) : byPosition;
  if (placed && n - printed.length >= 2) return [placed];
  if (printed.some(isSplittable)) {
    const split = splitGlued(printed, shape);
    if (split.length > 0) return split;
  }
  const lost = lostCellReadings(printed, shape);
  return placed ? [placed, ...lost] : lost;
}

/** Digits printed with lost separators, long enough to hold more than one cell. */
function isSplittable(it: ValueItem): boolean {
  return it.kind === "num" && it.glued && /^\d{2,}(?:\.\d+)?$/.test(it.raw);
}

/** Splits of a run's digits into k numbers; a decimal fraction stays with the last (an amount: 17 | 6586650.10). */
function splitsOf(raw: string, k: number): string[][] {
  const [whole, fraction] = raw.split(".");
  const out = [...compositions(whole!, k)];
  return fraction === undefined ? out : out.map((pieces) => [...pieces.slice(0, -1), `${pieces[pieces.length - 1]}.${fraction}`]);
}

/**
 * How plausible a split is, for ordering equally valid ones (the first is shown when the rules
 * cannot choose; it is flagged all the same): zeros as cells of their own first (a zero cell is
 * far more common than a number ending in 0: 37|0|5 before 3|70|5), then pieces of even length
 * (the cells of one row are of one magnitude: 109|0|24 before 1|0|9024).
 */
function splitRank(cells: readonly CellReading[]): [number, number] {
  const split = cells.filter((c) => c.flags.includes("digits_split"));
  const zeros = split.filter((c) => c.raw === "0").length;
  const longest = Math.max(0, ...split.map((c) => c.raw.replace(/\..*$/, "").length));
  return [-zeros, longest];
}

function byPlausibility(a: readonly CellReading[], b: readonly CellReading[]): number {
  const [ra, rb] = [splitRank(a), splitRank(b)];
  return ra[0] - rb[0] || ra[1] - rb[1];
}

/**
 * Readings of a row whose glued digit runs hold more cells than were printed apart: every way to
 * share the missing cells among the runs, and every split of each run (no leading zeros). The
 * splits that satisfy the row's sums are its readings; when none does (the printed totals are
 * wrong: a 总计 printed 0), every split is kept, ambiguous unless the digits allow only one.
 */
function splitGlued(printed: readonly ValueItem[], shape: RowShape): CellReading[][] {
  const extra = shape.ncols - printed.length;
  const glued = printed.map((it, i) => (isSplittable(it) ? i : -1)).filter((i) => i >= 0);
  const holding: CellReading[][] = [];
  const all: CellReading[][] = [];
  for (const shares of distributions(extra, glued.map((i) => printed[i]!.raw.split(".")[0]!.length - 1))) {
    const pieceLists = glued.map((i, g) => splitsOf(printed[i]!.raw, shares[g]! + 1));
    for (const choice of product(pieceLists)) {
      const cells: CellReading[] = [];
      printed.forEach((it, i) => {
        const g = glued.indexOf(i);
        if (g < 0) return void cells.push(readingOf(it));
        const pieces = choice[g]!;
        if (pieces.length === 1) return void cells.push(readingOf(it));
        pieces.forEach((p, k) => {
          const { unit, ...reading } = readingOf(it, ["digits_split"]);
          // A unit printed after the run belongs to its last piece (17 | 6586650.10元).
          cells.push({ ...reading, value: Number(p), raw: p, ...(unit && k === pieces.length - 1 ? { unit } : {}) });
        });
      });
      if (satisfiesSums(cells, shape)) holding.push(cells);
      else if (all.length < MAX_READINGS) all.push(cells);
      if (holding.length >= MAX_READINGS) return holding;
    }
  }
  if (holding.length > 0) return holding.sort(byPlausibility);
  if (all.length <= 1) return all;
  return all.sort(byPlausibility).map((cells) => cells.map((c) => (c.flags.includes("digits_split") ? { ...c, flags: [...c.flags, "ambiguous" as const] } : c)));
}

/** Ways to share `total` extra cells among runs, each taking at most its own limit. */
function* distributions(total: number, limits: readonly number[], from = 0): Generator<number[]> {
  if (from === limits.length) {
    if (total === 0) yield [];
    return;
  }
  for (let k = 0; k <= Math.min(total, limits[from]!); k++) {
    for (const rest of distributions(total - k, limits, from + 1)) yield [k, ...rest];
  }
}

function* product<T>(lists: readonly T[][], from = 0): Generator<T[]> {
  if (from === lists.length) {
    yield [];
    return;
  }
  for (const x of lists[from]!) for (const rest of product(lists, from + 1)) yield [x, ...rest];
}

/** Splits of a digit string into k numbers without leading zeros ("0" itself is fine). */
function* compositions(digits: string, k: number): Generator<string[]> {
  if (k === 1) {
    if (digits.length === 1 || digits[0] !== "0") yield [digits];
    return;
  }
  const maxFirst = digits.length - (k - 1);
  for (let len = 1; len <= maxFirst; len++) {
    const head = digits.slice(0, len);
    if (len > 1 && head[0] === "0") break;
    for (const rest of compositions(digits.slice(len), k - 1)) yield [head, ...rest];
  }
}

function lostCellReadings(printed: readonly ValueItem[], shape: RowShape): CellReading[][] {
  const n = shape.ncols;
  const missing = n - printed.length;
  const anchor = printed[0]!;
  const out = new Map<string, CellReading[]>();
  for (const positions of combinations(n, missing)) {
    const cells: CellReading[] = [];
    let p = 0;
    for (let c = 0; c < n; c++) {
      if (positions.includes(c)) {
        cells.push({ value: null, unknown: true, raw: "", page: anchor.page, line: anchor.line, flags: ["cell_lost"] });
      } else {
        cells.push(readingOf(printed[p++]!, ["cell_lost"]));
      }
    }
    if (!completeFromSums(cells, shape)) continue;
    // With two or more cells lost and nothing to say where, the placement is a guess: for review.
    if (missing >= 2) cells.forEach((c, i) => (cells[i] = { ...c, flags: [...c.flags, "ambiguous"] }));
    const key = cells.map((c) => (c.unknown ? "?" : String(c.value))).join(",");
    if (!out.has(key)) out.set(key, cells);
    if (out.size >= MAX_READINGS) break;
  }
  return [...out.values()];
}

/** Fills an unknown cell that is the only unknown of a sum; false if a sum cannot hold (negative). */
function completeFromSums(cells: CellReading[], shape: RowShape): boolean {
  for (const sum of shape.sums) {
    const idx = [...sum.parts, sum.total];
    const unknown = idx.filter((i) => cells[i]!.unknown);
    if (unknown.length !== 1) continue;
    const u = unknown[0]!;
    const partsSum = sum.parts.filter((i) => i !== u).reduce((s, i) => s + (cells[i]!.value ?? 0), 0);
    const value = u === sum.total ? partsSum : (cells[sum.total]!.value ?? 0) - partsSum;
    if (value < 0) return false;
    // An illegible cell keeps saying so; any other unknown cell was lost from the text.
    const flags: FlagCode[] = [cells[u]!.flags.includes("not_a_number") ? "not_a_number" : "cell_lost", "inferred_from_rule"];
    cells[u] = { ...cells[u]!, value: round(value), unknown: false, flags };
  }
  return cells.every((c) => c.unknown) || satisfiesSums(cells, shape, true);
}

function satisfiesSums(cells: readonly CellReading[], shape: RowShape, ignoreUnknown = false): boolean {
  return shape.sums.every((sum) => {
    const idx = [...sum.parts, sum.total];
    if (ignoreUnknown && idx.some((i) => cells[i]!.unknown)) return true;
    const parts = sum.parts.reduce((s, i) => s + (cells[i]!.value ?? 0), 0);
    return Math.abs(parts - (cells[sum.total]!.value ?? 0)) < 1e-6;
  });
}

function* combinations(n: number, k: number, from = 0): Generator<number[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= n - k; i++) for (const rest of combinations(n, k - 1, i + 1)) yield [i, ...rest];
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
