/**
 * nianbao.xlsx, for spreadsheet and dashboard users: the values, the panel, the review queue, the
 * inputs not read and the codebook as sheets, each with a frozen header row, column widths fitted to
 * the content, and every cell typed as its data-package field says (numbers as numbers, so that a
 * pivot table sums them). Written with exceljs's streaming writer from the CSV files, so the
 * workbook holds exactly what the CSVs hold and memory stays flat.
 *
 * The cells sheet comes first in the file and the workbook opens on the panel (`activeTab`): a big
 * run streams the cells sheet while cells.csv is still being written (xlsx-thread.ts), and a
 * streaming workbook writes its sheets one after the other, so the sheet fed first is the first.
 */
import { once } from "node:events";
import { closeSync, createWriteStream, openSync, readSync, statSync, type WriteStream } from "node:fs";
import { Writable } from "node:stream";
import type { Field, Resource } from "./datapackage.js";
import { textWidth } from "./text-width.js";

/** Sheet name → data-package resource, in workbook order. */
export const XLSX_SHEETS = [
  ["cells", "cells"],
  ["panel", "panel"],
  ["review queue", "review-queue"],
  ["failures", "failures"],
  ["codebook", "keys"],
] as const;

/** The sheet shown when the workbook is opened. */
const OPENS_ON = "panel";

/** Rows of one sheet in Excel (1,048,576 with the header). */
export const XLSX_MAX_ROWS = 1_048_575;
/** Rows read to fit the column widths. */
const WIDTH_SAMPLE = 200;
const MAX_WIDTH = 60;
/** Bytes of a CSV file read at a time. */
const READ_CHUNK = 1 << 20;
/** Bytes of a sheet's XML waiting for compression above which the feeding waits. */
const BACKLOG = 8 << 20;

type Value = string | number | boolean | null;
type Piped = Writable & { _writableState?: { length?: number } };

/** A CSV text cell → the value of its field's type (empty → empty cell). */
export function typedValue(text: string, type: Field["type"]): Value {
  if (text === "") return null;
  if (type === "integer" || type === "number") {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  return text;
}

function width(v: Value): number {
  return v === null ? 0 : textWidth(String(v));
}

export interface XlsxSource {
  resource: Resource;
  /** The CSV file to read (its temp name while the tables are being written). */
  csvPath: string;
}

type WorkbookWriterClass = typeof import("exceljs").stream.xlsx.WorkbookWriter;
type Book = InstanceType<WorkbookWriterClass>;
type Sheet = ReturnType<Book["addWorksheet"]>;
let excelJs: Promise<WorkbookWriterClass> | undefined;

/**
 * exceljs's streaming workbook writer, loaded when a workbook is first written rather than with
 * this module (issue 14: the fixed cost of a run); a batch's warm workbook thread (xlsx-thread.ts)
 * loads it while the documents are read instead of adding it to the tables at the end. Only
 * the writer's own module: the package's entry loads the readers and the in-memory workbook too
 * (255 → 100 ms of CPU; the writer is the same class, `ExcelJS.stream.xlsx.WorkbookWriter`).
 */
export async function loadExcelJs(): Promise<WorkbookWriterClass> {
  // @ts-expect-error -- a module of the package without its own type declarations; typed as the class the entry exports
  excelJs ??= import("exceljs/lib/stream/xlsx/workbook-writer.js").then((m: { default: WorkbookWriterClass }) => m.default);
  return excelJs;
}

type Parser = import("csv-parse").Parser;
let csvParse: Promise<typeof import("csv-parse").parse> | undefined;

/**
 * A CSV parser for our own files (RFC 4180, BOM, the header row kept: the caller skips it) that
 * hands each row to `onRow` as it is parsed, inside `write`, and passes nothing on: rows are never
 * buffered, whatever the size of the chunks written.
 */
async function newParser(onRow: (row: string[]) => void): Promise<Parser> {
  csvParse ??= import("csv-parse").then((m) => m.parse);
  const parse = await csvParse;
  return parse({ bom: true, skip_empty_lines: true, relax_column_count: true, on_record: (row: string[]) => (onRow(row), null) });
}

/** Resolves when the parser has taken its last row: nothing is passed on, so the writable side's finish is the end. */
function parserEnded(parser: Parser): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    parser.once("finish", resolve);
    parser.once("error", reject);
  });
}

/** The workbook being written: sheets added in XLSX_SHEETS order, each filled by one SheetFeed. */
export class WorkbookFile {
  /** The sheets' names, in the order they were added. */
  private readonly names: string[] = [];
  private constructor(
    private readonly book: Book,
    /** The file's own stream, when opened on a path: closed before commit resolves. */
    private readonly file: WriteStream | null,
  ) {}

