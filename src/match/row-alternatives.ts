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
  /**
   * Run-on text of a document that prints zeros blank (see tracelessBlanks): a row's missing cells
   * may be blanks anywhere, even where its digits also split into cells that satisfy its sums.
   */
  blanksTraceless?: boolean | undefined;
  /**
   * The document's printed totals are known wrong (rows whose digits split only one way break their
   * sums, see brokenSums): a split of run-together digits that satisfies a sum may do so by chance.
   */
  sumsUnreliable?: boolean | undefined;
  /**
   * …and every row that shows it printed the broken sums' 总计 as 0 (brokenSums' zeroTotals): a printed
   * total is then either right or 0, so a split is a reading only if each of its sums holds or has
   * its total printed 0.
   */
  totalsPrintedZero?: boolean | undefined;
  /** The row's bounds (see BoundRule) in column-index form: Σ lhs ≥ Σ rhs. */
  bounds?: readonly { lhs: number[]; rhs: number[]; certain: boolean }[] | undefined;
  /** Which columns take a signed value (本年增/减); a number printed with a sign sits in no other. */
  signed?: readonly boolean[] | undefined;
  /** The document prints zeros blank (TableHints.zerosBlank): a row's missing cells are blanks. */
  zerosBlank?: boolean | undefined;
  /**
   * The table prints zeros blank, and text whose numbers stand apart with no positions (tab-separated)
   * may have dropped a row's last empty cells: a short row may be its numbers where they stand, the
   * rest blank, as well as a row that lost cells.
   */
  trailingBlanks?: boolean | undefined;
}

/**
 * Run-on rows whose digits split only one way (as many digits as cells) and still break their
 * row's sums: two or more say the document prints wrong totals (`unreliable`: 总计 printed 0).
 * `zeroTotals`: every such row balances once the totals printed 0 are let off (report software
 * that never filled its totals in: fj-pingtan-htp_2024), rather than showing some other wrong
 * figure. One pass: each run's splits are searched once for both.
 */
export function brokenSums(runs: readonly { items: readonly ValueItem[] }[], shape: RowShape): { unreliable: boolean; zeroTotals: boolean } {
  let broken = 0;
  let zeroTotals = true;
  for (const r of runs) {
    if (!r.items.every((it) => it.kind === "num" && it.glued && /^\d+$/.test(it.raw))) continue;
    // Rows with fewer digits than cells are blanks' business, not wrong totals'.
    if (r.items.reduce((n, it) => n + it.raw.length, 0) < shape.ncols) continue;
    if (searchSplits(r.items, shape, true, false).splits.length > 0) continue;
    broken++;
    // No split holds: one must, once the totals printed 0 are let off.
    if (zeroTotals && searchSplits(r.items, shape, "or_zero_total", false).splits.length === 0) zeroTotals = false;
  }
  return { unreliable: broken >= 2, zeroTotals: zeroTotals && broken > 0 };
}

/** Every value of the row is a number whose separators may be lost (run-on text). */
const allRunOn = (items: readonly ValueItem[]): boolean => items.every((it) => it.kind === "num" && it.glued);

/** Upper bound on readings of one row; beyond it the row is left to review. */
const MAX_READINGS = 400;

/**
 * Whether run-on text prints zeros blank: some row's digits are fewer than its cells (only blanks
 * explain that), or fewer value rows were printed than the table has (rows printed all blank).
 */
export function tracelessBlanks(runs: readonly { items: readonly ValueItem[] }[], ncols: number, fewestRows: number): boolean {
  // No numbers at all (every row printed blank) counts: the rows of other tables decide alone.
  if (!runs.every((r) => allRunOn(r.items))) return false;
  const digits = (r: { items: readonly ValueItem[] }): number => r.items.reduce((n, it) => n + it.raw.replace(/[^0-9]/g, "").length, 0);
  return runs.some((r) => digits(r) < ncols) || runs.length < fewestRows;
}

export function rowAlternatives(printed: readonly ValueItem[], shape: RowShape, anchors?: readonly number[] | ColumnAnchors): CellReading[][] {
  return alikeSettled(withinBounds(readingsOf(printed, shape, anchors), shape));
}

