/**
 * All tables of an output folder written in one pass over the records, without keeping them: each
 * record is turned into its rows of cells.csv, reports.csv, corrected.jsonl and the SQLite tables as
 * it arrives, so memory does not grow with the number of documents. What must be sorted across
 * documents (the review queue, least confident first; the panel, by agency and year) goes into the
 * SQLite connection — a TEMP table for the queue — and is streamed out of it at the end. Every file
 * is built under a hidden temp name and renamed into place only on `commit` (atomic.ts).
 */
import { closeSync, createWriteStream, existsSync, fdatasync, openSync, readSync, statSync, writeSync, type WriteStream } from "node:fs";
import { rename, rm, open, writeFile } from "node:fs/promises";
import { once } from "node:events";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { openSqlite } from "../native.js";
import type { ReportRecord } from "../model/index.js";
import { tempPathFor } from "./atomic.js";
import { VERSION } from "../version.js";
import { applyCorrections, syncCorrectionsTable, type CorrectionLog } from "./corrections.js";
import { CELLS_COLUMNS, cellRows } from "./cells-csv.js";
import { KEYS_COLUMNS, codebookRow, type CodebookEntry } from "./codebook.js";
import { BOM, csvLine, csvRowLine, type CsvRow } from "./csv.js";
import { dataPackage, type DataPackageInput } from "./datapackage.js";
import { FAILURES_COLUMNS, failureRow } from "./failures.js";
import type { ManifestEntry } from "./manifest.js";
import { XLSX_MAX_ROWS, inSheetOrder, writeXlsx } from "./xlsx.js";
import { WorkbookThread } from "./xlsx-link.js";
import { panelColumns, panelCsvRow, panelInserter, panelTableSql, type PanelRow } from "./panel.js";
import { REPORTS_COLUMNS, reportRow } from "./reports-csv.js";
import { REVIEW_COLUMNS, reviewItems } from "./review-queue.js";
import { recordId } from "./id.js";
import { SQLITE_SCHEMA, SQLITE_SCHEMA_VERSION, insertCorrections, openTempSqlite, readSqliteCorrections, recordInserter, type RecordFileRow } from "./sqlite.js";

export const TABLE_FILES = {
  cells: "cells.csv",
  reportsCsv: "reports.csv",
  reviewQueue: "review-queue.csv",
  panel: "panel.csv",
  sqlite: "nianbao.sqlite",
  corrected: "corrected.jsonl",
  keys: "keys.csv",
  failures: "failures.csv",
  datapackage: "datapackage.json",
  xlsx: "nianbao.xlsx",
} as const;


/** Bytes of CSV text gathered before they go to the file (one write call per chunk, not per row). */
const CSV_CHUNK = 1 << 20;

/**
 * A CSV file being written to its temp name: lines are made by csvLine (the bytes fast-csv wrote)
 * and written in chunks, synchronously (nothing else runs on this thread while the tables are
 * written, and a stream's callbacks cost more than the writes). `offset()` is the byte position
 * after everything written so far (it flushes first); `copy` appends a byte range of another file
 * (the last run's).
 */
