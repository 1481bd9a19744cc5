import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { parseString } from "fast-csv";
import { beforeEach, describe, expect, it } from "vitest";
import {
  CELLS_COLUMNS,
  REPORTS_COLUMNS,
  REVIEW_COLUMNS,
  cellRows,
  csvToString,
  mergeManifest,
  overallConfidence,
  parseManifest,
  recordId,
  recordIdFor,
  recordToJson,
  reportRows,
  reviewRows,
  serializeManifest,
  writeCsvFile,
  writeFileAtomic,
  writeSqlite,
  writeTables,
  type CsvRow,
  type ManifestEntry,
} from "../src/emit/index.js";
import { ReportRecordSchema } from "../src/model/index.js";
import { cell, check, makeRecord, sha256 } from "./helpers/records.js";

function parseCsv(text: string): Promise<Record<string, string>[]> {
  return new Promise((resolve, reject) => {
    const rows: Record<string, string>[] = [];
    parseString(text, { headers: true })
      .on("data", (r: Record<string, string>) => rows.push(r))
      .on("error", reject)
      .on("end", () => resolve(rows));
  });
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "nianbao-emit-"));
});

describe("record id", () => {
  it("is the file stem and the first 8 hex of the sha256", () => {
    const sha = sha256("x");
    expect(recordIdFor("/a/b/2023年报告.pdf", sha)).toBe(`2023年报告-${sha.slice(0, 8)}`);
    expect(recordId(makeRecord({ path: "/d/r.txt", content: "c" }))).toBe(`r-${sha256("c").slice(0, 8)}`);
  });
  it("replaces characters that are unsafe in file names", () => {
    expect(recordIdFor('/a/x y:z*"q".txt', "ABCDEF0123")).toBe("x_y_z_q_-abcdef01");
    expect(recordIdFor("/a/.hidden", "abcdef0123")).toBe("hidden-abcdef01");
  });
});

describe("json", () => {
  it("round-trips through the schema", () => {
    const r = makeRecord();
    const text = recordToJson(r);
    expect(text.endsWith("}\n")).toBe(true);
    expect(ReportRecordSchema.parse(JSON.parse(text))).toEqual(r);
  });
});

describe("cells.csv", () => {
  const tricky = 'label, with "quote"\nand a line break';
  const record = makeRecord({
    path: "/data/甲,报告.txt",
    cells: [
      cell("t3.new_received.natural_person", 12, { label_zh: tricky, flags: ["label_fuzzy", "label_joined"] }),
      cell("t3.granted.total", null, { status: "missing", raw: "", confidence: 0.1, needs_review: true, flags: ["value_missing"] }),
    ],
  });

  it("starts with the UTF-8 BOM and has the documented columns", async () => {
    const text = await csvToString(CELLS_COLUMNS, cellRows([record]));
    expect([...Buffer.from(text, "utf8").subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.slice(1).split("\r\n")[0]).toBe(CELLS_COLUMNS.join(","));
  });

  it("quotes commas, quotes and line breaks so that a parser gets them back", async () => {
    const text = await csvToString(CELLS_COLUMNS, cellRows([record]));
    const rows = await parseCsv(text.slice(1));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      document: recordId(record),
      source_path: "/data/甲,报告.txt",
      agency: "淮安市洪泽区人民政府",
      agency_normalized: "淮安市洪泽区人民政府",
      year: "2023",
      template: "gov-info-2021",
      key: "t3.new_received.natural_person",
      table: "t3",
      row: "new_received",
      column: "natural_person",
      label_zh: tricky,
      value: "12",
      raw: "12",
      confidence: "0.95",
      status: "read",
      flags: "label_fuzzy|label_joined",
      needs_review: "false",
    });
    expect(rows[1]).toMatchObject({ value: "", status: "missing", needs_review: "true", flags: "value_missing" });
  });

  it("writes headers and BOM even with no records", async () => {
    await writeCsvFile(join(dir, "cells.csv"), CELLS_COLUMNS, cellRows([]));
    const bytes = await readFile(join(dir, "cells.csv"));
    expect(bytes.toString("utf8")).toBe(`\uFEFF${CELLS_COLUMNS.join(",")}\r\n`);
  });
});

