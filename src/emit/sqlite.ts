/**
 * nianbao.sqlite: the records as tables. Rebuilt whole on each run into a temp file, then renamed
 * (atomic.ts). Rows of `corrections` in the file being replaced are carried over, so that a review
 * app writing there never loses work to a re-run. Schema (PRAGMA user_version = 3):
 *
 *   documents(id PK, path, sha256, kind, pages, agency, agency_normalized, year, template, title,
 *             tables JSON {table: template}, cells, needs_review, checks, checks_failed,
 *             failed_rules '|'-joined, confidence (10th percentile), min_confidence,
 *             warnings JSON [..], unmapped JSON [..], sections JSON {..}, timings JSON {..},
 *             nianbao_version)
 *   cells — a VIEW (version 3): document, key, "table", "row", "column", label_zh, value NUMERIC,
 *         raw, confidence, status, flags '|'-joined, needs_review 0/1, page, line, bbox JSON|NULL,
 *         signals JSON|NULL; the rows are in cell_values(doc → doc_ids.n, k → cell_keys.k,
 *         l → labels.l, value, raw, …)             indexes: cells_key (k), cells_document (doc, k)
 *   doc_ids(n PK, id UNIQUE), cell_keys(k PK, key UNIQUE, "table", "row", "column"),
 *   labels(l PK, label_zh UNIQUE) — the look-up tables: a cell row holds three integers instead of
 *         its document id, key and label repeated (version 2 spent ~70 KB a report on them)
 *   checks(id PK, document, rule, ok 0/1, expected NUMERIC, actual NUMERIC, keys '|'-joined,
 *          message_zh)                             index: checks(document)
 *   check_keys — a VIEW (version 3): check_id, document, key — one row per key of a check, to join
 *         checks to cells; the rows are in check_key_ids(check_id → checks.id, k → cell_keys.k)
 *   corrections(document_sha256, key, value NUMERIC, reviewer, at ISO-8601, note)  — filled by review
 *   failures(path, sha256, status, code, message, at) — inputs not read (failures.csv, from the manifest)
 *   keys(key PK, "table", "row", "column", label_zh, label_en, unit, kind, templates) — the codebook (keys.csv)
 *   record_files(id PK, size, mtime_ms, entry JSON) — the batch runner's index of reports/*.json (file
 *         size and modification time when the tables were written, and what the end of a batch needs
 *         of the record): a re-run reads only the records whose file changed (issue 14)
 *   review_items(confidence, id → documents.id, idx, row JSON) — review-queue.csv's rows, kept so that
 *         a re-run that changes some agencies can sort the queue again without the others' records
 *   table_groups(grp PK, sig, docs JSON [ids], cells, cells_start, cells_end, reports_start,
 *         reports_end, findings JSON) and table_state(key PK, value) — what the last run wrote for
 *         each agency (its signature, its byte ranges in cells.csv and reports.csv, its cross-year
 *         findings): a re-run copies the rows of agencies whose records did not change (issue 14)
 */
import { existsSync } from "node:fs";
import type Database from "better-sqlite3";
import { openSqlite } from "../native.js";
import type { ReportRecord } from "../model/index.js";
import { writeAtomicWith } from "./atomic.js";
import { recordId } from "./id.js";
import { summarize } from "./summary.js";

export const SQLITE_SCHEMA_VERSION = 3;