class CsvSink {
  private readonly fd: number;
  /** Told the file's size each time bytes are written to it (the workbook's thread reads cells.csv as it grows). */
  onGrow: ((size: number) => void) | null = null;
  private buffer: string;
  private written = 0;
  private syncedUpTo = 0;
  /** The write-behind syncs under way, waited for before the descriptor closes, and the first error one met. */
  private syncing: Promise<void> = Promise.resolve();
  private syncError: NodeJS.ErrnoException | null = null;
  private closed = false;
  /** A byte range of another file to append, not copied yet: ranges that follow each other are copied as one. */
  private pending: { fd: number; start: number; end: number } | null = null;
  constructor(readonly path: string, readonly tmp: string, headers: readonly string[]) {
    this.fd = openSync(tmp, "wx");
    this.buffer = BOM + csvLine(headers);
  }
  async write(row: CsvRow): Promise<void> {
    this.writeLines(csvRowLine(row));
  }
  /** Lines already made by csvRowLine (kept by the last run). */
  writeLines(lines: string): void {
    this.buffer += lines;
    if (this.buffer.length >= CSV_CHUNK) this.flush();
  }
  private flush(): void {
    this.copyPending();
    if (!this.buffer) return;
    const chunk = Buffer.from(this.buffer, "utf8");
    this.buffer = "";
    this.put(chunk, chunk.length);
  }
  private put(chunk: Buffer, length: number): void {
    for (let at = 0; at < length; ) at += writeSync(this.fd, chunk, at, length - at);
    this.written += length;
    this.onGrow?.(this.written);
    if (this.written - this.syncedUpTo >= WRITE_BEHIND) this.writeBehind();
  }
  /**
   * Starts the disk writing the bytes so far (fdatasync on libuv's pool), not waited for: the disk
   * works while the rest of the file is made, and the fsync before the rename has only the tail
   * left. A re-run of 10,000 reports copied cells.csv's 600 MB, then waited ~0.25 s for them.
   */
  private writeBehind(): void {
    this.syncedUpTo = this.written;
    // An error is kept for end(): once this sync has seen it, the fsync before the rename (another
    // descriptor) would not see it again.
    const done = new Promise<void>((resolve) =>
      fdatasync(this.fd, (err) => {
        this.syncError ??= err;
        resolve();
      }),
    );
    this.syncing = this.syncing.then(() => done);
  }
  /** The byte position after everything written or to be copied so far. */
  async offset(): Promise<number> {
    if (this.buffer) this.flush();
    return this.written + (this.pending ? this.pending.end - this.pending.start : 0);
  }
  async copy(fd: number, start: number, end: number): Promise<void> {
    if (this.buffer) this.flush();
    if (this.pending && this.pending.fd === fd && this.pending.end === start) this.pending.end = end;
    else {
      this.copyPending();
      this.pending = { fd, start, end };
    }
  }
  private copyPending(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    const { fd, start, end } = p;
    const chunk = Buffer.allocUnsafe(Math.min(COPY_CHUNK, Math.max(0, end - start)));
    for (let at = start; at < end; ) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, end - at), at);
      if (n <= 0) throw new Error(`${this.path}: the last run's file ended early`);
      this.put(chunk, n);
      at += n;
    }
  }
  async end(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.copyPending();
    this.closed = true;
    await this.syncing;
    closeSync(this.fd);
    if (this.syncError) throw this.syncError;
  }
  /** After an error: the descriptor closed, whatever was written (the temp file is removed by abort). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

/**
 * Bytes copied at a time from the last run's CSV files. A buffer that stays in the processor's
 * cache: copying a re-run's 540 MB cells.csv took 0.24–0.30 s with 64–256 KiB and 0.8–3.0 s with
 * 8 MiB (scripts/copy-chunk-bench.mjs).
 */
const COPY_CHUNK = 256 << 10;

/** Bytes written to a CSV file between two write-behind syncs. */
const WRITE_BEHIND = 64 << 20;

class LineSink {
  private readonly file: WriteStream;
  private readonly done: Promise<unknown>;
  constructor(readonly path: string, readonly tmp: string) {
    this.file = createWriteStream(tmp, { flags: "wx" });
    this.done = once(this.file, "close");
  }
  async write(line: string): Promise<void> {
    if (!this.file.write(line)) await once(this.file, "drain");
  }
  async end(): Promise<void> {
    this.file.end();
    await this.done;
  }
}

export interface TablesWriterOptions {
  /** Key columns of the panel (every template key, in template order). */
  panelKeys: readonly string[];
  /** The review log (corrections.jsonl), applied to every record before it is serialized. */
  log: CorrectionLog;
  /** The codebook (keys.csv, SQLite keys, the panel's column descriptions); built from the templates by src/pipeline/codebook.ts. */
  codebook?: readonly CodebookEntry[];
  /** Inputs not read (failures.csv, SQLite failures): manifest entries with an error. */
  failures?: readonly ManifestEntry[];
  /** The run's templates and tables, named in datapackage.json's column descriptions. */
  describe?: Pick<DataPackageInput, "templates" | "tables">;
  /**
   * Write nianbao.xlsx: true always (a sheet over Excel's row limit is cut), false never; by default
   * only when every value fits in one sheet (about 4,700 reports). The workbook costs ~10 ms a
   * document, more than reading a text report, and a cut sheet misleads (issue 14).
   */
  xlsx?: boolean;
  /** Told the time spent on the CSV files, the SQLite file and the workbook (`--profile`). */
  clock?: TablesClock;
  /**
   * Keep the rows of groups (agencies) whose signature is the one the last run wrote, instead of
   * writing them again (`beginGroup`): the SQLite file is then updated in place in one transaction
   * and the CSV files take the groups' byte ranges from the last run's. Used only when the folder's
   * files are as the last run left them and there are no reviewers' corrections; otherwise every
   * table is rebuilt as without it.
   */
  reuse?: boolean;
}

