/**
 * Positions in space-aligned text (pdftotext -layout): which column a number sits under. Columns
 * come from the table's complete rows, from clusters of all its numbers, or from its header words;
 * a short row whose numbers each fall under a distinct column had its other cells printed blank.
 */
import type { CellReading, FlagCode, Item } from "../model/index.js";
import { readingOf, type ValueItem } from "./runs.js";

/**
 * Column centres (display columns) of the rows printed with every cell on one line of space-aligned
 * text: the median centre of each cell position. Null when there are too few such rows to trust.
 */
export function columnAnchors(rows: readonly (readonly ValueItem[])[], ncols: number): ColumnAnchors | null {
  const oneLine = oneLineRows(rows);
  const full = oneLine.filter((r) => r.length === ncols);
  if (full.length >= 2) return { centres: Array.from({ length: ncols }, (_, j) => median(full.map((r) => centre(r[j]!)))), reliable: true };
  // Too few complete rows: cluster every number's centre; ncols clear clusters are the columns.
  const clustered = clusterAnchors(placedCentres(oneLine), ncols);
  return clustered ? { centres: clustered, reliable: false } : null;
}

/**
 * Column anchors for each page of a table. pdftotext -layout scales every page on its own (the
 * columns of a table's second page sit a few characters off the first's), so a page's rows are
 * placed by that page's own columns: its complete rows or clusters, else the first page's columns
 * mapped onto the page's number clusters by the one scale and shift that fits them clearly.
 */
export function pageColumnAnchors(
  rows: readonly (readonly ValueItem[])[],
  ncols: number,
  header: HeaderColumns | null,
  /** The column that totals each row (table 3's 总计), if any. */
  totalColumn?: number,
): (page: number) => ColumnAnchors | undefined {
  const pages = new Map<number, (readonly ValueItem[])[]>();
  for (const r of rows) {
    if (!r.length) continue;
    const list = pages.get(r[0]!.page);
    if (list) list.push(r);
    else pages.set(r[0]!.page, [r]);
  }
  // Fewer clusters than columns (columns blank in every row): the clusters put under columns by
  // the rules of the table's shape, before the header's words (pdftotext -layout sets a header of
  // wide characters closer together than the numbers under it, so they mislead).
  // The header's columns count where one scale and shift clearly fit them to the clusters.
  // Only a header whose words are evenly spaced: one squeezed in its middle (set after the wide
  // characters of the 勾稽关系 note on its line) sits apart from its numbers at its left end too.
  const fromHeader = header?.centres ?? null;
  const span = fromHeader && evenlySpaced(fromHeader) ? ([fromHeader[0]!, fromHeader[fromHeader.length - 1]!] as const) : undefined;
  // The header's positions are in its own page's measure: pdftotext -layout scales each page apart.
  const onHeaderPage = (page: number): boolean => header !== null && header.page === page;
  const fitted = (rs: readonly (readonly ValueItem[])[], page: number): ColumnAnchors | null =>
    (fromHeader ? fitHeaderToClusters(fromHeader, rs) : undefined) ??
    clustersOntoColumns(rs, ncols, totalColumn, onHeaderPage(page) ? span : undefined);
  // The header's words as they are, only for the table's first page (where they are printed).
  const guessed = (rs: readonly (readonly ValueItem[])[], page: number): ColumnAnchors | null =>
    fitted(rs, page) ?? (fromHeader ? { centres: [...fromHeader], reliable: false } : null);
  const first = Math.min(...pages.keys());
  const overall = columnAnchors(rows, ncols) ?? guessed(rows, first) ?? undefined;
  if (pages.size <= 1) return () => overall;
  const own = new Map<number, ColumnAnchors | null>([...pages].map(([p, rs]) => [p, columnAnchors(rs, ncols)]));
  const base = own.get(first) ?? guessed(pages.get(first)!, first) ?? [...own.values()].find(Boolean) ?? null;
  const byPage = new Map<number, ColumnAnchors | undefined>();
  for (const [p, rs] of pages) {
    const mine = own.get(p);
    if (mine) byPage.set(p, mine);
    else if (p === first) byPage.set(p, base ?? undefined);
    else byPage.set(p, (base ? (fitToClusters(base.centres, rs) ?? sameColumnsAs(base, pages.get(first)!, rs, ncols)) : undefined) ?? fitted(rs, p) ?? undefined);
  }
  return (page) => (byPage.has(page) ? byPage.get(page) : overall);
}