export const SQLITE_SCHEMA = `
CREATE TABLE documents (
  id TEXT PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL, kind TEXT NOT NULL,
  pages INTEGER NOT NULL, agency TEXT, agency_normalized TEXT, year INTEGER, template TEXT, title TEXT,
  tables TEXT NOT NULL, cells INTEGER NOT NULL, needs_review INTEGER NOT NULL,
  checks INTEGER NOT NULL, checks_failed INTEGER NOT NULL, failed_rules TEXT NOT NULL,
  confidence REAL, min_confidence REAL, warnings TEXT NOT NULL, unmapped TEXT NOT NULL,
  sections TEXT NOT NULL, timings TEXT NOT NULL, nianbao_version TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'complete'
);
CREATE INDEX documents_sha256 ON documents(sha256);
CREATE TABLE doc_ids (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
CREATE TABLE cell_keys (k INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, "table" TEXT NOT NULL, "row" TEXT NOT NULL, "column" TEXT NOT NULL);
CREATE TABLE labels (l INTEGER PRIMARY KEY, label_zh TEXT NOT NULL UNIQUE);
CREATE TABLE cell_values (
  doc INTEGER NOT NULL REFERENCES doc_ids(n), k INTEGER NOT NULL REFERENCES cell_keys(k), l INTEGER NOT NULL REFERENCES labels(l),
  value NUMERIC, raw TEXT NOT NULL, confidence REAL NOT NULL, status TEXT NOT NULL,
  flags TEXT NOT NULL, needs_review INTEGER NOT NULL, page INTEGER NOT NULL, line INTEGER NOT NULL,
  bbox TEXT, signals TEXT
);
CREATE INDEX cells_key ON cell_values(k);
CREATE INDEX cells_document ON cell_values(doc, k);
CREATE VIEW cells AS
  SELECT d.id AS document, ck.key, ck."table", ck."row", ck."column", lb.label_zh, c.value, c.raw, c.confidence, c.status,
         c.flags, c.needs_review, c.page, c.line, c.bbox, c.signals
  FROM cell_values c JOIN doc_ids d ON d.n = c.doc JOIN cell_keys ck ON ck.k = c.k JOIN labels lb ON lb.l = c.l;
CREATE TABLE checks (
  id INTEGER PRIMARY KEY, document TEXT NOT NULL REFERENCES documents(id), rule TEXT NOT NULL,
  ok INTEGER NOT NULL, expected NUMERIC, actual NUMERIC, keys TEXT NOT NULL, message_zh TEXT
);
CREATE INDEX checks_document ON checks(document);
CREATE TABLE check_key_ids (check_id INTEGER NOT NULL REFERENCES checks(id), k INTEGER NOT NULL REFERENCES cell_keys(k));
CREATE INDEX check_keys_check ON check_key_ids(check_id);
CREATE VIEW check_keys AS
  SELECT ckk.check_id, c.document, ck.key FROM check_key_ids ckk JOIN checks c ON c.id = ckk.check_id JOIN cell_keys ck ON ck.k = ckk.k;
CREATE TABLE corrections (
  document_sha256 TEXT NOT NULL, key TEXT NOT NULL, value NUMERIC, reviewer TEXT, at TEXT, note TEXT
);
CREATE INDEX corrections_key ON corrections(document_sha256, key);
CREATE TABLE failures (
  path TEXT NOT NULL, sha256 TEXT, status TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL, at TEXT
);
CREATE TABLE keys (
  key TEXT PRIMARY KEY, "table" TEXT NOT NULL, "row" TEXT NOT NULL, "column" TEXT NOT NULL, label_zh TEXT NOT NULL,
  label_en TEXT NOT NULL, unit TEXT NOT NULL, kind TEXT NOT NULL, templates TEXT NOT NULL
);
CREATE TABLE record_files (
  id TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ms REAL NOT NULL, entry TEXT NOT NULL
);
CREATE TABLE review_items (confidence REAL NOT NULL, id TEXT NOT NULL, idx INTEGER NOT NULL, row TEXT NOT NULL);
CREATE INDEX review_items_id ON review_items(id);
CREATE TABLE table_groups (
  grp TEXT PRIMARY KEY, sig TEXT NOT NULL, docs TEXT NOT NULL, cells INTEGER NOT NULL,
  cells_start INTEGER NOT NULL, cells_end INTEGER NOT NULL, reports_start INTEGER NOT NULL, reports_end INTEGER NOT NULL,
  findings TEXT NOT NULL
);
CREATE TABLE table_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
PRAGMA user_version = ${SQLITE_SCHEMA_VERSION};
`;

export interface RecordFileRow {
  id: string;
  size: number;
  mtime_ms: number;
  /** JSON of the pipeline's DocIndexEntry. */
  entry: string;
}

/** The record_files rows of an existing file (none when there is no file, or it has no such table, or cannot be read: the index is only a shortcut). */
export function readRecordFiles(path: string): Map<string, RecordFileRow> {
  const out = new Map<string, RecordFileRow>();
  if (!existsSync(path)) return out;
  try {
    const db = openSqlite(path, { readonly: true, fileMustExist: true });
    try {
      const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'record_files'").get();
      if (has) for (const row of db.prepare("SELECT id, size, mtime_ms, entry FROM record_files").iterate() as Iterable<RecordFileRow>) out.set(row.id, row);
    } finally {
      db.close();
    }
  } catch {
    out.clear();
  }
  return out;
}

const CORRECTION_COLUMNS = "document_sha256, key, value, reviewer, at, note";
export type CorrectionRow = Record<string, unknown>;