/** A cell left to the rules (varies) that every reading kept gives one value is settled. */
function alikeSettled(readings: CellReading[][]): CellReading[][] {
  const first = readings[0];
  if (!first || !first.some((c) => c.varies)) return readings;
  const alike = first.map((c, j) => readings.every((r) => r[j]!.value === c.value));
  return readings.map((cells) => cells.map((c, j) => (alike[j] && c.varies ? (({ varies: _, ...rest }) => rest)(c) : c)));
}

/**
 * Readings that break a certain bound, or put a signed number (-40) in a column of counts, are
 * dropped (unless all do: then the printed values break it and the rules say so); the others are
 * ordered by how many uncertain bounds they keep.
 */
function withinBounds(readings: CellReading[][], shape: RowShape): CellReading[][] {
  const bounds = shape.bounds ?? [];
  const signed = shape.signed;
  if ((bounds.length === 0 && !signed) || readings.length < 2) return readings;
  const signMisplaced = (cells: readonly CellReading[]): boolean =>
    signed !== undefined && cells.some((c, j) => signed[j] === false && /^[+-]/.test(c.raw.trim()));
  const broken = (cells: readonly CellReading[], certain: boolean): number =>
    bounds.filter((b) => {
      if (b.certain !== certain) return false;
      const cellsOf = [...b.lhs, ...b.rhs].map((j) => cells[j]);
      if (cellsOf.some((c) => !c || c.unknown)) return false;
      const sum = (js: number[]): number => js.reduce((s, j) => s + (cells[j]!.value ?? 0), 0);
      return sum(b.lhs) < sum(b.rhs);
    }).length;
  const kept = readings.filter((r) => broken(r, true) === 0 && !signMisplaced(r));
  const pool = kept.length > 0 ? kept : readings;
  return pool.map((r, i) => ({ r, i, k: broken(r, false) })).sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.r);
}

function readingsOf(printed: readonly ValueItem[], shape: RowShape, anchors?: readonly number[] | ColumnAnchors): CellReading[][] {
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
  // Only a row printed on one line of space-aligned text: in reading-order text (a number a line)
  // a number may have gone elsewhere (a 总计 printed after the next heading), and a blank reading
  // would then settle the group's total wrong.
  const oneLine = (): boolean => printed.every((it) => it.kind === "num" && it.x && it.line === printed[0]!.line && !isSplittable(it));
  if (shape.zerosBlank && !(byPosition && !unsure) && oneLine()) {
    const blanks = blankPlacements(printed, shape, centres);
    if (blanks.length > 0) return blanks;
  }
  if (placed && n - printed.length >= 2) return [placed];
  if (printed.some(isSplittable) || allRunOn(printed)) {
    const split = splitGlued(printed, shape);
    if (split.length > 0) return split;
  }
  const lost = lostCellReadings(printed, shape);
  // `959` then six empty fields, the 总计 among them (printed only in some rows): where it stands, the
  // rest blank; the rules choose between that and the lost cells, and flag the cells they cannot.
  if (!shape.trailingBlanks || !apartOnOneLine(printed)) return placed ? [placed, ...lost] : lost;
  // A row read as having lost cells may as well end in blanks: where the two disagree, its cells are
  // in doubt (a sum completed from the lost cell holds, one a blank leaves unchecked does not fail:
  // the first would win unflagged).
  const blanksAfter = endingInBlanks(printed, n);
  const differs = (c: CellReading, j: number): boolean => c.unknown || c.value !== blanksAfter[j]!.value;
  const lostOrBlank = lost.map((cells) => cells.map((c, j) => (differs(c, j) ? { ...c, flags: [...c.flags, "ambiguous" as const] } : c)));
  return placed ? [placed, blanksAfter, ...lostOrBlank] : [blanksAfter, ...lostOrBlank];
}

/** Numbers of one line, apart from each other and with no position of their own (tab-separated text). */
function apartOnOneLine(printed: readonly ValueItem[]): boolean {
  return printed.length > 0 && printed.every((it) => !it.x && !(it.kind === "num" && it.glued) && it.line === printed[0]!.line && it.page === printed[0]!.page);
}

/** The printed cells in the row's first columns, the rest printed blank. */
function endingInBlanks(printed: readonly ValueItem[], n: number): CellReading[] {
  const at = printed[printed.length - 1]!;
  const blank = (): CellReading => ({ value: null, unknown: false, raw: "", page: at.page, line: at.line, flags: ["blank_cell"] });
  return Array.from({ length: n }, (_, i) => (i < printed.length ? readingOf(printed[i]!) : blank()));
}

