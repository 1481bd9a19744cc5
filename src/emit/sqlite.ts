/**
 * nianbao.sqlite: the records as tables. Rebuilt whole into a temp file, then renamed (atomic.ts),
 * or updated in place by a re-run that changed some agencies' records (tables-writer.ts). Rows of `corrections` in the file being replaced are carried over, so that a review
 * app writing there never loses work to a re-run. Schema (PRAGMA user_version = 5):
 *
 *   documents(id PK, path, sha256, kind, pages, agency, agency_normalized, year, template, title,
 *             tables JSON {table: template}, cells, needs_review, checks, checks_failed,
 *             failed_rules '|'-joined, confidence (10th percentile), min_confidence,
 *             warnings JSON [..], unmapped JSON [..], sections JSON {..}, timings JSON {..},
 *             nianbao_version, status)             index: documents(sha256)
 *   cells — a VIEW: document, key, "table", "row", "column", label_zh, value NUMERIC, raw,
 *         confidence, status, flags '|'-joined, needs_review 0/1, page, line, bbox JSON|NULL,
 *         signals JSON|NULL (the columns of the table of version 2); the rows are in
 *         cell_values(doc → doc_ids.n, pos, k → cell_keys.k, l → labels.l, a → assessments.a,
 *         value, raw, page, line, bbox) — PRIMARY KEY (doc, pos), pos the cell's place in its
 *         record, WITHOUT ROWID. No index on k: a key across 2,000 documents (docs/data-set.md's
 *         query) takes 15 ms by a scan, 6 ms with version 3's index, which took a third of the file
 *   assessments(a PK, confidence, status, flags '|'-joined, needs_review, signals JSON|NULL,
 *         label_score, placement, arithmetic, ocr) — how a cell was read and judged: a few hundred
 *         distinct rows for thousands of reports, so a cell holds one integer (version 3 spent ~60
 *         bytes a cell on them as text and JSON). The signals are there twice, as the record's JSON
 *         text (what the view returns: SQLite's json_object would print an OCR figure such as
 *         0.9608515485813102 as 0.96085154858131017) and as numbers to query (NULL without signals)
 *   doc_ids(n PK, id UNIQUE), cell_keys(k PK, key UNIQUE, "table", "row", "column"),
 *         labels(l PK, label_zh UNIQUE), rules(r PK, rule UNIQUE), messages(m PK, message_zh UNIQUE)
 *         — look-up tables: rows hold integers instead of repeated strings
 *   checks — a VIEW: id, document, rule, ok 0/1, expected NUMERIC, actual NUMERIC, keys '|'-joined,
 *         message_zh; the rows are in check_results(id PK, doc → doc_ids.n, r → rules.r, ok,
 *         expected, actual, ks → check_key_ids.ks, m → messages.m | NULL)
 *         index: checks_doc (doc), for a re-run deleting a document's checks
 *   check_key_ids(ks, pos, k → cell_keys.k) PRIMARY KEY (ks, pos), WITHOUT ROWID — the key lists
 *         of checks, each distinct list once (a rule names the same keys in every document: ~50
 *         lists for 80,000 checks); the only copy of a check's keys
 *   check_keys — a VIEW: check_id, document, key — one row per key of a check, to join checks to cells
 *   corrections(document_sha256, key, value NUMERIC, reviewer, at ISO-8601, note)  — filled by review
 *   failures(path, sha256, status, code, message, at) — inputs not read (failures.csv, from the manifest)
 *   keys(key PK, "table", "row", "column", label_zh, label_en, unit, kind, templates) — the codebook (keys.csv)
 *   record_files(id PK, size, mtime_ms, entry JSON) — the batch runner's index of reports/*.json (file
 *         size and modification time when the tables were written, and what the end of a batch needs
 *         of the record): a re-run reads only the records whose file changed (issue 14)
 *   review_items(confidence, id → documents.id, idx, line) — review-queue.csv's lines as written,
 *         kept so that a re-run that changes some agencies can sort the queue again without the
 *         others' records; index: review_items_order (confidence, id, idx), the queue's order
 *   table_groups(grp PK, sig, docs JSON [ids], cells, cells_start, cells_end, reports_start,
 *         reports_end, findings JSON, panel) and table_state(key PK, value) — what the last run
 *         wrote for each agency (its signature, its byte ranges in cells.csv and reports.csv, its
 *         cross-year findings, its lines of panel.csv): a re-run copies the rows of agencies whose
 *         records did not change (issue 14)
 *
 * Version 5 adds, for re-runs, review-queue.csv's and panel.csv's lines as written (a re-run of
 * 10,000 reports spent ~1 s making them again from rows). Version 4 (issue 14) kept no data twice:
 * version 3 held each check's keys both as a '|'-joined
 * column and in check_key_ids (with an index), the document id as text on every check, and each
 * cell's status, flags and signals as text — 2,000 generated reports: 115 MB in version 3, 32 MB
 * in version 4. A re-run deleting an agency's rows leaves the look-up rows (assessments, labels,
 * check_key_ids, …) no row refers to any more: the views do not show them, a full rebuild drops them.
 */