export interface TablesClock {
  add(stage: "tables" | "sqlite" | "xlsx", ms: number): void;
}

/** What the last run wrote for one group (sqlite.ts table_groups). */
interface GroupRow {
  grp: string;
  sig: string;
  docs: string;
  cells: number;
  cells_start: number;
  cells_end: number;
  reports_start: number;
  reports_end: number;
  findings: string;
  /** The group's lines of panel.csv, by year. */
  panel: string;
}

/** A group whose rows were kept from the last run. */
export interface ReusedGroup {
  records: number;
  findings: unknown[];
}

/** Bumped when what a group's rows hold changes without the version changing (tests, development). */
const REUSE_FORMAT = "1";

/**
 * The workbook is written in its own thread, beside the other tables, from this many documents on
 * (below, starting the thread costs more than it saves), and only when the cells sheet should fit:
 * at most this many values a document (a 2021-format report has ~200) within Excel's rows.
 */
const WORKBOOK_THREAD_MIN_DOCS = 100;
const CELLS_PER_DOC = 200;

export class TablesWriter {
  private readonly cells: CsvSink;
  private readonly reports: CsvSink;
  /** corrected.jsonl exists only while there are corrections (as in corrections.ts). */
  private readonly corrected: LineSink | null;
  private readonly db: Database.Database;
  /** The SQLite file written: a temp file renamed at the end, or (reusing) the file itself, changed in one transaction. */
  private readonly sqliteTmp: string | null;
  private readonly insertRecord: (r: ReportRecord, agencyNormalized: string | null) => void;
  private readonly insertPanel: (row: PanelRow) => void;
  private readonly insertReview: Database.Statement;
  private readonly insertRecordFile: Database.Statement;
  private readonly temps: string[] = [];
  private readonly later: CsvSink[] = [];
  private readonly indexes: string[];
  private cellCount = 0;
  /** Reusing: the last run's groups, and its cells.csv and reports.csv (open). */
  private readonly old: { groups: Map<string, GroupRow>; cellsFd: number; reportsFd: number } | null = null;
  private reusable = new Set<string>();
  private current: { grp: string; docs: string[]; cells: number; cellsStart: number; reportsStart: number; reused: boolean; panel: { year: number; line: string }[] } | null = null;
  /** A panel row was added outside a group: panel.csv is then made from the SQLite table, not from the groups' lines. */
  private panelOutsideGroups = false;
  private readonly groupRows: GroupRow[] = [];
  /** The workbook's thread, streaming the cells sheet as cells.csv is written (plan), and its temp file. */
  private book: { thread: WorkbookThread; tmp: string } | null = null;
  /** Problems found while writing (a workbook sheet cut at Excel's row limit). */
  readonly warnings: string[] = [];

