/**
 * Numbers → value rows. A run is a stretch of numbers with no label text between them. A run on
 * one line is a row; a run printed one number per line is either a row, or several rows printed
 * column by column (pdftotext's reading order prints a block of rows one column at a time, blocks
 * separated by a blank line), and where the text cannot tell, both readings are kept.
 */
import type { BlankItem, CellReading, FlagCode, Item, NumberItem, UnreadableItem } from "../model/index.js";

/** A cell known to be lost at this position (a short block of a column-major run). */
export interface LostItem {
  kind: "lost";
  raw: "";
  page: number;
  line: number;
  gapBefore: number;
  pageBreakBefore: boolean;
  x?: undefined;
}

export type ValueItem = NumberItem | BlankItem | UnreadableItem | LostItem;

export interface Run {
  items: ValueItem[];
  /** Index in the item stream of the first and last item. */
  first: number;
  last: number;
}

export function itemsToRuns(items: readonly Item[]): Run[] {
  const runs: Run[] = [];
  let cur: Run | null = null;
  items.forEach((item, i) => {
    if (item.kind === "text") {
      cur = null;
      return;
    }
    // Digits glued to a label are a row of their own (its separators were lost), ending with its line;
    // more glued digits on that line (run-on text: `5800000 58`) are the same row.
    const prev = items[i - 1];
    const gluedStart = item.kind === "num" && item.glued && (!prev || prev.line !== item.line || prev.page !== item.page);
    if (!cur || gluedStart || endsGluedRow(cur, item)) {
      cur = { items: [], first: i, last: i };
      runs.push(cur);
    }
    cur.items.push(item);
    cur.last = i;
  });
  return runs;
}

function endsGluedRow(run: Run, item: ValueItem): boolean {
  const first = run.items[0]!;
  return first.kind === "num" && first.glued && first.line !== item.line;
}

/** A reading of a run: its rows, each the printed items in order (possibly fewer than the columns). */
export interface RunReading {
  rows: ValueItem[][];
  /** Rows were read column by column. */
  columnMajor: boolean;
  /** Rows at the start of the run printed row by row, before its first column-by-column block. */
  leadingRows?: number;
  /** The run fitted no known shape; this reading is a guess. */
  guess?: boolean;
}

export function runReadings(run: Run, ncols: number): RunReading[] {
  const byLine = groupByLine(run.items);
  if (byLine.length === 1) return [{ rows: [run.items], columnMajor: false }];
  const vertical = byLine.every((l) => l.length === 1);
  if (!vertical) {
    const counts = byLine.map((l) => l.length);
    if (counts.every((c) => c >= ncols - 1)) return [{ rows: byLine, columnMajor: false }];
    const total = run.items.length;
    if (total % ncols === 0) return [{ rows: chunk(run.items, ncols), columnMajor: false }];
    return [{ rows: byLine, columnMajor: false }];
  }
  const n = run.items.length;
  const blocks = splitBlocks(run.items);
  const segmented = segmentBlocks(blocks, ncols);
  if (segmented) return segmented;
  if (n % ncols === 0) {
    const m = n / ncols;
    if (m === 1) return [{ rows: [run.items], columnMajor: false }];
    const rowMajor = chunk(run.items, ncols);
    const colMajor = transpose(chunk(run.items, m));
    return [
      { rows: rowMajor, columnMajor: false },
      { rows: colMajor, columnMajor: true },
    ];
  }
  // Uneven: read row by row, as a guess; the short last row is a row that lost cells.
  return [{ rows: chunk(run.items, ncols), columnMajor: false, guess: true }];
}

/** Above this many readings of one run, the later ones are dropped (and the cells flagged ambiguous). */
const MAX_RUN_READINGS = 64;

/**
 * Blank-line-separated blocks read left to right: `ncols` blocks of equal size k are k rows printed
 * column by column (k = 1: one row); `ncols` − 1 single numbers are a row that lost a cell; `ncols`
 * blocks of size k but one of k − 1 are k rows where that column lost a cell, at any of k places.
 * Null when the blocks do not divide that way, or when every block is a single number and the rows
 * could as well be printed row by row.
 */