  /** A workbook written to the file `path`, or into `stream`. */
  static async open(path: string | Writable): Promise<WorkbookFile> {
    const Writer = await loadExcelJs();
    // Our own stream, not exceljs's `filename`: exceljs resolves its commit on the stream's
    // 'finish', before the descriptor is closed, and a thread stopped then never closes it (the
    // file stayed open in the process: a folder that could not be unmounted, a deleted file's space kept).
    const file = typeof path === "string" ? createWriteStream(path) : null;
    // No styles: they double the time (7.1 → 3.9 s for 300 reports' 60,000 values); the frozen
    // header row sets the header apart without them.
    const book = new Writer({ stream: file ?? (path as Writable), useStyles: false, useSharedStrings: false });
    book.creator = "nianbao";
    return new WorkbookFile(book, file);
  }

  /** Closes the file without finishing it (the workbook is abandoned). */
  async close(): Promise<void> {
    if (!this.file || this.file.closed) return;
    const closed = once(this.file, "close");
    this.file.destroy();
    await closed;
  }

  /** The next sheet, for `resource`'s rows; `limit`: rows kept at most (Excel's). */
  sheet(resource: Resource, limit = XLSX_MAX_ROWS): SheetFeed {
    const name = XLSX_SHEETS.find(([, r]) => r === resource.name)?.[0] ?? resource.name;
    this.names.push(name);
    return new SheetFeed(this.book.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] }), name, resource, limit);
  }

  /** Finishes the file (every sheet ended before). */
  async commit(): Promise<void> {
    const opens = this.names.indexOf(OPENS_ON);
    if (opens >= 0) this.book.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: opens, visibility: "visible" }];
    await this.book.commit();
    if (this.file && !this.file.closed) await once(this.file, "close");
  }
}

/**
 * One sheet filled row by row from its CSV text. The first rows are held until the column widths
 * are fitted on them; past `limit` rows are dropped and `cut` is set.
 */
export class SheetFeed {
  private held: Value[][] | null = [];
  private header = true;
  private count = 0;
  cut = false;
  private readonly fields: readonly Field[];

  constructor(private readonly sheet: Sheet, readonly name: string, readonly resource: Resource, private readonly limit: number) {
    this.fields = resource.schema.fields;
  }

  /** One parsed CSV row (the file's header row first, skipped: the columns come from the schema). */
  add(cells: readonly string[]): void {
    if (this.header) {
      this.header = false;
      return;
    }
    const values = this.fields.map((f, i) => typedValue(cells[i] ?? "", f.type));
    if (this.held) {
      this.held.push(values);
      if (this.held.length >= WIDTH_SAMPLE) this.release();
      return;
    }
    this.put(values);
  }

  /**
   * Resolves when the sheet's XML waiting for compression is below BACKLOG. exceljs writes rows
   * without waiting for them (its sheet stream ignores backpressure), so a sheet fed faster than
   * the compression held the difference in memory: 480 instead of 150 MB for 2,000 reports' workbook. The
   * waiting happens in the stream the sheet's XML is piped into (archiver's entry).
   */
  async drained(): Promise<void> {
    const pipes = (this.sheet as unknown as { stream?: { pipes?: Piped[] } }).stream?.pipes;
    const next = pipes?.[0];
    // archiver's entry is a readable-stream PassThrough, without Node's writableLength.
    const waiting = next ? (next.writableLength ?? next._writableState?.length) : undefined;
    if (!next || typeof waiting !== "number") return new Promise((resolve) => setImmediate(resolve));
    if (waiting <= BACKLOG) return;
    const done = new AbortController();
    const { signal } = done;
    await Promise.race([once(next, "drain", { signal }), once(next, "close", { signal })]).finally(() => done.abort());
  }

  /** Ends the sheet; returns its warning when rows were cut. */
  end(): string[] {
    if (this.held) this.release();
    this.sheet.commit();
    return this.cut ? [`nianbao.xlsx: sheet "${this.name}" cut at Excel's ${XLSX_MAX_ROWS} rows; ${this.resource.path} has them all`] : [];
  }

  private release(): void {
    const held = this.held ?? [];
    this.held = null;
    const widths = this.fields.map((f, i) => Math.min(MAX_WIDTH, Math.max(8, textWidth(f.name), ...held.map((r) => width(r[i] ?? null))) + 2));
    this.sheet.columns = this.fields.map((f, i) => ({ header: f.name, key: f.name, width: widths[i]! }));
    this.sheet.getRow(1).commit();
    for (const r of held) this.put(r);
  }