  constructor(readonly outDir: string, private readonly opts: TablesWriterOptions) {
    const sqlitePath = join(outDir, TABLE_FILES.sqlite);
    // Read before anything is created: a file whose corrections cannot be read stops the run here.
    const corrections = readSqliteCorrections(sqlitePath);
    const tmp = (name: string): string => {
      const t = tempPathFor(join(outDir, name));
      this.temps.push(t);
      return t;
    };
    const old = opts.reuse && corrections.length === 0 && opts.log.entries.length === 0 ? openReusable(outDir, opts.panelKeys) : null;
    this.cells = new CsvSink(join(outDir, TABLE_FILES.cells), tmp(TABLE_FILES.cells), CELLS_COLUMNS);
    this.reports = new CsvSink(join(outDir, TABLE_FILES.reportsCsv), tmp(TABLE_FILES.reportsCsv), REPORTS_COLUMNS);
    this.corrected = opts.log.entries.length > 0 ? new LineSink(join(outDir, TABLE_FILES.corrected), tmp(TABLE_FILES.corrected)) : null;
    const statements = SQLITE_SCHEMA.split(";").map((x) => x.trim()).filter(Boolean);
    if (old) {
      this.old = { groups: old.groups, cellsFd: old.cellsFd, reportsFd: old.reportsFd };
      this.sqliteTmp = null;
      this.db = old.db;
      this.indexes = [];
      // Rows are deleted children first (plan), foreign keys unchecked: in schema 3, checking each
      // deleted check against check_key_ids (no index on check_id) took 200 s for 10 agencies of
      // 2,000 reports.
      this.db.pragma("foreign_keys = OFF");
      this.db.exec("BEGIN");
      this.db.exec("DELETE FROM keys; DELETE FROM failures;");
    } else {
      this.sqliteTmp = tmp(TABLE_FILES.sqlite);
      this.db = openTempSqlite(this.sqliteTmp);
      // Indexes are built after the bulk load (one sort instead of an index update per row).
      this.indexes = statements.filter((x) => x.startsWith("CREATE INDEX"));
      this.db.exec(statements.filter((x) => !x.startsWith("CREATE INDEX")).map((x) => `${x};`).join("\n"));
      this.db.exec(panelTableSql(opts.panelKeys));
      this.db.exec("BEGIN");
      insertCorrections(this.db, corrections);
    }
    this.insertRecord = recordInserter(this.db);
    this.insertPanel = panelInserter(this.db, opts.panelKeys);
    this.insertReview = this.db.prepare("INSERT INTO review_items VALUES (?,?,?,?)");
    this.insertRecordFile = this.db.prepare("INSERT OR REPLACE INTO record_files VALUES (?,?,?,?)");
    const key = this.db.prepare("INSERT INTO keys VALUES (?,?,?,?,?,?,?,?,?)");
    for (const e of opts.codebook ?? []) key.run(codebookRow(e));
    const failure = this.db.prepare("INSERT INTO failures VALUES (?,?,?,?,?,?)");
    for (const e of opts.failures ?? []) failure.run(failureRow(e));
  }

  /** True when the tables are being updated in place (rows of unchanged groups kept). */
  get reusing(): boolean {
    return this.old !== null;
  }

  /**
   * Every group of this run with its signature, before the first `beginGroup`: the rows of the last
   * run's groups that are gone or changed are deleted (a changed group is written again).
   */
  plan(groups: readonly { grp: string; sig: string; docs?: number }[]): void {
    this.startWorkbook(groups.reduce((n, g) => n + (g.docs ?? 1), 0));
    if (!this.old) return;
    const wanted = new Map(groups.map((g) => [g.grp, g.sig]));
    const docs = (g: GroupRow): string[] => JSON.parse(g.docs) as string[];
    const stale = [...this.old.groups.values()].filter((g) => wanted.get(g.grp) !== g.sig);
    this.reusable = new Set([...this.old.groups.values()].filter((g) => wanted.get(g.grp) === g.sig).map((g) => g.grp));
    const t0 = performance.now();
    const del = [
      "DELETE FROM check_results WHERE doc = (SELECT n FROM doc_ids WHERE id = ?)",
      "DELETE FROM cell_values WHERE doc = (SELECT n FROM doc_ids WHERE id = ?)",
      "DELETE FROM doc_ids WHERE id = ?",
      "DELETE FROM review_items WHERE id = ?",
      "DELETE FROM record_files WHERE id = ?",
      "DELETE FROM documents WHERE id = ?",
    ].map((q) => this.db.prepare(q));
    const delPanel = this.db.prepare("DELETE FROM panel WHERE agency = ?");
    const delGroup = this.db.prepare("DELETE FROM table_groups WHERE grp = ?");
    for (const g of stale) {
      for (const id of docs(g)) for (const d of del) d.run(id);
      delPanel.run(g.grp);
      delGroup.run(g.grp);
    }
    this.opts.clock?.add("sqlite", performance.now() - t0);
  }