describe("reports.csv", () => {
  it("has one row per document with counts, failed rules and the 10th-percentile confidence", async () => {
    const cells = Array.from({ length: 20 }, (_, i) => cell(`t3.row${"abcdefghijklmnopqrst"[i]}.total`, i, { confidence: (i + 1) / 20 }));
    cells[0] = { ...cells[0]!, status: "inferred", flags: ["inferred_from_rule"] };
    cells[1] = { ...cells[1]!, status: "repaired", flags: ["repaired"], needs_review: true };
    const r = makeRecord({
      cells,
      checks: [check("t3.sum", ["t3.rowa.total"], false, 3, 2), check("t3.ok", [], true, 1, 1), check("t3.sum", [], false, 1, 0)],
      warnings: ["表四未找到"],
    });
    const rows = await parseCsv((await csvToString(REPORTS_COLUMNS, reportRows([r, makeRecord({ content: "other", cells: [] })]))).slice(1));
    expect(Object.keys(rows[0]!)).toEqual([...REPORTS_COLUMNS]);
    expect(rows[0]).toMatchObject({
      id: recordId(r),
      tables: "t3=gov-info-2021|t4=gov-info-2021",
      cells: "20",
      read: "18",
      inferred: "1",
      repaired: "1",
      missing: "0",
      needs_review: "1",
      checks: "3",
      checks_failed: "2",
      failed_rules: "t3.sum",
      confidence: "0.1",
      min_confidence: "0.05",
      warnings: "表四未找到",
    });
    expect(rows[1]).toMatchObject({ cells: "0", confidence: "", min_confidence: "" });
  });

  it("overall confidence is the minimum below 10 cells", () => {
    expect(overallConfidence([])).toBeNull();
    expect(overallConfidence([0.9, 0.3, 0.8])).toBe(0.3);
    expect(overallConfidence(Array.from({ length: 30 }, (_, i) => i / 100))).toBe(0.02);
  });
});

describe("review-queue.csv", () => {
  it("lists only values that need review, least confident first, with the failed checks on their key", async () => {
    const a = makeRecord({
      path: "/d/a.txt",
      content: "a",
      cells: [
        cell("t3.total.total", 5, { confidence: 0.4, needs_review: true, flags: ["rule_failed"], source: { page: 2, line: 33 } }),
        cell("t3.granted.total", 3, { confidence: 0.2, needs_review: true }),
        cell("t3.denied.state_secret.total", 0, { confidence: 0.1, needs_review: false }),
      ],
      checks: [
        check("t3.col_total", ["t3.total.total", "t3.granted.total"], false, 6, 5, "总计不等于各项之和"),
        check("t3.other", ["t3.total.total"], true, 5, 5),
        check("t3.row_total", ["t3.total.total"], false, null, 5),
      ],
    });
    const b = makeRecord({ path: "/d/b.txt", content: "b", cells: [cell("t2.fees.amount", 1.5, { confidence: 0.4, needs_review: true })] });
    const rows = await parseCsv((await csvToString(REVIEW_COLUMNS, reviewRows([b, a]))).slice(1));
    expect(rows.map((r) => [r.document, r.key, r.confidence])).toEqual([
      [recordId(a), "t3.granted.total", "0.2"],
      [recordId(a), "t3.total.total", "0.4"],
      [recordId(b), "t2.fees.amount", "0.4"],
    ]);
    expect(rows[1]).toMatchObject({
      failed_checks: "t3.col_total (expected 6, actual 5)|t3.row_total (expected null, actual 5)",
      check_messages: "总计不等于各项之和",
      page: "2",
      line: "33",
      source_path: "/d/a.txt",
      flags: "rule_failed",
    });
    expect(Object.keys(rows[0]!)).toEqual([...REVIEW_COLUMNS]);
  });
});