  private put(values: Value[]): void {
    if (this.count >= this.limit) {
      this.cut = true;
      return;
    }
    this.sheet.addRow(values).commit();
    this.count += 1;
  }
}

/**
 * Reads a growing CSV file into a sheet: `readTo(size)` parses the bytes up to `size` (the writer
 * says how far the file is written), `finish()` the rest of the parser's buffer.
 */
export class CsvFileFeed {
  private fd: number | null = null;
  private at = 0;
  private readonly chunk = Buffer.allocUnsafe(READ_CHUNK);
  /** A parse error, thrown by the next call (the parser reports it as an event). */
  private failed: Error | null = null;

  private constructor(private readonly path: string, private readonly parser: Parser, private readonly feed: SheetFeed) {
    parser.on("error", (err: Error) => (this.failed ??= err));
  }

  static async open(path: string, feed: SheetFeed): Promise<CsvFileFeed> {
    return new CsvFileFeed(path, await newParser((row) => feed.add(row)), feed);
  }

  /** Parses the file's bytes up to `size`, a chunk at a time, each after the sheet has taken the last (SheetFeed.drained). */
  async readTo(size: number): Promise<void> {
    if (this.failed) throw this.failed;
    this.fd ??= openSync(this.path, "r");
    while (this.at < size) {
      const n = readSync(this.fd, this.chunk, 0, Math.min(READ_CHUNK, size - this.at), this.at);
      if (n <= 0) throw new Error(`${this.path}: ended at ${this.at} bytes, ${size} expected`);
      this.at += n;
      // A sheet cut at its limit (--xlsx past Excel's rows) reads no further: its rows would be dropped.
      if (this.feed.cut) continue;
      this.parser.write(Buffer.from(this.chunk.subarray(0, n)));
      if (this.failed) throw this.failed;
      await this.feed.drained();
    }
  }

  /** Parses what is left and ends the sheet; returns its warnings. */
  async finish(size: number): Promise<string[]> {
    await this.readTo(size);
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    // A cut sheet's parser stopped mid-file, maybe mid-row: what it holds is not wanted.
    if (this.feed.cut) {
      this.parser.destroy();
      return this.feed.end();
    }
    const ended = parserEnded(this.parser);
    this.parser.end();
    if (this.failed) throw this.failed;
    await ended;
    return this.feed.end();
  }

  /** Closes the file (after an error: a thread's descriptors are the process's and outlive it). */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** Reads a whole CSV file into a new sheet of `book`; returns its warnings. */
export async function addCsvSheet(book: WorkbookFile, src: XlsxSource): Promise<string[]> {
  const feed = await CsvFileFeed.open(src.csvPath, book.sheet(src.resource));
  return feed.finish(statSync(src.csvPath).size);
}

/** The sources in workbook order (those the workbook has a sheet for). */
export function inSheetOrder(sources: readonly XlsxSource[]): XlsxSource[] {
  return XLSX_SHEETS.flatMap(([, name]) => sources.filter((s) => s.resource.name === name));
}

/**
 * Writes the whole workbook to `path` from finished CSV files, in this thread. Returns warnings (a
 * sheet cut at Excel's row limit: the CSV keeps every row).
 */
export async function writeXlsx(path: string, sources: readonly XlsxSource[]): Promise<string[]> {
  const book = await WorkbookFile.open(path);
  const warnings: string[] = [];
  for (const src of inSheetOrder(sources)) warnings.push(...(await addCsvSheet(book, src)));
  await book.commit();
  return warnings;
}

/**
 * Writes a small made-up workbook into nothing, through the same code as a real one: the first
 * workbook a thread writes takes 2–4 times as long as the next (the code is not yet compiled;
 * 190 against 50–85 ms for one report's). A warm workbook thread does this while the documents
 * are read.
 */
export async function warmUpWorkbook(): Promise<void> {
  const nothing = new Writable({ write: (_chunk, _enc, done) => done() });
  const book = await WorkbookFile.open(nothing);
  const types = ["string", "integer", "number", "boolean"] as const;
  const resource = { name: "warm-up", path: "warm-up.csv", schema: { fields: types.map((type, i) => ({ name: `f${i}`, type })) } } as unknown as Resource;
  const csv = ["f0,f1,f2,f3", ...Array.from({ length: 300 }, (_, i) => `"数值 ${i}, 说明",${i},${i / 4},${i % 2 === 0}`)].join("\r\n");
  for (let k = 0; k < 2; k++) {
    const feed = book.sheet(resource);
    const parser = await newParser((row) => feed.add(row));
    const ended = parserEnded(parser);
    parser.end(Buffer.from(csv));
    await ended;
    feed.end();
  }
  await book.commit();
}