/** The corrections rows of an existing file (none when there is no file); throws when the file cannot be read. */
export function readSqliteCorrections(path: string): CorrectionRow[] {
  if (!existsSync(path)) return [];
  try {
    const old = openSqlite(path, { fileMustExist: true });
    try {
      const has = old.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'corrections'").get();
      return has ? (old.prepare(`SELECT ${CORRECTION_COLUMNS} FROM corrections`).all() as CorrectionRow[]) : [];
    } finally {
      old.close();
    }
  } catch (err) {
    // Refuse to overwrite: the file may hold corrections we cannot see.
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${path} exists but its corrections cannot be read (${why}); move it away and run again`);
  }
}

function json(v: unknown): string {
  return JSON.stringify(v);
}

/** Prepared inserts of one record into documents, cells, checks and check_keys (used by the streaming writer too). */
export function recordInserter(db: Database.Database): (r: ReportRecord, agencyNormalized?: string | null) => void {
  const doc = db.prepare(`INSERT INTO documents VALUES (${Array(24).fill("?").join(",")})`);
  const cell = db.prepare(`INSERT INTO cell_values VALUES (${Array(13).fill("?").join(",")})`);
  const check = db.prepare("INSERT INTO checks (document, rule, ok, expected, actual, keys, message_zh) VALUES (?,?,?,?,?,?,?)");
  const checkKey = db.prepare("INSERT INTO check_key_ids VALUES (?,?)");
  const docN = lookup(db, "doc_ids", "n", "id");
  const labelL = lookup(db, "labels", "l", "label_zh");
  const findKey = db.prepare("SELECT k FROM cell_keys WHERE key = ?").pluck();
  const addKey = db.prepare(`INSERT INTO cell_keys (key, "table", "row", "column") VALUES (?,?,?,?)`);
  const keys = new Map<string, number>();
  /** `parts`: the cell's table, row and column; a check's key not in any cell is split at its dots. */
  const keyK = (key: string, parts?: readonly [string, string, string]): number => {
    let k = keys.get(key);
    if (k === undefined) {
      const split = key.split(".");
      const [table, row, column] = parts ?? [split[0] ?? "", split.slice(1, -1).join("."), split[split.length - 1] ?? ""];
      k = (findKey.get(key) as number | undefined) ?? Number(addKey.run(key, table, row, column).lastInsertRowid);
      keys.set(key, k);
    }
    return k;
  };
  return (r, agencyNormalized = r.report.agency) => {
    const id = recordId(r);
    const s = summarize(r);
    doc.run(
      id, r.source.path, r.source.sha256, r.source.kind, r.source.pages,
      r.report.agency, agencyNormalized, r.report.year, r.report.template, r.report.title,
      json(r.report.tables), s.cells, s.needsReview, s.checks, s.checksFailed, s.failedRules.join("|"),
      s.confidence, s.minConfidence, json(r.warnings), json(r.unmapped), json(r.sections), json(r.timings),
      r.nianbao_version, r.status ?? "complete",
    );
    const n = docN(id);
    for (const c of r.cells) {
      cell.run(
        n, keyK(c.key, [c.table, c.row, c.column]), labelL(c.label_zh), c.value, c.raw, c.confidence, c.status,
        c.flags.join("|"), c.needs_review ? 1 : 0, c.source.page, c.source.line,
        c.source.bbox ? json(c.source.bbox) : null, c.signals ? json(c.signals) : null,
      );
    }
    for (const k of r.checks) {
      const { lastInsertRowid } = check.run(id, k.rule, k.ok ? 1 : 0, k.expected, k.actual, k.keys.join("|"), k.message_zh ?? null);
      for (const key of k.keys) checkKey.run(lastInsertRowid, keyK(key));
    }
  };
}

/** An id of a look-up table (doc_ids, labels): the row's integer, inserted when the value is new. */
function lookup(db: Database.Database, table: string, idColumn: string, valueColumn: string): (value: string) => number {
  const find = db.prepare(`SELECT ${idColumn} FROM ${table} WHERE ${valueColumn} = ?`).pluck();
  const add = db.prepare(`INSERT INTO ${table} (${valueColumn}) VALUES (?)`);
  const cache = new Map<string, number>();
  return (value) => {
    let id = cache.get(value);
    if (id === undefined) {
      id = (find.get(value) as number | undefined) ?? Number(add.run(value).lastInsertRowid);
      // Document ids are many and each is looked up once: only the few keys' and labels' are worth keeping.
      if (table !== "doc_ids") cache.set(value, id);
    }
    return id;
  };
}

/** Copies the corrections rows carried over from the file being replaced. */
export function insertCorrections(db: Database.Database, corrections: readonly CorrectionRow[]): void {
  const correction = db.prepare(`INSERT INTO corrections (${CORRECTION_COLUMNS}) VALUES (@document_sha256, @key, @value, @reviewer, @at, @note)`);
  for (const row of corrections) correction.run(row);
}

function fill(db: Database.Database, records: Iterable<ReportRecord>, corrections: CorrectionRow[]): void {
  const insert = recordInserter(db);
  db.transaction(() => {
    for (const r of records) insert(r);
    insertCorrections(db, corrections);
  })();
}

/** Writes all records to `path` (replacing it atomically), keeping the old file's corrections. */
export async function writeSqlite(path: string, records: Iterable<ReportRecord>): Promise<void> {
  const corrections = readSqliteCorrections(path);
  await writeAtomicWith(path, (tmp) => {
    const db = openSqlite(tmp);
    try {
      // A temp file renamed only when complete needs no journal.
      db.pragma("journal_mode = OFF");
      db.pragma("synchronous = OFF");
      db.exec(SQLITE_SCHEMA);
      fill(db, records, corrections);
    } finally {
      db.close();
    }
  });
}