/** The narrowest a column of numbers is, in display columns (a number and a space either side). */
const MIN_COLUMN_WIDTH = 3;

/**
 * A table whose numbers gather into fewer clusters than it has columns (zeros printed blank, some
 * columns empty in every row): each cluster under a column, in order, as a guess (not `reliable`:
 * what it places is for review). The order-keeping ways are limited by width (two clusters 6
 * columns apart have at most one column between them) and by the total: a rightmost cluster whose
 * numbers are the sums of their rows' other numbers is the total column. Of the ways left, the one
 * with its clusters leftmost: the columns of this family's tables run from the commonest (自然人,
 * 商业企业; 结果维持) to the rarest, and every row is placed by the same guess, so the rows of a
 * table stay consistent with each other, as its column sums need. Null when no way fits.
 */
function clustersOntoColumns(
  rows: readonly (readonly ValueItem[])[],
  ncols: number,
  totalColumn?: number,
  /** The header's first and last columns: pdftotext squeezes a header's middle, not its ends. */
  span?: readonly [number, number],
): ColumnAnchors | null {
  const oneLine = oneLineRows(rows);
  const clusters = clusterCentres(placedCentres(oneLine));
  const k = clusters.length;
  if (k === 0 || k >= ncols) return null;
  const clusterOf = (it: ValueItem): number => {
    let best = 0;
    clusters.forEach((c, i) => (Math.abs(c - centre(it)) < Math.abs(clusters[best]! - centre(it)) ? (best = i) : 0));
    return best;
  };
  // The rightmost cluster totals its rows: in every row with a number in it and others, it is their sum.
  let totals = 0;
  let notTotals = 0;
  for (const r of oneLine) {
    const last = r[r.length - 1]!;
    if (r.length < 2 || clusterOf(last) !== k - 1) continue;
    const valueOf = (it: ValueItem): number => (it.kind === "num" ? it.value : NaN);
    const parts = r.slice(0, -1).reduce((s, it) => s + valueOf(it), 0);
    if (Math.abs(parts - valueOf(last)) < 1e-6) totals++;
    else notTotals++;
  }
  const lastIsTotal = totalColumn !== undefined && totals > 0 && notTotals === 0;
  // Without the header's span, the clusters' own: the first under the first column (the commonest),
  // the last the totals, and the columns between spread evenly (a table's columns are of one width).
  if (!span && lastIsTotal && totalColumn === ncols - 1 && k >= 3) span = [clusters[0]!, clusters[k - 1]!];
  // With the header's span, columns spread evenly over it: each cluster nearest its column there.
  const step = span && span[1] > span[0] ? (span[1] - span[0]) / (ncols - 1) : undefined;
  // Up to one shift of all the columns, of less than half a column: numbers stand a few characters
  // off their header words' centres, one way for every column (right-aligned under centred words).
  // Three clusters at least: two fit any two columns as far apart once shifted.
  const cost = (chosen: readonly number[]): number => {
    if (step === undefined) return 0;
    const off = chosen.map((c, i) => clusters[i]! - (span![0] + step * c));
    const shift = k >= 3 ? Math.max(-step / 2, Math.min(step / 2, median([...off]))) : 0;
    return off.reduce((s, o) => s + Math.abs(o - shift), 0);
  };
  let best: { columns: number[]; cost: number } | null = null;
  const pick = (i: number, from: number, chosen: number[]): void => {
    if (i === k) {
      // Leftmost first, so a later way replaces it only when nearer the spread columns.
      const c = cost(chosen);
      if (!best || c < best.cost - 1e-9) best = { columns: chosen, cost: c };
      return;
    }
    for (let c = from; c <= ncols - (k - i); c++) {
      if (lastIsTotal && (i === k - 1) !== (c === totalColumn)) continue;
      const prev = chosen.length ? chosen[chosen.length - 1]! : -1;
      if (prev >= 0 && (clusters[i]! - clusters[i - 1]!) / (c - prev) < MIN_COLUMN_WIDTH) break;
      pick(i + 1, c + 1, [...chosen, c]);
      if (best && step === undefined) return;
    }
  };
  pick(0, 0, []);
  if (!best) return null;
  const columnsOf: number[] = (best as { columns: number[] }).columns;
  return { centres: centresAround(clusters, columnsOf, ncols, step ?? 2 * MIN_COLUMN_WIDTH), reliable: false };
}