/**
 * A row of a document that prints zeros blank, printed short (table 4's one row of fifteen with six
 * numbers): its missing cells are blanks. Every order-keeping placement whose sums hold is a
 * reading, nearest the column positions first where there are some (pdftotext -layout squeezes
 * table 4's three-level header, so they only rank), else leftmost first; the cells the readings
 * disagree on are flagged.
 */
export function blankPlacements(
  printed: readonly ValueItem[],
  shape: RowShape,
  centres?: readonly number[],
  /** Where there are no positions, a cost of putting the numbers in these columns (lowest first). */
  columnCost?: (cols: readonly number[]) => number,
): CellReading[][] {
  const found = searchSplits(printed, shape, true, true);
  if (found.splits.length === 0) return [];
  const readings = found.splits.map((cells) => cells.map((c) => (isTracelessBlank(c) ? { ...c, flags: ["blank_cell" as const] } : c)));
  const xs = printed.map((it) => (it.x ? (it.x.start + it.x.end) / 2 : null));
  const placed = xs.every((x) => x !== null);
  // cols: the column of each printed number (the other cells are blanks).
  const distance = (cols: readonly number[]): number => (centres && placed ? cols.reduce((d, j, i) => d + Math.abs(xs[i]! - centres[j]!), 0) : 0);
  // The numbers' own positions: the columns of one line are evenly spaced, so the placement whose
  // column indexes fit the numbers' positions on one straight line is the likeliest, whatever the
  // header says (three numbers at least: two fit any two columns).
  const misfit = (cols: readonly number[]): number => {
    if (xs.length < 3 || !placed) return 0;
    const n = cols.length;
    const mc = cols.reduce((a, b) => a + b, 0) / n;
    const mx = (xs as number[]).reduce((a, b) => a + b, 0) / n;
    const scc = cols.reduce((a, c) => a + (c - mc) ** 2, 0);
    const w = cols.reduce((a, c, i) => a + (c - mc) * (xs[i]! - mx), 0) / scc;
    const rms = Math.sqrt(cols.reduce((a, c, i) => a + (mx + w * (c - mc) - xs[i]!) ** 2, 0) / n);
    // Within a character of the line: as good as any (a number's centre moves with its width).
    return Math.round(rms);
  };
  const sorted = readings
    .map((r) => {
      const cols = r.flatMap((c, j) => (c.raw === "" ? [] : [j]));
      return { r, c: columnCost?.(cols) ?? 0, m: misfit(cols), d: distance(cols), s: cols.reduce((a, j) => a + j, 0) };
    })
    .sort((a, b) => a.c - b.c || a.m - b.m || a.d - b.d || a.s - b.s)
    .map((x) => x.r);
  return found.exhausted ? markVarying(sorted) : sorted.map(markAmbiguous);
}

/** Digits printed with lost separators, long enough to hold more than one cell. */
function isSplittable(it: ValueItem): boolean {
  return it.kind === "num" && it.glued && /^[+-]?\d{2,}(?:\.\d+)?$/.test(it.raw);
}

/**
 * How plausible a split is, for ordering equally valid ones (the first is shown when the rules
 * cannot choose; it is flagged all the same): a change (本年增/减, a signed column) of at most two
 * digits first (a year's change in a count of licensing items is small: 1322|-40|37922 before
 * 1322|-403|7922), then zeros as cells of their own (a zero cell is far more common than a number
 * ending in 0: 37|0|5 before 3|70|5), then pieces of even length (the cells of one row are of one
 * magnitude: 109|0|24 before 1|0|9024).
 */
function splitRank(cells: readonly CellReading[], signed?: readonly boolean[]): [number, number, number, number, number] {
  const split = cells.filter((c) => c.flags.includes("digits_split"));
  const blanks = cells.filter(isTracelessBlank).length;
  const digits = (c: CellReading): number => c.raw.replace(/^[+-]/, "").replace(/\..*$/, "").length;
  const bigChanges = signed ? cells.filter((c, j) => signed[j] && c.flags.includes("digits_split") && digits(c) > 2).length : 0;
  // Of placements with as many blanks, the one with its numbers leftmost (自然人 before the others).
  const spread = cells.reduce((s, c, j) => s + (isTracelessBlank(c) ? 0 : j), 0);
  const zeros = splitZeros(cells);
  const longest = Math.max(0, ...split.map(digits));
  return [blanks, bigChanges, -zeros, longest, spread];
}

