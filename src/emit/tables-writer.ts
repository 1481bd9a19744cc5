/**
 * All tables of an output folder written in one pass over the records, without keeping them: each
 * record is turned into its rows of cells.csv, reports.csv, corrected.jsonl and the SQLite tables as
 * it arrives, so memory does not grow with the number of documents. What must be sorted across
 * documents (the review queue, least confident first; the panel, by agency and year) goes into the
 * SQLite connection — a TEMP table for the queue — and is streamed out of it at the end. Every file
 * is built under a hidden temp name and renamed into place only on `commit` (atomic.ts).
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { rename, rm, open, writeFile } from "node:fs/promises";
import { once } from "node:events";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { ReportRecord } from "../model/index.js";
import { tempPathFor } from "./atomic.js";
import { VERSION } from "../version.js";
import { applyCorrections, syncCorrectionsTable, type CorrectionLog } from "./corrections.js";
import { CELLS_COLUMNS, cellRows } from "./cells-csv.js";
import { KEYS_COLUMNS, codebookRow, type CodebookEntry } from "./codebook.js";
import { BOM, cellText, csvLine, type CsvRow } from "./csv.js";
import { dataPackage } from "./datapackage.js";
import { FAILURES_COLUMNS, failureRow } from "./failures.js";
import type { ManifestEntry } from "./manifest.js";
import { writeXlsx } from "./xlsx.js";
import { panelColumns, panelCsvRow, panelInserter, panelTableSql, type PanelRow } from "./panel.js";
import { REPORTS_COLUMNS, reportRow } from "./reports-csv.js";
import { REVIEW_COLUMNS, reviewItems } from "./review-queue.js";
import { SQLITE_SCHEMA, insertCorrections, readSqliteCorrections, recordInserter } from "./sqlite.js";

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
 * A CSV file being streamed to its temp name: lines are made by csvLine (the bytes fast-csv wrote)
 * and written in chunks with backpressure.
 */
class CsvSink {
  private readonly file: WriteStream;
  private readonly done: Promise<unknown>;
  private buffer: string;
  constructor(readonly path: string, readonly tmp: string, headers: readonly string[]) {
    this.file = createWriteStream(tmp, { flags: "wx" });
    this.done = once(this.file, "close");
    this.buffer = BOM + csvLine(headers);
  }
  async write(row: CsvRow): Promise<void> {
    this.buffer += csvLine(row.map(cellText));
    if (this.buffer.length >= CSV_CHUNK) await this.flush();
  }
  private async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = "";
    if (!this.file.write(chunk)) await once(this.file, "drain");
  }
  async end(): Promise<void> {
    if (this.buffer) this.file.write(this.buffer);
    this.buffer = "";
    this.file.end();
    await this.done;
  }
}

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
  /** Write nianbao.xlsx (default true; it costs ~20 ms a document, see docs/data-set.md). */
  xlsx?: boolean;
  /** Told the time spent on the CSV files, the SQLite file and the workbook (`--profile`). */
  clock?: TablesClock;
}

export interface TablesClock {
  add(stage: "tables" | "sqlite" | "xlsx", ms: number): void;
}