/**
 * Column centres from clusters placed under columns: the columns between and beyond them spread
 * evenly, at the narrowest step the clusters show (`fallback` when one cluster shows none), so that
 * no number falls nearer an empty column than its own.
 */
function centresAround(clusters: readonly number[], columnsOf: readonly number[], ncols: number, fallback: number): number[] {
  const steps = columnsOf.slice(1).map((c, i) => (clusters[i + 1]! - clusters[i]!) / (c - columnsOf[i]!));
  const spread = steps.length ? Math.min(...steps) : fallback;
  return Array.from({ length: ncols }, (_, j) => {
    const at = columnsOf.indexOf(j);
    if (at >= 0) return clusters[at]!;
    const left = columnsOf.findLastIndex((c) => c < j);
    const right = columnsOf.findIndex((c) => c > j);
    if (left >= 0 && right >= 0) {
      const [c0, c1] = [columnsOf[left]!, columnsOf[right]!];
      return clusters[left]! + ((clusters[right]! - clusters[left]!) * (j - c0)) / (c1 - c0);
    }
    return left >= 0 ? clusters[left]! + spread * (j - columnsOf[left]!) : clusters[right]! - spread * (columnsOf[right]! - j);
  });
}

/**
 * A later page whose clusters are as many as the first page's: each under the column its
 * counterpart on the first page is under. pdftotext -layout can set a page's columns far closer
 * together than the first's (a 40-character span in 6), past any scale fitToClusters accepts; a
 * blank-zero table's numbers mostly stay in the columns they use on its first page.
 */
function sameColumnsAs(base: ColumnAnchors, baseRows: readonly (readonly ValueItem[])[], rows: readonly (readonly ValueItem[])[], ncols: number): ColumnAnchors | undefined {
  const nearest = (x: number): number => base.centres.reduce((best, c, j) => (Math.abs(c - x) < Math.abs(base.centres[best]! - x) ? j : best), 0);
  const used = clusterCentres(placedCentres(oneLineRows(baseRows))).map(nearest);
  const clusters = clusterCentres(placedCentres(oneLineRows(rows)));
  if (clusters.length === 0 || clusters.length !== used.length || used.some((c, i) => i > 0 && c <= used[i - 1]!)) return undefined;
  return { centres: centresAround(clusters, used, ncols, 2 * MIN_COLUMN_WIDTH), reliable: false };
}

/**
 * Another page's columns mapped onto this page's number clusters: of every order-keeping way to
 * put the clusters under columns, the one whose scale-and-shift fit leaves the smallest misfit, if
 * it is clearly the best (three clusters at least: two fit any two columns exactly).
 */
function fitToClusters(base: readonly number[], rows: readonly (readonly ValueItem[])[]): ColumnAnchors | undefined {
  const fits = clusterFits(base, rows);
  const [best, second] = fits;
  if (!best || best.misfit > 1.5 || (second && second.misfit - best.misfit < 1.5)) return undefined;
  return { centres: base.map((x) => best.a * x + best.b), reliable: false };
}

/**
 * The header's columns fitted to a page's number clusters, as fitToClusters, where the best fit
 * misses by less than a fifth of the header's narrowest column. The runner-up is not asked to be
 * far behind: a header's columns fit a few clusters nearly as well with one of them moved and the
 * scale changed. A header that pdftotext -layout squeezed (its words set closer together than the
 * numbers under them) misses by more, and the clusters are placed by the table's rules instead.
 */