import { existsSync } from "node:fs";
import type Database from "better-sqlite3";
import { openSqlite } from "../native.js";
import type { CellRecord, ReportRecord } from "../model/index.js";
import { writeAtomicWith } from "./atomic.js";
import { recordId } from "./id.js";
import { summarize } from "./summary.js";

export const SQLITE_SCHEMA_VERSION = 5;

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
CREATE TABLE assessments (
  a INTEGER PRIMARY KEY, confidence REAL NOT NULL, status TEXT NOT NULL, flags TEXT NOT NULL, needs_review INTEGER NOT NULL,
  signals TEXT, label_score REAL, placement REAL, arithmetic REAL, ocr REAL
);
CREATE TABLE cell_values (
  doc INTEGER NOT NULL REFERENCES doc_ids(n), pos INTEGER NOT NULL, k INTEGER NOT NULL REFERENCES cell_keys(k),
  l INTEGER NOT NULL REFERENCES labels(l), a INTEGER NOT NULL REFERENCES assessments(a),
  value NUMERIC, raw TEXT NOT NULL, page INTEGER NOT NULL, line INTEGER NOT NULL, bbox TEXT,
  PRIMARY KEY (doc, pos)
) WITHOUT ROWID;
CREATE VIEW cells AS
  SELECT d.id AS document, ck.key, ck."table", ck."row", ck."column", lb.label_zh, c.value, c.raw, a.confidence, a.status,
         a.flags, a.needs_review, c.page, c.line, c.bbox, a.signals
  FROM cell_values c JOIN doc_ids d ON d.n = c.doc JOIN cell_keys ck ON ck.k = c.k JOIN labels lb ON lb.l = c.l
       JOIN assessments a ON a.a = c.a;
CREATE TABLE rules (r INTEGER PRIMARY KEY, rule TEXT NOT NULL UNIQUE);
CREATE TABLE messages (m INTEGER PRIMARY KEY, message_zh TEXT NOT NULL UNIQUE);
CREATE TABLE check_key_ids (
  ks INTEGER NOT NULL, pos INTEGER NOT NULL, k INTEGER NOT NULL REFERENCES cell_keys(k), PRIMARY KEY (ks, pos)
) WITHOUT ROWID;
CREATE TABLE check_results (
  id INTEGER PRIMARY KEY, doc INTEGER NOT NULL REFERENCES doc_ids(n), r INTEGER NOT NULL REFERENCES rules(r),
  ok INTEGER NOT NULL, expected NUMERIC, actual NUMERIC, ks INTEGER NOT NULL, m INTEGER REFERENCES messages(m)
);
CREATE INDEX checks_doc ON check_results(doc);
CREATE VIEW checks AS
  SELECT c.id, d.id AS document, r.rule, c.ok, c.expected, c.actual,
         coalesce((SELECT group_concat(ck.key, '|' ORDER BY x.pos) FROM check_key_ids x JOIN cell_keys ck ON ck.k = x.k WHERE x.ks = c.ks), '') AS keys,
         m.message_zh
  FROM check_results c JOIN doc_ids d ON d.n = c.doc JOIN rules r ON r.r = c.r LEFT JOIN messages m ON m.m = c.m;