  /**
   * Starts the workbook's thread for a run of `docs` documents: the warm one a batch started with
   * its reading, else a new one when it pays (WORKBOOK_THREAD_MIN_DOCS).
   */
  private startWorkbook(docs: number): void {
    const { xlsx } = this.opts;
    if (xlsx === false || (xlsx === undefined && docs * CELLS_PER_DOC > XLSX_MAX_ROWS)) return;
    const cells = this.dataPackage().resources.find((r) => r.path === TABLE_FILES.cells);
    if (!cells) return;
    const tmp = this.tmpFor(TABLE_FILES.xlsx);
    const data = { path: tmp, cells: { resource: cells, csvPath: this.cells.tmp }, limit: XLSX_MAX_ROWS };
    const thread = WorkbookThread.claimWarm(data) ?? (docs >= WORKBOOK_THREAD_MIN_DOCS ? WorkbookThread.start(data) : null);
    if (!thread) return;
    this.book = { thread, tmp };
    this.cells.onGrow = (size) => thread.grown(size);
  }

  /** The workbook's thread is no longer wanted (the cells will not fit in a sheet, or an error). */
  private async dropWorkbook(): Promise<void> {
    const book = this.book;
    if (!book) return;
    this.book = null;
    this.cells.onGrow = null;
    await book.thread.abandon();
    await rm(book.tmp, { force: true });
  }

  private dataPackage(): ReturnType<typeof dataPackage> {
    return dataPackage({ panelKeys: this.opts.panelKeys, codebook: this.opts.codebook ?? [], version: VERSION, ...this.opts.describe });
  }

  /**
   * Starts a group (one agency's documents, or one document without an agency). Returns what the
   * last run found for it when its rows were kept (nothing is to be added for it then), else null.
   */
  async beginGroup(grp: string): Promise<ReusedGroup | null> {
    const t0 = performance.now();
    const cellsStart = await this.cells.offset();
    const reportsStart = await this.reports.offset();
    const kept = this.old && this.reusable.has(grp) ? this.old.groups.get(grp) : undefined;
    this.current = { grp, docs: [], cells: 0, cellsStart, reportsStart, reused: kept !== undefined, panel: [] };
    if (!kept || !this.old) return null;
    // A kept group gets no panel rows of its own: its lines, already in year order, are its only entry.
    if (kept.panel) this.current.panel.push({ year: 0, line: kept.panel });
    await this.cells.copy(this.old.cellsFd, kept.cells_start, kept.cells_end);
    await this.reports.copy(this.old.reportsFd, kept.reports_start, kept.reports_end);
    this.current.docs = JSON.parse(kept.docs) as string[];
    this.current.cells = kept.cells;
    this.cellCount += kept.cells;
    this.opts.clock?.add("tables", performance.now() - t0);
    return { records: this.current.docs.length, findings: JSON.parse(kept.findings) as unknown[] };
  }

  /** Whether the rows of this group will be kept from the last run (after `plan`). */
  keeps(grp: string): boolean {
    return this.old !== null && this.reusable.has(grp);
  }

  /**
   * Ends the group begun last. `findings`: its cross-year findings and `sig` its signature as the
   * files are now, both noted for a later run that may reuse the group's rows.
   */
  async endGroup(findings: readonly unknown[], sig: string): Promise<void> {
    const g = this.current;
    if (!g) throw new Error("endGroup without beginGroup");
    this.current = null;
    this.groupRows.push({
      grp: g.grp,
      sig,
      docs: JSON.stringify(g.docs),
      cells: g.cells,
      cells_start: g.cellsStart,
      cells_end: await this.cells.offset(),
      reports_start: g.reportsStart,
      reports_end: await this.reports.offset(),
      findings: JSON.stringify(findings),
      panel: g.panel
        .sort((a, b) => a.year - b.year)
        .map((p) => p.line)
        .join(""),
    });
  }