/** Cells a run's split made of a lone 0 (37|0|5). */
function splitZeros(cells: readonly CellReading[]): number {
  return cells.filter((c) => c.raw === "0" && c.flags.includes("digits_split")).length;
}

/** Splits ordered by splitRank, for a row of the given shape. */
function byPlausibility(shape: RowShape): (a: readonly CellReading[], b: readonly CellReading[]) => number {
  return (a, b) => {
    const [ra, rb] = [splitRank(a, shape.signed), splitRank(b, shape.signed)];
    return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2] || ra[3] - rb[3] || ra[4] - rb[4];
  };
}

/**
 * Readings of a row whose glued digit runs hold more cells than were printed apart: every way to
 * cut the runs into the row's cells (no leading zeros; a decimal fraction stays with a run's last
 * piece). The cuts are searched cell by cell and a branch is dropped as soon as a sum whose cells
 * are all cut fails, so a 29-digit run of table 4's fifteen cells is split in milliseconds. The
 * splits that satisfy the row's sums are its readings; when none does (the printed totals are
 * wrong: a 总计 printed 0), the first splits found are kept, ambiguous unless the digits allow only
 * one. A search that runs out of its budget keeps what it found, ambiguous.
 */
function splitGlued(printed: readonly ValueItem[], shape: RowShape): CellReading[][] {
  // Run-on text of a document that prints zeros blank keeps no trace of a blank cell.
  const blanksPossible = shape.blanksTraceless === true && allRunOn(printed);
  if (!blanksPossible && shape.sumsUnreliable && shape.totalsPrintedZero) {
    const zeroTotals = splitsWithZeroTotals(printed, shape);
    if (zeroTotals.length > 0) return zeroTotals;
  }
  const pieces = searchSplits(printed, shape, true, false);
  if (!blanksPossible) {
    if (shape.sumsUnreliable && pieces.splits.length > 0) {
      // Totals known wrong: a split that holds is no proof; every split is a reading, for review
      // where they disagree.
      const any = searchSplits(printed, shape, false, false);
      const all = [...pieces.splits, ...any.splits.filter((cells) => !pieces.splits.some((p) => p.every((c, j) => c.value === cells[j]!.value)))];
      if (all.length === 1 && any.exhausted) return all;
      return any.exhausted ? markVarying(all.sort(byPlausibility(shape))) : all.sort(byPlausibility(shape)).map(markAmbiguous);
    }
    // Splits a sum verifies are the row's readings.
    if (pieces.splits.length > 0) {
      const sorted = pieces.splits.sort(byPlausibility(shape));
      return pieces.exhausted ? sorted : sorted.map(markAmbiguous);
    }
    // None holds (the printed totals are wrong: a 总计 printed 0): the digits as they split, for
    // review unless they split only one way.
    const any = searchSplits(printed, shape, false, false);
    if (any.splits.length === 1 && any.exhausted) return any.splits;
    return any.splits.sort(byPlausibility(shape)).map(markAmbiguous);
  }
  // A sum that holds for one split may hold by chance, and a missing cell may as well be a blank
  // anywhere: shifting every row's numbers to the same other columns satisfies every rule of the
  // table too, so the rules alone seldom settle where blanks are (a figure the prose states may).
  const withBlanks = searchSplits(printed, shape, true, true);
  const all = [...pieces.splits, ...withBlanks.splits.filter((cells) => cells.some(isTracelessBlank))];
  if (all.length > 0) {
    // Readings whose sums are checked before those that leave a total blank (unchecked).
    const unchecked = (cells: readonly CellReading[]): number =>
      shape.sums.filter((sum) => isTracelessBlank(cells[sum.total]!) && sum.parts.some((p) => (cells[p]!.value ?? 0) !== 0)).length;
    // A document that prints its zeros blank seldom prints a 0: a split that makes one (10 → 1|0)
    // is less likely than a blank more (10 10 641 11 in table 4 is 10, 10, 6|4|1, 11).
    const plausibility = byPlausibility(shape);
    const sorted = all.sort((a, b) => unchecked(a) - unchecked(b) || splitZeros(a) - splitZeros(b) || plausibility(a, b));
    if (!withBlanks.exhausted || !pieces.exhausted) return sorted.map(markAmbiguous);
    // The column rules may settle them: the solver flags the cells they differ on unless every
    // combination of readings that breaks as few rules gives them one value (a sum left unchecked
    // by a blank 总计 counts as no evidence there).
    return markVarying(sorted, "varies");
  }
  // No placement holds the row's sums (its 总计 not printed: 17 alone): the same, over every placement.
  const any = searchSplits(printed, shape, false, true);
  const sorted = any.splits.sort(byPlausibility(shape));
  return any.exhausted ? markVarying(sorted, "varies") : sorted.map(markAmbiguous);
}