CREATE VIEW check_keys AS
  SELECT c.id AS check_id, d.id AS document, ck.key
  FROM check_results c JOIN doc_ids d ON d.n = c.doc JOIN check_key_ids x ON x.ks = c.ks JOIN cell_keys ck ON ck.k = x.k;
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
CREATE TABLE review_items (confidence REAL NOT NULL, id TEXT NOT NULL, idx INTEGER NOT NULL, line TEXT NOT NULL);
CREATE INDEX review_items_id ON review_items(id);
CREATE INDEX review_items_order ON review_items(confidence, id, idx);
CREATE TABLE table_groups (
  grp TEXT PRIMARY KEY, sig TEXT NOT NULL, docs TEXT NOT NULL, cells INTEGER NOT NULL,
  cells_start INTEGER NOT NULL, cells_end INTEGER NOT NULL, reports_start INTEGER NOT NULL, reports_end INTEGER NOT NULL,
  findings TEXT NOT NULL, panel TEXT NOT NULL
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

/** Prepared inserts of one record into documents, cell_values, check_results and their look-up tables (used by the streaming writer too). */
export function recordInserter(db: Database.Database): (r: ReportRecord, agencyNormalized?: string | null) => void {
  const doc = db.prepare(`INSERT INTO documents VALUES (${Array(24).fill("?").join(",")})`);
  const cell = db.prepare(`INSERT INTO cell_values VALUES (${Array(10).fill("?").join(",")})`);
  const check = db.prepare("INSERT INTO check_results (doc, r, ok, expected, actual, ks, m) VALUES (?,?,?,?,?,?,?)");
  const docN = lookup(db, "doc_ids", "n", "id", false);
  const labelL = lookup(db, "labels", "l", "label_zh");
  const ruleR = lookup(db, "rules", "r", "rule");
  const messageM = lookup(db, "messages", "m", "message_zh");
  const assessmentA = assessments(db);
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
  const keySetKs = keySets(db, keyK);
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
    for (const [pos, c] of r.cells.entries()) {
      cell.run(
        n, pos, keyK(c.key, [c.table, c.row, c.column]), labelL(c.label_zh), assessmentA(c), c.value, c.raw,
        c.source.page, c.source.line, c.source.bbox ? json(c.source.bbox) : null,
      );
    }
    for (const k of r.checks) {
      check.run(n, ruleR(k.rule), k.ok ? 1 : 0, k.expected, k.actual, keySetKs(k.keys), k.message_zh === undefined ? null : messageM(k.message_zh));
    }
  };
}

/**
 * Distinct rows kept in memory by each look-up table (messages differ by their figures). Past it,
 * the tables with a UNIQUE index are asked; the others (assessments, check_key_ids) give a new
 * combination a row of its own even when it is there already: the views read the same, and memory
 * stays bounded however varied the OCR signals of an archive.
 */
const LOOKUP_MEMORY = 100_000;

/**
 * An id of a look-up table (doc_ids, labels, rules, messages): the row's integer, inserted when the
 * value is new. `cache`: keep the ids in memory (not for document ids: many, each looked up once).
 */
