/**
 * SQLite schema 4 (issue 14): the rows live in look-up tables and integer columns, and the views
 * `cells`, `checks` and `check_keys` return, row for row, what the tables of schema 3 held for the
 * same records (each column computed here from the record as schema 3's inserter wrote it), on
 * real reports (../shared/real: PDFs with boxes, pdftotext and page text) and a record with OCR
 * signals, an empty check and a message.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { SQLITE_SCHEMA_VERSION, recordId, writeSqlite } from "../src/emit/index.js";
import type { ReportRecord } from "../src/model/index.js";
import { extractDocument } from "../src/pipeline/run-document.js";
import { cell, check, makeRecord } from "./helpers/records.js";

const REAL = fileURLToPath(new URL("../../shared/real/", import.meta.url));
const INPUTS = ["js-huaian-shi_2024.pdf", "js-huaian-hongze-qu_2023.pdftotext-layout.txt", "js-huaian-hongze-qu_2024.pdftotext-raw.txt", "fj-pingtan-scj_2020.page.txt"];

/** A cells row as schema 3 stored it (src/emit/sqlite.ts before version 4). */
function schema3Cells(r: ReportRecord): unknown[] {
  const id = recordId(r);
  return r.cells.map((c) => ({
    document: id, key: c.key, table: c.table, row: c.row, column: c.column, label_zh: c.label_zh, value: c.value, raw: c.raw,
    confidence: c.confidence, status: c.status, flags: c.flags.join("|"), needs_review: c.needs_review ? 1 : 0,
    page: c.source.page, line: c.source.line, bbox: c.source.bbox ? JSON.stringify(c.source.bbox) : null, signals: c.signals ? JSON.stringify(c.signals) : null,
  }));
}

function schema3Checks(r: ReportRecord): unknown[] {
  return r.checks.map((k) => ({ document: recordId(r), rule: k.rule, ok: k.ok ? 1 : 0, expected: k.expected, actual: k.actual, keys: k.keys.join("|"), message_zh: k.message_zh ?? null }));
}

let records: ReportRecord[];
let db: Database.Database;

beforeAll(async () => {
  records = [];
  for (const name of INPUTS) records.push(await extractDocument(join(REAL, name), await readFile(join(REAL, name))));
  const ocrCell = cell("t3.granted.total", 7, { signals: { label_score: 0.857, placement: 1, arithmetic: 0.5, ocr: 0.613 }, flags: ["low_ocr_confidence", "label_fuzzy"] });
  // An OCR signal the rules raised past OCR_CONFIRMED is the engine's own figure, not rounded: its
  // JSON must read as JSON.stringify wrote it (SQLite's json_object prints 0.96085154858131017).
  const confirmed = cell("t3.new_received.total", 8, { signals: { label_score: 1, placement: 1, arithmetic: 1, ocr: 0.9608515485813102 } });
  records.push(makeRecord({ path: "/d/ocr.txt", content: "ocr", cells: [ocrCell, confirmed, cell("t3.denied.state_secret.total", null, { status: "missing" })], checks: [check("t3.empty", [], true, null, null), check("t3.sum", ["t3.granted.total", "t3.new_received.total"], false, 8, 7, "合计不符")] }));
  const dir = await mkdtemp(join(tmpdir(), "nianbao-sqlite4-"));
  await writeSqlite(join(dir, "nianbao.sqlite"), records);
  db = new Database(join(dir, "nianbao.sqlite"), { readonly: true });
  return () => db.close();
}, 120_000);

describe("sqlite schema 5", () => {
  it("is version 5, with the cells' signals as numbers and no text copy of a check's keys", () => {
    expect(SQLITE_SCHEMA_VERSION).toBe(5);
    expect(db.pragma("user_version", { simple: true })).toBe(5);
    const columns = (t: string): string[] => (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns("check_results")).not.toContain("keys");
    expect(columns("cell_values")).not.toContain("signals");
    expect(columns("assessments")).toEqual(expect.arrayContaining(["label_score", "placement", "arithmetic", "ocr"]));
    // Version 5: the review queue's and the panel's lines as written, for re-runs.
    expect(columns("review_items")).toEqual(["confidence", "id", "idx", "line"]);
    expect(columns("table_groups")).toContain("panel");
    expect(db.prepare("SELECT label_score, ocr FROM assessments WHERE ocr IS NOT NULL ORDER BY ocr").all()).toEqual([{ label_score: 0.857, ocr: 0.613 }, { label_score: 1, ocr: 0.9608515485813102 }]);
  });

  it("cells returns what schema 3's table held, for every cell of real reports", () => {
    expect(records.slice(0, 4).every((r) => r.cells.length > 50)).toBe(true);
    expect(records[0]!.cells.some((c) => c.source.bbox)).toBe(true);
    for (const r of records) {
      const rows = db.prepare("SELECT * FROM cells WHERE document = ? ORDER BY key").all(recordId(r));
      const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
      expect(rows).toEqual((schema3Cells(r) as { key: string }[]).sort(byKey));
    }
  });

  it("checks and check_keys return what schema 3's held", () => {
    for (const r of records) {
      expect(r.checks.length).toBeGreaterThan(0);
      expect(db.prepare("SELECT document, rule, ok, expected, actual, keys, message_zh FROM checks WHERE document = ? ORDER BY id").all(recordId(r))).toEqual(schema3Checks(r));
      const keys = db.prepare("SELECT k.rule, ck.key FROM check_keys ck JOIN checks k ON k.id = ck.check_id WHERE ck.document = ? ORDER BY ck.check_id").all(recordId(r)) as { rule: string; key: string }[];
      expect(keys.map((x) => `${x.rule} ${x.key}`).sort()).toEqual(r.checks.flatMap((k) => k.keys.map((key) => `${k.rule} ${key}`)).sort());
    }
  });

  it("keeps each distinct key list of the checks once", () => {
    const lists = (db.prepare("SELECT count(DISTINCT ks) AS n FROM check_results").get() as { n: number }).n;
    const checks = records.reduce((n, r) => n + r.checks.length, 0);
    expect(lists).toBeLessThan(checks / 3);
  });
});