/**
 * A row of a document whose wrong totals are all printed 0: its readings are the splits each of
 * whose sums holds or has its total printed 0. Where they break the same sums (or none), the row's
 * own sums cannot choose between them and the table's other rules must: the cells they differ on
 * are left for the solver to settle, ambiguous unless it proves one choice (CellReading.varies).
 * Where one breaks a sum another keeps, that one may balance by chance: the cells are flagged.
 */
function splitsWithZeroTotals(printed: readonly ValueItem[], shape: RowShape): CellReading[][] {
  // The splits that hold first: the search for the others may stop at its budget before it finds them.
  const holding = searchSplits(printed, shape, true, false);
  const found = searchSplits(printed, shape, "or_zero_total", false);
  const key = (cells: readonly CellReading[]): string => cells.map((c) => c.raw).join("|");
  const seen = new Set(holding.splits.map(key));
  const sorted = [...holding.splits, ...found.splits.filter((cells) => !seen.has(key(cells)))].sort(byPlausibility(shape));
  if (!found.exhausted || !holding.exhausted) return sorted.map(markAmbiguous);
  const broken = (cells: readonly CellReading[]): string =>
    shape.sums.map((sum) => (Math.abs(sum.parts.reduce((x, p) => x + (cells[p]!.value ?? 0), 0) - (cells[sum.total]!.value ?? 0)) < 1e-6 ? "." : "x")).join("");
  const first = sorted[0] ? broken(sorted[0]) : "";
  if (sorted.some((cells) => broken(cells) !== first)) return markVarying(sorted);
  return first.includes("x") ? markVarying(sorted, "varies") : sorted;
}

const isTracelessBlank = (c: CellReading): boolean => c.raw === "" && c.flags.includes("blank_cell") && c.flags.includes("cell_lost");

/**
 * The cells whose value differs between the readings, flagged ambiguous in every reading; or, with
 * "varies", marked for the table's rules to settle (CellReading.varies).
 */
function markVarying(readings: CellReading[][], mark: "ambiguous" | "varies" = "ambiguous"): CellReading[][] {
  if (readings.length < 2) return readings;
  const varies = readings[0]!.map((_, j) => readings.some((r) => r[j]!.value !== readings[0]![j]!.value));
  const marked = (c: CellReading): CellReading => (mark === "varies" ? { ...c, varies: true } : { ...c, flags: [...c.flags, "ambiguous" as const] });
  return readings.map((cells) => cells.map((c, j) => (varies[j] ? marked(c) : c)));
}

/**
 * A reading among others not all found, or not settled by the row's sums: every cell is in doubt,
 * a number printed whole too (where the run before it was cut decides its column).
 */
function markAmbiguous(cells: CellReading[]): CellReading[] {
  return cells.map((c) => (c.flags.includes("ambiguous") ? c : { ...c, flags: [...c.flags, "ambiguous" as const] }));
}

/** Search steps per row, far above what a real row needs (a 29-digit table-4 run takes ~20,000). */
const SPLIT_BUDGET = 400_000;

/**
 * mustHold: true, every sum of the row holds; "or_zero_total", each holds or has its total printed
 * 0 (RowShape.totalsPrintedZero); false, any split.
 */