function lookup(db: Database.Database, table: string, idColumn: string, valueColumn: string, cache = true): (value: string) => number {
  const find = db.prepare(`SELECT ${idColumn} FROM ${table} WHERE ${valueColumn} = ?`).pluck();
  const add = db.prepare(`INSERT INTO ${table} (${valueColumn}) VALUES (?)`);
  const ids = new Map<string, number>();
  return (value) => {
    let id = ids.get(value);
    if (id === undefined) {
      id = (find.get(value) as number | undefined) ?? Number(add.run(value).lastInsertRowid);
      if (cache && ids.size < LOOKUP_MEMORY) ids.set(value, id);
    }
    return id;
  };
}

/** The assessments row of a cell (inserted when new; the file's rows are read first, for a re-run updating it in place). */
function assessments(db: Database.Database): (c: CellRecord) => number {
  const add = db.prepare("INSERT INTO assessments (confidence, status, flags, needs_review, signals, label_score, placement, arithmetic, ocr) VALUES (?,?,?,?,?,?,?,?,?)");
  const ids = new Map<string, number>();
  const tuple = (row: readonly unknown[]): string => JSON.stringify(row);
  for (const row of db.prepare("SELECT a, confidence, status, flags, needs_review, signals FROM assessments").raw().iterate() as Iterable<unknown[]>) {
    if (ids.size < LOOKUP_MEMORY) ids.set(tuple(row.slice(1)), row[0] as number);
  }
  return (c) => {
    const s = c.signals;
    const row = [c.confidence, c.status, c.flags.join("|"), c.needs_review ? 1 : 0, s ? json(s) : null];
    const t = tuple(row);
    let a = ids.get(t);
    if (a === undefined) {
      a = Number(add.run(...row, s?.label_score ?? null, s?.placement ?? null, s?.arithmetic ?? null, s?.ocr ?? null).lastInsertRowid);
      if (ids.size < LOOKUP_MEMORY) ids.set(t, a);
    }
    return a;
  };
}

/** The check_key_ids list of a check's keys (inserted when new; the file's lists are read first). */
function keySets(db: Database.Database, keyK: (key: string) => number): (keys: readonly string[]) => number {
  const add = db.prepare("INSERT INTO check_key_ids VALUES (?,?,?)");
  const ids = new Map<string, number>();
  const existing = db.prepare("SELECT x.ks, group_concat(ck.key, '|' ORDER BY x.pos) AS keys FROM check_key_ids x JOIN cell_keys ck ON ck.k = x.k GROUP BY x.ks");
  let next = 1;
  for (const { ks, keys } of existing.iterate() as Iterable<{ ks: number; keys: string }>) {
    if (ids.size < LOOKUP_MEMORY) ids.set(keys, ks);
    next = Math.max(next, ks + 1);
  }
  // The empty list has no rows, and the same id in every file.
  ids.set("", 0);
  return (keys) => {
    const joined = keys.join("|");
    let ks = ids.get(joined);
    if (ks === undefined) {
      ks = next++;
      for (const [pos, key] of keys.entries()) add.run(ks, pos, keyK(key));
      if (ids.size < LOOKUP_MEMORY) ids.set(joined, ks);
    }
    return ks;
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

/**
 * A SQLite temp file opened for a bulk load, renamed into place only when complete: it needs no
 * journal file (MEMORY, as better-sqlite3's defensive mode refuses OFF: the pragma answered
 * "delete", and each of the schema's ~20 statements made and removed a journal file) and no sync.
 * Its rows come from recordInserter, which refers only to rows it made, so foreign keys need not
 * be checked on each insert.
 */
export function openTempSqlite(path: string): Database.Database {
  const db = openSqlite(path);
  db.pragma("journal_mode = MEMORY");
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = OFF");
  return db;
}

/** Writes all records to `path` (replacing it atomically), keeping the old file's corrections. */
export async function writeSqlite(path: string, records: Iterable<ReportRecord>): Promise<void> {
  const corrections = readSqliteCorrections(path);
  await writeAtomicWith(path, (tmp) => {
    const db = openTempSqlite(tmp);
    try {
      db.exec(SQLITE_SCHEMA);
      fill(db, records, corrections);
    } finally {
      db.close();
    }
  });
}