  /**
   * Adds one record as extracted to every table, with the reviewers' corrections applied; returns the
   * corrected record. `agencyNormalized`: the agency as panel.csv names it (default: as printed).
   */
  async add(extracted: ReportRecord, agencyNormalized: string | null = extracted.report.agency): Promise<ReportRecord> {
    const t0 = performance.now();
    const r = applyCorrections(extracted, this.opts.log);
    for (const row of cellRows([r], () => agencyNormalized)) await this.cells.write(row);
    this.cellCount += r.cells.length;
    if (this.book && this.opts.xlsx === undefined && this.cellCount > XLSX_MAX_ROWS) await this.dropWorkbook();
    if (this.current) {
      this.current.docs.push(recordId(r));
      this.current.cells += r.cells.length;
    }
    await this.reports.write(reportRow(r, agencyNormalized));
    await this.corrected?.write(`${JSON.stringify(r)}\n`);
    const t1 = performance.now();
    this.insertRecord(r, agencyNormalized);
    for (const item of reviewItems(r)) this.insertReview.run(item.confidence, item.id, item.index, csvRowLine(item.row));
    this.opts.clock?.add("tables", t1 - t0);
    this.opts.clock?.add("sqlite", performance.now() - t1);
    return r;
  }

  /** The batch runner's index entry of a record file (sqlite.ts record_files). */
  addRecordFile(row: RecordFileRow): void {
    this.insertRecordFile.run(row.id, row.size, row.mtime_ms, row.entry);
  }

  addPanelRow(row: PanelRow): void {
    this.insertPanel(row);
    if (this.current) this.current.panel.push({ year: row.year, line: csvRowLine(panelCsvRow(row, this.opts.panelKeys)) });
    else this.panelOutsideGroups = true;
  }