function segmentBlocks(blocks: readonly ValueItem[][], ncols: number): RunReading[] | null {
  let readings: RunReading[] = [{ rows: [], columnMajor: false }];
  let p = 0;
  while (p < blocks.length) {
    const group = blocks.slice(p, p + ncols);
    const sizes = group.map((b) => b.length);
    const k = Math.max(...sizes);
    let blockRows = k;
    let options: ValueItem[][][];
    if (group.length === ncols && sizes.every((n) => n === k)) {
      options = [transpose(group)];
      p += ncols;
    } else if (group.length === ncols && k > 1 && sizes.filter((n) => n === k - 1).length === 1 && sizes.filter((n) => n === k).length === ncols - 1) {
      const short = sizes.indexOf(k - 1);
      options = Array.from({ length: k }, (_, at) => {
        const filled = group.map((b, j) => (j === short ? [...b.slice(0, at), lostAt(b[Math.max(0, at - 1)]!), ...b.slice(at)] : b));
        return transpose(filled);
      });
      p += ncols;
    } else if (sizes[0] === 1 && leadingSingles(sizes) < ncols) {
      // Fewer than ncols single numbers before a longer block: one row that lost cells (blanks not printed).
      const j = leadingSingles(sizes);
      options = [[group.slice(0, j).flat()]];
      p += j;
      blockRows = 1;
    } else {
      return null;
    }
    readings = readings.flatMap((r) =>
      options.map((rows) => ({
        rows: [...r.rows, ...rows],
        columnMajor: r.columnMajor || blockRows > 1,
        leadingRows: r.columnMajor || blockRows > 1 ? (r.leadingRows ?? r.rows.length) : r.rows.length + rows.length,
      })),
    );
    if (readings.length > MAX_RUN_READINGS) readings = readings.slice(0, MAX_RUN_READINGS);
  }
  if (readings.every((r) => !r.columnMajor && r.rows.length > 1 && r.rows.every((row) => row.length === ncols))) return null;
  return readings;
}

function leadingSingles(sizes: readonly number[]): number {
  let j = 0;
  while (j < sizes.length && sizes[j] === 1) j++;
  return j;
}

function lostAt(near: ValueItem): LostItem {
  return { kind: "lost", raw: "", page: near.page, line: near.line, gapBefore: 0, pageBreakBefore: false };
}

function groupByLine(items: readonly ValueItem[]): ValueItem[][] {
  const out: ValueItem[][] = [];
  for (const it of items) {
    const last = out[out.length - 1];
    if (last && last[0]!.line === it.line && last[0]!.page === it.page) last.push(it);
    else out.push([it]);
  }
  return out;
}

function splitBlocks(items: readonly ValueItem[]): ValueItem[][] {
  const out: ValueItem[][] = [];
  for (const it of items) {
    const last = out[out.length - 1];
    if (!last || it.gapBefore > 0 || it.pageBreakBefore) out.push([it]);
    else last.push(it);
  }
  return out;
}

function chunk<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

function transpose<T>(cols: readonly T[][]): T[][] {
  const k = cols[0]!.length;
  return Array.from({ length: k }, (_, i) => cols.map((c) => c[i]!));
}

export function readingOf(item: ValueItem, extra: FlagCode[] = []): CellReading {
  if (item.kind === "lost") return { value: null, unknown: true, raw: "", page: item.page, line: item.line, flags: ["cell_lost"] };
  const flags: FlagCode[] = [...extra];
  if (item.kind === "unreadable") {
    // Printed but not legible: unknown (a row's sum may still give it), never blank.
    const { page, line, raw, bbox } = item;
    return { value: null, unknown: true, raw, page, line, ...(bbox ? { bbox } : {}), flags: [...flags, "not_a_number"] };
  }
  if (item.kind === "blank") flags.push("blank_cell");
  else if (item.normalized) flags.push("digits_normalized");
  return {
    value: item.kind === "num" ? item.value : null,
    unknown: false,
    raw: item.raw,
    page: item.page,
    line: item.line,
    ...(item.bbox ? { bbox: item.bbox } : {}),
    ...(item.ocr !== undefined ? { ocr: item.ocr } : {}),
    ...(item.kind === "num" && item.unit ? { unit: item.unit } : {}),
    flags,
  };
}