describe("sqlite", () => {
  const records = [
    makeRecord({ path: "/d/a.txt", content: "a", checks: [check("t3.sum", ["t3.new_received.total", "t3.granted.total"], false, 12, 7)] }),
    makeRecord({ path: "/d/b.txt", content: "b", year: null, agency: null, cells: [cell("t2.fees.amount", 1.5, { source: { page: 1, line: 2, bbox: { x: 1, y: 2, width: 3, height: 4 } } })] }),
  ];

  it("has the documented tables, indexes and row counts", async () => {
    const path = join(dir, "nianbao.sqlite");
    await writeSqlite(path, records);
    const db = new Database(path, { readonly: true });
    try {
      const count = (t: string): number => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
      expect([count("documents"), count("cells"), count("checks"), count("check_keys"), count("corrections")]).toEqual([2, 3, 1, 2, 0]);
      const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(["checks_doc", "corrections_key"]));
      expect(db.pragma("user_version", { simple: true })).toBe(5);
      const corrCols = (db.prepare("PRAGMA table_info(corrections)").all() as { name: string }[]).map((c) => c.name);
      expect(corrCols).toEqual(["document_sha256", "key", "value", "reviewer", "at", "note"]);
      const fee = db.prepare(`SELECT value, "table", bbox FROM cells WHERE key = 't2.fees.amount'`).get();
      expect(fee).toEqual({ value: 1.5, table: "t2", bbox: '{"x":1,"y":2,"width":3,"height":4}' });
      expect(db.prepare("SELECT year, agency FROM documents WHERE path = '/d/b.txt'").get()).toEqual({ year: null, agency: null });
      const joined = db.prepare(
        `SELECT c.key FROM checks k JOIN check_keys ck ON ck.check_id = k.id JOIN cells c ON c.document = ck.document AND c.key = ck.key WHERE k.ok = 0 ORDER BY c.key`,
      ).all();
      expect(joined).toEqual([{ key: "t3.granted.total" }, { key: "t3.new_received.total" }]);
    } finally {
      db.close();
    }
    expect((await readdir(dir)).sort()).toEqual(["nianbao.sqlite"]);
  });

  it("keeps the corrections of the file it replaces", async () => {
    const path = join(dir, "nianbao.sqlite");
    await writeSqlite(path, records);
    const db = new Database(path);
    db.prepare("INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?)").run(records[0]!.source.sha256, "t3.granted.total", 8, "王", "2024-01-01T00:00:00Z", "核对原件");
    db.close();
    await writeSqlite(path, records.slice(1));
    const again = new Database(path, { readonly: true });
    expect(again.prepare("SELECT key, value, reviewer, note FROM corrections").all()).toEqual([{ key: "t3.granted.total", value: 8, reviewer: "王", note: "核对原件" }]);
    expect((again.prepare("SELECT count(*) AS n FROM documents").get() as { n: number }).n).toBe(1);
    again.close();
  });

  it("refuses to replace a file whose corrections it cannot read", async () => {
    const path = join(dir, "nianbao.sqlite");
    await writeFile(path, "not a database at all, but long enough to look like a header........................................................");
    await expect(writeSqlite(path, records)).rejects.toThrow(/corrections cannot be read/);
    expect(await readFile(path, "utf8")).toMatch(/^not a database/);
  });
});

describe("atomic writes", () => {
  it("leaves the existing file and no temp file when the serializer throws midway", async () => {
    const path = join(dir, "cells.csv");
    await writeFileAtomic(path, "old content\n");
    function* rows(): Generator<CsvRow> {
      yield ["a", 1];
      yield ["b", 2];
      throw new Error("serializer broke");
    }
    await expect(writeCsvFile(path, ["x", "y"], rows())).rejects.toThrow("serializer broke");
    expect(await readFile(path, "utf8")).toBe("old content\n");
    expect(await readdir(dir)).toEqual(["cells.csv"]);
  });

  it("leaves the existing SQLite file when building the new one fails", async () => {
    const path = join(dir, "nianbao.sqlite");
    const one = makeRecord();
    await writeSqlite(path, [one]);
    // Two records with the same id violate documents' primary key halfway through the inserts.
    await expect(writeSqlite(path, [makeRecord({ path: "/x/a.txt" }), makeRecord({ path: "/x/a.txt" })])).rejects.toThrow(/UNIQUE/);
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT id FROM documents").all()).toEqual([{ id: recordId(one) }]);
    db.close();
    expect(await readdir(dir)).toEqual(["nianbao.sqlite"]);
  });

  it("writeTables writes the tables, the codebook, failures, data package and workbook, and nothing else", async () => {
    await writeTables(dir, [makeRecord()]);
    expect((await readdir(dir)).sort()).toEqual(
      ["cells.csv", "datapackage.json", "failures.csv", "keys.csv", "nianbao.sqlite", "nianbao.xlsx", "panel.csv", "reports.csv", "review-queue.csv"].sort(),
    );
  });
});

describe("manifest", () => {
  const entry = (path: string, status: ManifestEntry["status"], id: string | null = null): ManifestEntry => ({
    path,
    sha256: id ? sha256(path) : null,
    status,
    error: status === "failed" ? { code: "empty", message: `${path}: the file is empty` } : null,
    id,
    ms: 3,
    at: "2024-01-01T00:00:00.000Z",
  });

  it("replaces lines of the same path in place, keeps the others, appends new paths", () => {
    const old = [entry("/a", "ok", "a-1"), entry("/b", "ok", "b-1"), entry("/c", "failed")];
    const fresh = [entry("/b", "failed"), entry("/d", "ok", "d-1")];
    expect(mergeManifest(old, fresh).map((e) => [e.path, e.status])).toEqual([
      ["/a", "ok"],
      ["/b", "failed"],
      ["/c", "failed"],
      ["/d", "ok"],
    ]);
  });

  it("serializes one JSON line per entry and parses it back, counting bad lines", () => {
    const entries = [entry("/a", "ok", "a-1"), entry("/b", "failed")];
    const text = serializeManifest(entries);
    expect(text.split("\n")).toHaveLength(3);
    expect(parseManifest(`${text}{broken\n{"path":"/x"}\n`)).toEqual({ entries, invalid: 2 });
  });
});