function fitHeaderToClusters(header: readonly number[], rows: readonly (readonly ValueItem[])[]): ColumnAnchors | undefined {
  // On its own page the header is in the numbers' measure: hardly a scale, and a shift of less
  // than half a column (else a header whose columns are evenly spaced fits as well one column over).
  if (!evenlySpaced(header)) return undefined;
  const narrowest = Math.min(...header.slice(1).map((x, i) => x - header[i]!));
  const best = clusterFits(header, rows, [0.9, 1.1]).filter((f) => Math.abs(f.shift) <= narrowest / 2)[0];
  if (!best || !(best.misfit <= narrowest / 5)) return undefined;
  return { centres: header.map((x) => best.a * x + best.b), reliable: false };
}

/**
 * Words set unevenly (the middle ones squeezed, the last far off) are no measure of columns: each
 * word within half a column of its place in an even spread between the first and the last.
 */
function evenlySpaced(header: readonly number[]): boolean {
  const n = header.length;
  const step = (header[n - 1]! - header[0]!) / (n - 1);
  return step > 0 && header.every((x, j) => Math.abs(x - (header[0]! + step * j)) <= 0.5 * step);
}

/** Every order-keeping way to put a page's number clusters under the columns, fitted, best first. */
function clusterFits(
  base: readonly number[],
  rows: readonly (readonly ValueItem[])[],
  // A page is scaled by a few per cent, never halved or doubled.
  [minScale, maxScale]: readonly [number, number] = [0.75, 1.33],
): { misfit: number; a: number; b: number; shift: number }[] {
  const clusters = clusterCentres(placedCentres(oneLineRows(rows)));
  const k = clusters.length;
  if (k < 3 || k > base.length) return [];
  const fits: { misfit: number; a: number; b: number; shift: number }[] = [];
  const pick = (from: number, chosen: number[]): void => {
    if (chosen.length === k) {
      const xs = chosen.map((j) => base[j]!);
      const mx = xs.reduce((s, x) => s + x, 0) / k;
      const my = clusters.reduce((s, y) => s + y, 0) / k;
      const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
      const a = sxx > 0 ? xs.reduce((s, x, i) => s + (x - mx) * (clusters[i]! - my), 0) / sxx : 1;
      const b = my - a * mx;
      if (a < minScale || a > maxScale) return;
      const misfit = Math.sqrt(xs.reduce((s, x, i) => s + (a * x + b - clusters[i]!) ** 2, 0) / k);
      fits.push({ misfit, a, b, shift: my - mx });
      return;
    }
    for (let j = from; j <= base.length - (k - chosen.length); j++) pick(j + 1, [...chosen, j]);
  };
  pick(0, []);
  return fits.sort((x, y) => x.misfit - y.misfit);
}

/** A table's columns as its header words place them. */
export interface HeaderColumns {
  centres: number[];
  /** The page the header is printed on. */
  page: number;
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
  if (points.length < ncols) return null;
  const clusters = clusterCentres(points);
  return clusters.length === ncols ? clusters : null;
}

/** Points closer than CLUSTER_GAP chained into clusters, each given by its median, left to right. */
function clusterCentres(points: number[]): number[] {
  const sorted = [...points].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const clusters: number[][] = [[sorted[0]!]];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]! - sorted[i - 1]! > CLUSTER_GAP) clusters.push([]);
    clusters[clusters.length - 1]!.push(sorted[i]!);
  }
  return clusters.map(median);
}

/** Display columns between two numbers' centres beyond which they are in different table columns. */
const CLUSTER_GAP = 3;

/**
 * Two numbers of a three-column row on one line of space-aligned text, set about two of the
 * header's column steps apart: the first and the last column. pdftotext -layout squeezes the
 * header's long words (本年制发件数) and shifts each line by its label, so where the numbers sit
 * against the words misleads, while their distance, against the words' spacing, tells one step
 * (an adjacent pair) from two. The placement stays a guess (the anchors are not `reliable`).
 */