export class TablesWriter {
  private readonly cells: CsvSink;
  private readonly reports: CsvSink;
  /** corrected.jsonl exists only while there are corrections (as in corrections.ts). */
  private readonly corrected: LineSink | null;
  private readonly db: Database.Database;
  private readonly sqliteTmp: string;
  private readonly insertRecord: (r: ReportRecord, agencyNormalized: string | null) => void;
  private readonly insertPanel: (row: PanelRow) => void;
  private readonly insertReview: Database.Statement;
  private readonly temps: string[] = [];
  private readonly indexes: string[];
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
    this.cells = new CsvSink(join(outDir, TABLE_FILES.cells), tmp(TABLE_FILES.cells), CELLS_COLUMNS);
    this.reports = new CsvSink(join(outDir, TABLE_FILES.reportsCsv), tmp(TABLE_FILES.reportsCsv), REPORTS_COLUMNS);
    this.corrected = opts.log.entries.length > 0 ? new LineSink(join(outDir, TABLE_FILES.corrected), tmp(TABLE_FILES.corrected)) : null;
    this.sqliteTmp = tmp(TABLE_FILES.sqlite);
    this.db = new Database(this.sqliteTmp);
    // A temp file renamed only when complete needs no journal.
    this.db.pragma("journal_mode = OFF");
    this.db.pragma("synchronous = OFF");
    // Indexes are built after the bulk load (one sort instead of an index update per row).
    const statements = SQLITE_SCHEMA.split(";").map((x) => x.trim()).filter(Boolean);
    this.indexes = statements.filter((x) => x.startsWith("CREATE INDEX"));
    this.db.exec(statements.filter((x) => !x.startsWith("CREATE INDEX")).map((x) => `${x};`).join("\n"));
    this.db.exec(panelTableSql(opts.panelKeys));
    this.db.exec("CREATE TEMP TABLE review_items (confidence REAL, id TEXT, idx INTEGER, row TEXT)");
    this.insertRecord = recordInserter(this.db);
    this.insertPanel = panelInserter(this.db, opts.panelKeys);
    this.insertReview = this.db.prepare("INSERT INTO temp.review_items VALUES (?,?,?,?)");
    this.db.exec("BEGIN");
    insertCorrections(this.db, corrections);
    const key = this.db.prepare("INSERT INTO keys VALUES (?,?,?,?,?,?,?,?,?)");
    for (const e of opts.codebook ?? []) key.run(codebookRow(e));
    const failure = this.db.prepare("INSERT INTO failures VALUES (?,?,?,?,?,?)");
    for (const e of opts.failures ?? []) failure.run(failureRow(e));
  }

  /**
   * Adds one record as extracted to every table, with the reviewers' corrections applied; returns the
   * corrected record. `agencyNormalized`: the agency as panel.csv names it (default: as printed).
   */
  async add(extracted: ReportRecord, agencyNormalized: string | null = extracted.report.agency): Promise<ReportRecord> {
    const t0 = performance.now();
    const r = applyCorrections(extracted, this.opts.log);
    for (const row of cellRows([r], () => agencyNormalized)) await this.cells.write(row);
    await this.reports.write(reportRow(r, agencyNormalized));
    await this.corrected?.write(`${JSON.stringify(r)}\n`);
    const t1 = performance.now();
    this.insertRecord(r, agencyNormalized);
    for (const item of reviewItems(r)) this.insertReview.run(item.confidence, item.id, item.index, JSON.stringify(item.row));
    this.opts.clock?.add("tables", t1 - t0);
    this.opts.clock?.add("sqlite", performance.now() - t1);
    return r;
  }

  addPanelRow(row: PanelRow): void {
    this.insertPanel(row);
  }

  /** Finishes every file and renames them into place. */
  async commit(): Promise<void> {
    await this.cells.end();
    await this.reports.end();
    await this.corrected?.end();
    const t0 = performance.now();
    for (const index of this.indexes) this.db.exec(index);
    this.db.exec("COMMIT");
    const t1 = performance.now();
    this.opts.clock?.add("sqlite", t1 - t0);
    const review = new CsvSink(join(this.outDir, TABLE_FILES.reviewQueue), this.tmpFor(TABLE_FILES.reviewQueue), REVIEW_COLUMNS);
    for (const { row } of this.db.prepare("SELECT row FROM temp.review_items ORDER BY confidence, id, idx").iterate() as Iterable<{ row: string }>) {
      await review.write(JSON.parse(row) as CsvRow);
    }
    await review.end();
    const keys = this.opts.panelKeys;
    const panel = new CsvSink(join(this.outDir, TABLE_FILES.panel), this.tmpFor(TABLE_FILES.panel), panelColumns(keys));
    for (const row of this.db.prepare("SELECT * FROM panel ORDER BY agency, year").raw().iterate() as Iterable<CsvRow>) await panel.write(row);
    await panel.end();
    this.db.close();
    const codebook = this.opts.codebook ?? [];
    const keysCsv = new CsvSink(join(this.outDir, TABLE_FILES.keys), this.tmpFor(TABLE_FILES.keys), KEYS_COLUMNS);
    for (const e of codebook) await keysCsv.write(codebookRow(e));
    await keysCsv.end();
    const failuresCsv = new CsvSink(join(this.outDir, TABLE_FILES.failures), this.tmpFor(TABLE_FILES.failures), FAILURES_COLUMNS);
    for (const e of this.opts.failures ?? []) await failuresCsv.write(failureRow(e));
    await failuresCsv.end();
    // The data package describes the CSVs; the workbook is written from them, typed by it.
    const pkg = dataPackage({ panelKeys: keys, codebook, version: VERSION });
    const pkgTmp = this.tmpFor(TABLE_FILES.datapackage);
    await writeFile(pkgTmp, `${JSON.stringify(pkg, null, 2)}\n`, { flag: "wx" });
    const csvTemps = new Map([this.cells, this.reports, review, panel, keysCsv, failuresCsv].map((s) => [s.path, s.tmp]));
    const xlsxTmp = this.opts.xlsx === false ? null : this.tmpFor(TABLE_FILES.xlsx);
    const sources = pkg.resources.map((resource) => ({ resource, csvPath: csvTemps.get(join(this.outDir, resource.path))! }));
    const t2 = performance.now();
    this.opts.clock?.add("tables", t2 - t1);
    if (xlsxTmp) this.warnings.push(...(await writeXlsx(xlsxTmp, sources)));
    const t3 = performance.now();
    this.opts.clock?.add("xlsx", t3 - t2);
    const sinks = [this.cells, this.reports, review, panel, keysCsv, failuresCsv, ...(this.corrected ? [this.corrected] : [])];
    for (const t of [...sinks.map((s) => s.tmp), this.sqliteTmp, pkgTmp, ...(xlsxTmp ? [xlsxTmp] : [])]) await fsync(t);
    for (const s of sinks) await rename(s.tmp, s.path);
    await rename(pkgTmp, join(this.outDir, TABLE_FILES.datapackage));
    // Without a workbook this run, an old one would no longer match the CSVs.
    if (xlsxTmp) await rename(xlsxTmp, join(this.outDir, TABLE_FILES.xlsx));
    else await rm(join(this.outDir, TABLE_FILES.xlsx), { force: true });
    await rename(this.sqliteTmp, join(this.outDir, TABLE_FILES.sqlite));
    if (!this.corrected) await rm(join(this.outDir, TABLE_FILES.corrected), { force: true });
    syncCorrectionsTable(join(this.outDir, TABLE_FILES.sqlite), this.opts.log);
    this.opts.clock?.add("tables", performance.now() - t3);
  }

  /** Removes the temp files (after an error). */
  async abort(): Promise<void> {
    if (this.db.open) this.db.close();
    await Promise.all(this.temps.map((t) => rm(t, { force: true })));
  }

  private tmpFor(name: string): string {
    const t = tempPathFor(join(this.outDir, name));
    this.temps.push(t);
    return t;
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
