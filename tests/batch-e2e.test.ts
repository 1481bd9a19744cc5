/**
 * End to end through the real runDocument (no stand-in): depends on src/pipeline/run-document.ts
 * reading scraped text. Inputs come from ../shared (seeds/ and real/), read in place, never copied
 * into the repository (shared/real/README.md).
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { csvRows } from "./helpers/csv.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/index.js";
import { parseManifest } from "../src/emit/index.js";
import { ReportRecordSchema, type ReportRecord } from "../src/model/index.js";

const SHARED = fileURLToPath(new URL("../../shared/", import.meta.url));
const SEED = join(SHARED, "seeds", "000_10edc68f72ccfcee.txt");
const REAL = join(SHARED, "real", "js-huaian-shi_2024.pdftotext-layout.txt");


let root: string;
let outDir: string;
let code: number;
let stderr: string;
let records: ReportRecord[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-e2e-"));
  const inDir = join(root, "in");
  outDir = join(root, "out");
  await mkdir(inDir);
  await copyFile(SEED, join(inDir, "seed.txt"));
  await copyFile(REAL, join(inDir, "huaian-2024.txt"));
  await writeFile(join(inDir, "empty.txt"), "");
  await writeFile(join(inDir, "binary.txt"), Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7, 8, 9, 0]));
  const err: string[] = [];
  const spyErr = vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  const spyOut = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    code = await main(["node", "nianbao", "extract", inDir, "--out", outDir]);
  } finally {
    spyErr.mockRestore();
    spyOut.mockRestore();
  }
  stderr = err.join("");
  const files = (await readdir(join(outDir, "reports"))).filter((f) => f.endsWith(".json"));
  records = await Promise.all(files.map(async (f) => ReportRecordSchema.parse(JSON.parse(await readFile(join(outDir, "reports", f), "utf8")))));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("extract over real text (needs runDocument)", () => {
  it("reads the two reports, fails the empty and the binary file by name, and exits 1", async () => {
    expect(code).toBe(1);
    expect(stderr).toMatch(/failed\s+\S*empty\.txt: /);
    expect(stderr).toMatch(/failed\s+\S*binary\.txt: /);
    const manifest = parseManifest(await readFile(join(outDir, "manifest.jsonl"), "utf8")).entries;
    expect(Object.fromEntries(manifest.map((e) => [e.path.split("/").pop(), [e.status, e.error?.code ?? null]]))).toEqual({
      "binary.txt": ["failed", "binary"],
      "empty.txt": ["failed", "empty"],
      "huaian-2024.txt": ["ok", null],
      "seed.txt": ["ok", null],
    });
    expect(records).toHaveLength(2);
  });

  it("writes the same values to cells.csv, reports.csv, review-queue.csv and SQLite", async () => {
    const cellCount = records.reduce((n, r) => n + r.cells.length, 0);
    const reviewCount = records.reduce((n, r) => n + r.cells.filter((c) => c.needs_review).length, 0);
    expect(cellCount).toBeGreaterThan(0);
    expect(await csvRows(await readFile(join(outDir, "cells.csv"), "utf8"))).toHaveLength(cellCount);
    expect(await csvRows(await readFile(join(outDir, "reports.csv"), "utf8"))).toHaveLength(2);
    expect(await csvRows(await readFile(join(outDir, "review-queue.csv"), "utf8"))).toHaveLength(reviewCount);
    const db = new Database(join(outDir, "nianbao.sqlite"), { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) AS n FROM documents").get()).toEqual({ n: 2 });
      expect(db.prepare("SELECT count(*) AS n FROM cells").get()).toEqual({ n: cellCount });
    } finally {
      db.close();
    }
  });
});