export function spreadToRow(printed: readonly ValueItem[], anchors: ColumnAnchors | undefined): ColumnAnchors | undefined {
  if (!anchors || anchors.centres.length !== 3 || printed.length !== 2) return anchors;
  const [a, b] = printed;
  if (!a!.x || !b!.x || a!.line !== b!.line || a!.page !== b!.page) return anchors;
  const step = (anchors.centres[2]! - anchors.centres[0]!) / 2;
  const gap = centre(b!) - centre(a!);
  if (!(step > 0) || gap / step < 1.5) return anchors;
  return { centres: [centre(a!), (centre(a!) + centre(b!)) / 2, centre(b!)], reliable: false };
}

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
  if (positions.some((p, i) => p < 0 || (i > 0 && p <= positions[i - 1]!))) {
    // Not every number is clearly under one column (pdftotext -layout shifts a number a few
    // characters off its header word): the order-keeping placement nearest the columns, if it is
    // clearly nearer than any other, for review.
    const nearest = nearestInOrder(printed.map(centre), anchors, spacing);
    return nearest ? cellsAt(printed, nearest, anchors.length, ["ambiguous"]) : null;
  }
  return cellsAt(printed, positions, anchors.length, []);
}

function cellsAt(printed: readonly ValueItem[], positions: readonly number[], ncols: number, flags: FlagCode[]): CellReading[] {
  const anchor = printed[0]!;
  return Array.from({ length: ncols }, (_, j) => {
    const at = positions.indexOf(j);
    // A number a label pushed against (crowded) stands where the label ended, not where it was
    // printed: its column by position is a guess (a run-together line: …内容仍不明确 1).
    const item = printed[at];
    if (item) return readingOf(item, item.kind === "num" && item.crowded && !flags.includes("ambiguous") ? [...flags, "ambiguous"] : flags);
    return { value: null, unknown: false, raw: "", page: anchor.page, line: anchor.line, flags: ["blank_cell", ...flags] };
  });
}

/**
 * The columns, in order, that put the numbers nearest their anchors (least total distance), when
 * each number is within most of a column's width of its anchor and no other placement comes close.
 */
function nearestInOrder(xs: readonly number[], anchors: readonly number[], spacing: number): number[] | null {
  const k = xs.length;
  const m = anchors.length;
  // best[i][j]: least cost of numbers i.. placed under columns j.. in order.
  const best = Array.from({ length: k + 1 }, () => new Array<number>(m + 1).fill(Infinity));
  for (let j = 0; j <= m; j++) best[k]![j] = 0;
  for (let i = k - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) best[i]![j] = Math.min(best[i]![j + 1]!, Math.abs(xs[i]! - anchors[j]!) + best[i + 1]![j + 1]!);
  const total = best[0]![0]!;
  if (!Number.isFinite(total)) return null;
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < k; i++) {
    while (best[i]![j]! !== Math.abs(xs[i]! - anchors[j]!) + best[i + 1]![j + 1]!) j++;
    if (Math.abs(xs[i]! - anchors[j]!) > spacing * 0.75) return null;
    out.push(j++);
  }
  // The runner-up: the same numbers with one of them moved to a neighbouring free column.
  let second = Infinity;
  out.forEach((col, i) => {
    for (const alt of [col - 1, col + 1]) {
      if (alt < 0 || alt >= m || out.includes(alt)) continue;
      if ((i > 0 && alt <= out[i - 1]!) || (i < k - 1 && alt >= out[i + 1]!)) continue;
      second = Math.min(second, total - Math.abs(xs[i]! - anchors[col]!) + Math.abs(xs[i]! - anchors[alt]!));
    }
  });
  return second - total >= spacing * 0.25 ? out : null;
}

/** Rows printed on one line of space-aligned text (their numbers have positions). */
function oneLineRows<T extends readonly ValueItem[]>(rows: readonly T[]): T[] {
  return rows.filter((r) => r.every((it) => it.x && it.line === r[0]!.line));
}

const centre = (it: ValueItem): number => (it.x!.start + it.x!.end) / 2;

/**
 * The centres of the numbers that stand where they were printed: a number a label crowded
 * (NumberItem.crowded) would make a column of its own. All of them when every one is crowded.
 */
function placedCentres(rows: readonly (readonly ValueItem[])[]): number[] {
  const all = rows.flat();
  const placed = all.filter((it) => !(it.kind === "num" && it.crowded));
  return (placed.length > 0 ? placed : all).map(centre);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