  /** Finishes every file and renames them into place. */
  async commit(): Promise<void> {
    await this.cells.end();
    await this.reports.end();
    await this.corrected?.end();
    // The two big files go to disk (libuv's pool) while the rest is written: for a re-run of
    // 10,000 reports, cells.csv's 600 MB took ~2.5 s to flush after the copy (issue 14).
    const early = new Map([this.cells.tmp, this.reports.tmp].map((t) => [t, fsync(t)]));
    for (const p of early.values()) p.catch(() => undefined); // thrown when awaited below
    const t0 = performance.now();
    const groupRow = this.db.prepare("INSERT OR REPLACE INTO table_groups VALUES (?,?,?,?,?,?,?,?,?,?)");
    for (const g of this.groupRows) groupRow.run(g.grp, g.sig, g.docs, g.cells, g.cells_start, g.cells_end, g.reports_start, g.reports_end, g.findings, g.panel);
    // Groups not begun this run (writeTables over a list) leave no group rows: nothing can be reused then.
    const state = this.db.prepare("INSERT OR REPLACE INTO table_state VALUES (?,?)");
    const complete = this.groupRows.length > 0;
    if (!complete) this.db.exec("DELETE FROM table_groups");
    state.run("format", complete ? reuseFormat(this.opts.panelKeys) : "none");
    state.run("cells_csv", JSON.stringify(stampOf(this.cells.tmp)));
    state.run("reports_csv", JSON.stringify(stampOf(this.reports.tmp)));
    for (const index of this.indexes) this.db.exec(index);
    // Reusing, the transaction stays open until the CSV files are in place (see below).
    if (!this.old) this.db.exec("COMMIT");
    const t1 = performance.now();
    this.opts.clock?.add("sqlite", t1 - t0);
    const review = this.sink(join(this.outDir, TABLE_FILES.reviewQueue), this.tmpFor(TABLE_FILES.reviewQueue), REVIEW_COLUMNS);
    // Both files from the lines kept as written: a re-run of 10,000 reports spent ~1 s making their
    // 64,000 and 10,000 rows again from values (issue 14).
    for (const [line] of this.db.prepare("SELECT line FROM review_items ORDER BY confidence, id, idx").raw().iterate() as Iterable<[string]>) review.writeLines(line);
    await review.end();
    const keys = this.opts.panelKeys;
    const panel = this.sink(join(this.outDir, TABLE_FILES.panel), this.tmpFor(TABLE_FILES.panel), panelColumns(keys));
    if (complete && !this.panelOutsideGroups) {
      // A group is one agency (grp is the panel rows' agency; a group without one has no panel rows):
      // in grp order, its lines by year, are the rows of the panel table in (agency, year) order.
      for (const [lines] of this.db.prepare("SELECT panel FROM table_groups WHERE panel <> '' ORDER BY grp").raw().iterate() as Iterable<[string]>) panel.writeLines(lines);
    } else {
      for (const row of this.db.prepare("SELECT * FROM panel ORDER BY agency, year").raw().iterate() as Iterable<CsvRow>) await panel.write(row);
    }
    await panel.end();
    if (!this.old) this.db.close();
    const codebook = this.opts.codebook ?? [];
    const keysCsv = this.sink(join(this.outDir, TABLE_FILES.keys), this.tmpFor(TABLE_FILES.keys), KEYS_COLUMNS);
    for (const e of codebook) await keysCsv.write(codebookRow(e));
    await keysCsv.end();
    const failuresCsv = this.sink(join(this.outDir, TABLE_FILES.failures), this.tmpFor(TABLE_FILES.failures), FAILURES_COLUMNS);
    for (const e of this.opts.failures ?? []) await failuresCsv.write(failureRow(e));
    await failuresCsv.end();
    // The data package describes the CSVs; the workbook is written from them, typed by it.
    const pkg = this.dataPackage();
    const pkgTmp = this.tmpFor(TABLE_FILES.datapackage);
    await writeFile(pkgTmp, `${JSON.stringify(pkg, null, 2)}\n`, { flag: "wx" });
    const csvTemps = new Map([this.cells, this.reports, review, panel, keysCsv, failuresCsv].map((s) => [s.path, s.tmp]));
    const fits = this.cellCount <= XLSX_MAX_ROWS;
    if (this.opts.xlsx === undefined && !fits) {
      this.warnings.push(`nianbao.xlsx not written: its cells sheet would need ${this.cellCount} rows, over Excel's ${XLSX_MAX_ROWS}; cells.csv and nianbao.sqlite have every value (--xlsx writes the workbook with the sheet cut)`);
    }
    const wanted = this.opts.xlsx === true || (this.opts.xlsx === undefined && fits);
    if (!wanted) await this.dropWorkbook();
    const xlsxTmp = !wanted ? null : (this.book?.tmp ?? this.tmpFor(TABLE_FILES.xlsx));
    const sources = inSheetOrder(pkg.resources.map((resource) => ({ resource, csvPath: csvTemps.get(join(this.outDir, resource.path))! })));
    const t2 = performance.now();
    this.opts.clock?.add("tables", t2 - t1);
    if (xlsxTmp && this.book) {
      // The thread has the cells sheet (most of it written by now); it adds the others and ends the file.
      const book = this.book;
      this.book = null;
      const cellsSize = statSync(this.cells.tmp).size;
      this.warnings.push(...(await book.thread.finish(cellsSize, sources.filter((s) => s.csvPath !== this.cells.tmp))));
    } else if (xlsxTmp) this.warnings.push(...(await writeXlsx(xlsxTmp, sources)));
    const t3 = performance.now();
    this.opts.clock?.add("xlsx", t3 - t2);
    const sinks = [this.cells, this.reports, review, panel, keysCsv, failuresCsv, ...(this.corrected ? [this.corrected] : [])];
    // All at once (libuv's pool): one after the other they took 5 to 110 ms of a one-document run's
    // wall time on a shared disk, each waiting for the one before (issue 14).
    const temps = [...sinks.map((s) => s.tmp), ...(this.sqliteTmp ? [this.sqliteTmp] : []), pkgTmp, ...(xlsxTmp ? [xlsxTmp] : [])];
    const synced = await Promise.allSettled(temps.map((t) => early.get(t) ?? fsync(t)));
    const failed = synced.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    for (const s of sinks) await rename(s.tmp, s.path);
    await rename(pkgTmp, join(this.outDir, TABLE_FILES.datapackage));
    // Without a workbook this run, an old one would no longer match the CSVs.
    if (xlsxTmp) await rename(xlsxTmp, join(this.outDir, TABLE_FILES.xlsx));
    else await rm(join(this.outDir, TABLE_FILES.xlsx), { force: true });
    if (this.sqliteTmp) await rename(this.sqliteTmp, join(this.outDir, TABLE_FILES.sqlite));
    else {
      // Last: should the run stop before this, the file is as it was and its table_state no longer
      // matches the new CSV files, so the next run rebuilds every table.
      this.db.exec("COMMIT");
      this.db.close();
      this.closeOld();
    }
    if (!this.corrected) await rm(join(this.outDir, TABLE_FILES.corrected), { force: true });
    syncCorrectionsTable(join(this.outDir, TABLE_FILES.sqlite), this.opts.log);
    this.opts.clock?.add("tables", performance.now() - t3);
  }