function searchSplits(printed: readonly ValueItem[], shape: RowShape, mustHold: boolean | "or_zero_total", allowBlanks: boolean): { splits: CellReading[][]; exhausted: boolean } {
  const n = shape.ncols;
  // The sums to check once cell c is cut: those whose last member is c.
  const closing = Array.from({ length: n }, () => [] as RowShape["sums"]);
  for (const sum of shape.sums) closing[Math.max(sum.total, ...sum.parts)]!.push(sum);
  // allowBlanks: run-on text of a document that prints zeros blank keeps no trace of a blank cell,
  // so a missing cell may be a blank anywhere, between two pieces of one run too.
  const anchor = printed[0]!;
  const blank: CellReading = { value: null, unknown: false, raw: "", page: anchor.page, line: anchor.line, flags: ["blank_cell", "cell_lost"] };
  const digitsOf = printed.map((it) => {
    if (!isSplittable(it)) return null;
    // A sign printed before the run (+3010: 本年增/减 +30, then 10) belongs to its first piece.
    const sign = /^[+-]/.exec(it.raw)?.[0] ?? "";
    const [whole, fraction] = it.raw.slice(sign.length).split(".") as [string, string | undefined];
    const { unit, ...base } = readingOf(it, ["digits_split"]);
    return { sign, whole, fraction, unit, base };
  });
  // The most cells the items from i on can still make (a run: one per digit).
  const most = printed.map((_, i) => digitsOf[i]?.whole.length ?? 1);
  const mostFrom = most.map((_, i) => most.slice(i).reduce((x, y) => x + y, 0));
  const splits: CellReading[][] = [];
  const cells: CellReading[] = [];
  let steps = 0;
  let stopped = false;

  // A total left blank is one the document did not print (总计 filled only in some rows): its sum
  // is unchecked, as validation treats it (RuleInstance.blankUnchecked).
  const holds = (): boolean =>
    closing[cells.length - 1]!.every(
      (sum) =>
        Math.abs(sum.parts.reduce((x, p) => x + (cells[p]!.value ?? 0), 0) - (cells[sum.total]!.value ?? 0)) < 1e-6 ||
        (mustHold === "or_zero_total" && cells[sum.total]!.value === 0),
    );
  const push = (cell: CellReading, then: () => void): void => {
    cells.push(cell);
    if (!mustHold || holds()) then();
    cells.pop();
  };

  /** Item i, its digits from `from` on, still to cut. */
  const visit = (i: number, from: number): void => {
    if (stopped || ++steps > SPLIT_BUDGET) return void (stopped = true);
    const minLeft = printed.length - i;
    if (cells.length + minLeft > n) return;
    if (i === printed.length) {
      if (cells.length === n) {
        splits.push(cells.slice());
        if (splits.length >= MAX_READINGS) stopped = true;
      } else if (allowBlanks) push(blank, () => visit(i, 0));
      return;
    }
    const run = digitsOf[i];
    const maxLeft = (run ? run.whole.length - from : 1) + (mostFrom[i + 1] ?? 0);
    if (!allowBlanks && cells.length + maxLeft < n) return;
    if (allowBlanks && cells.length + minLeft < n) push(blank, () => visit(i, from));
    if (!run) return void push(readingOf(printed[i]!), () => visit(i + 1, 0));
    for (let len = 1; from + len <= run.whole.length && !stopped; len++) {
      const piece = run.whole.slice(from, from + len);
      if (len > 1 && piece[0] === "0") break;
      const last = from + len === run.whole.length;
      if (last && from === 0) {
        push(readingOf(printed[i]!), () => visit(i + 1, 0));
        continue;
      }
      const raw = (from === 0 ? run.sign : "") + (last && run.fraction !== undefined ? `${piece}.${run.fraction}` : piece);
      // A unit printed after the run belongs to its last piece (17 | 6586650.10元).
      const cell: CellReading = { ...run.base, value: Number(raw), raw, ...(run.unit && last ? { unit: run.unit } : {}) };
      push(cell, () => (last ? visit(i + 1, 0) : visit(i, from + len)));
    }
  };
  visit(0, 0);
  // Stopped at MAX_READINGS or the budget: the readings found are not all there are.
  return { splits, exhausted: !stopped };
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
  const readings = [...out.values()];
  if (shape.sums.length > 0 || missing !== 1 || (printed.length > 1 && printed.every((it) => it.x && it.line === anchor.line))) return readings;
  // No sum and no position to say where one lost cell was (table 2 in reading-order text): the
  // likeliest blank first, a 本年增/减 (a year's change, mostly 0), then the middle of three
  // (本年废止件数: 1|_|3 far more often than _|1|3, in the real reports as in the generated).
  const likeliness = (cells: readonly CellReading[]): number => {
    const at = cells.findIndex((c) => c.unknown);
    return shape.signed?.[at] ? 0 : n === 3 && at === 1 ? 1 : 2;
  };
  return readings.map((cells, i) => ({ cells, i, k: likeliness(cells) })).sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.cells);
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