  /** Removes the temp files (after an error); reusing, the SQLite file's changes are rolled back. */
  async abort(): Promise<void> {
    await this.dropWorkbook().catch(() => undefined);
    for (const sink of [this.cells, this.reports, ...this.later]) sink.close();
    if (this.db.open) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      this.db.close();
    }
    this.closeOld();
    await Promise.all(this.temps.map((t) => rm(t, { force: true })));
  }

  private closeOld(): void {
    if (!this.old) return;
    for (const fd of [this.old.cellsFd, this.old.reportsFd]) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
  }

  /** A CSV file made at commit (closed by abort should the commit fail). */
  private sink(path: string, tmp: string, headers: readonly string[]): CsvSink {
    const sink = new CsvSink(path, tmp, headers);
    this.later.push(sink);
    return sink;
  }

  private tmpFor(name: string): string {
    const t = tempPathFor(join(this.outDir, name));
    this.temps.push(t);
    return t;
  }
}

function stampOf(path: string): { size: number; mtime_ms: number } {
  const s = statSync(path);
  return { size: s.size, mtime_ms: s.mtimeMs };
}

/** What must be the same for a group's rows to be reused: the program, the row layout, the panel's columns. */
function reuseFormat(panelKeys: readonly string[]): string {
  return JSON.stringify([REUSE_FORMAT, VERSION, SQLITE_SCHEMA_VERSION, CELLS_COLUMNS, REPORTS_COLUMNS, panelKeys]);
}

/**
 * The output folder's SQLite file opened for an update in place, with its groups, when everything
 * the last run wrote is as it left it; null otherwise (then every table is rebuilt).
 */
function openReusable(outDir: string, panelKeys: readonly string[]): { db: Database.Database; groups: Map<string, GroupRow>; cellsFd: number; reportsFd: number } | null {
  const sqlitePath = join(outDir, TABLE_FILES.sqlite);
  if (!existsSync(sqlitePath) || existsSync(join(outDir, TABLE_FILES.corrected))) return null;
  let db: Database.Database | null = null;
  const fds: number[] = [];
  try {
    db = openSqlite(sqlitePath, { fileMustExist: true });
    if (db.pragma("user_version", { simple: true }) !== SQLITE_SCHEMA_VERSION) throw new Error("schema");
    const state = new Map((db.prepare("SELECT key, value FROM table_state").all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    if (state.get("format") !== reuseFormat(panelKeys)) throw new Error("format");
    const same = (name: string, noted: string | undefined): boolean => {
      const s = statSync(join(outDir, name), { throwIfNoEntry: false });
      const n = noted ? (JSON.parse(noted) as { size: number; mtime_ms: number }) : null;
      return s !== undefined && n !== null && s.size === n.size && s.mtimeMs === n.mtime_ms;
    };
    if (!same(TABLE_FILES.cells, state.get("cells_csv")) || !same(TABLE_FILES.reportsCsv, state.get("reports_csv"))) throw new Error("files changed");
    const groups = new Map((db.prepare("SELECT * FROM table_groups").all() as GroupRow[]).map((g) => [g.grp, g]));
    fds.push(openSync(join(outDir, TABLE_FILES.cells), "r"), openSync(join(outDir, TABLE_FILES.reportsCsv), "r"));
    return { db, groups, cellsFd: fds[0]!, reportsFd: fds[1]! };
  } catch {
    db?.close();
    for (const fd of fds) closeSync(fd);
    return null;
  }
}

async function fsync(path: string): Promise<void> {
  const fh = await open(path, "r+");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
