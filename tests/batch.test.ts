/**
 * The batch runner and the CLI over a stand-in runDocument (mocked below), so that these tests pin
 * the runner's own behaviour whatever the extractor reads. The stand-in reads a tiny text format:
 * "BAD…" → InputError, "BUG…" → a plain Error, otherwise `agency;year;value`.
 */
import { readFile as readFileAsync, mkdtemp, mkdir, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/index.js";
import { main as devMain } from "../tools/cli/index.js";
import { parseManifest, recordIdFor } from "../src/emit/index.js";
import { InputError } from "../src/pipeline/errors.js";
import { runBatch, type BatchProgress } from "../src/pipeline/batch.js";
import { cell, makeRecord, sha256 } from "./helpers/records.js";

vi.mock("../src/pipeline/run-document.js", () => ({
  DEFAULT_RUN_OPTIONS: { maxBytes: 16 * 1024 * 1024, maxBinaryBytes: 512 * 1024 * 1024 },
  runDocument: vi.fn(async (path: string) => {
    const text = readFileSync(path, "utf8");
    if (text.startsWith("BAD")) throw new InputError(path, "not_a_report", "this is not an annual report");
    if (text.startsWith("BUG")) throw new Error("stand-in crashed");
    const [agency = "", year = "2023", value = "0"] = text.trim().split(";");
    return makeRecord({ path, content: text, agency, year: Number(year), cells: [cell("t3.new_received.total", Number(value), { needs_review: Number(value) < 0 })] });
  }),
}));

let root: string;
let inDir: string;
let outDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-batch-"));
  inDir = join(root, "in");
  outDir = join(root, "out");
  await mkdir(join(inDir, "sub"), { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function manifest(): Promise<ReturnType<typeof parseManifest>["entries"]> {
  return parseManifest(await readFileAsync(join(outDir, "manifest.jsonl"), "utf8")).entries;
}
function sqliteCount(sql: string): number {
  const db = new Database(join(outDir, "nianbao.sqlite"), { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}
async function cellsCsvLines(): Promise<string[]> {
  return (await readFileAsync(join(outDir, "cells.csv"), "utf8")).trimEnd().split("\r\n");
}

describe("runBatch", () => {
  it("reads folders recursively, skips hidden files, and does not stop at a bad file", async () => {
    await writeFile(join(inDir, "a.txt"), "甲;2023;5");
    await writeFile(join(inDir, "sub", "b.txt"), "BAD");
    await writeFile(join(inDir, "sub", "c.txt"), "丙;2022;7");
    await writeFile(join(inDir, ".hidden.txt"), "BAD");
    await mkdir(join(inDir, ".git"));
    await writeFile(join(inDir, ".git", "x.txt"), "BAD");
    const progress: BatchProgress[] = [];
    const summary = await runBatch([inDir, join(root, "nope.txt")], { outDir, onProgress: (p) => progress.push(p) });

    expect(summary).toMatchObject({ total: 4, ok: 2, failed: 2, skipped: 0, records: 2, warnings: [] });
    expect(summary.failures).toEqual([
      { path: join(root, "nope.txt"), code: "unreadable", message: `${join(root, "nope.txt")}: no such file or folder` },
      { path: join(inDir, "sub", "b.txt"), code: "not_a_report", message: `${join(inDir, "sub", "b.txt")}: this is not an annual report` },
    ]);
    expect(progress.map((p) => [p.index, p.total, p.status])).toEqual([[1, 4, "failed"], [2, 4, "ok"], [3, 4, "failed"], [4, 4, "ok"]]);
    expect((await readdir(join(outDir, "reports"))).sort()).toEqual(
      [recordIdFor("a.txt", sha256("甲;2023;5")), recordIdFor("c.txt", sha256("丙;2022;7"))].map((id) => `${id}.json`).sort(),
    );
    expect((await readdir(outDir)).sort()).toEqual(["cells.csv", "datapackage.json", "failures.csv", "keys.csv", "manifest.jsonl", "nianbao.sqlite", "nianbao.xlsx", "panel.csv", "reports", "review-queue.csv", "reports.csv", "templates.json"].sort());
    const m = await manifest();
    expect(m.map((e) => [e.path, e.status, e.error?.code ?? null])).toEqual([
      [join(root, "nope.txt"), "failed", "unreadable"],
      [join(inDir, "a.txt"), "ok", null],
      [join(inDir, "sub", "b.txt"), "failed", "not_a_report"],
      [join(inDir, "sub", "c.txt"), "ok", null],
    ]);
    expect(m[2]!.sha256).toBe(sha256("BAD"));
    expect(m[1]!.id).toBe(recordIdFor("a.txt", sha256("甲;2023;5")));
    expect(await cellsCsvLines()).toHaveLength(3);
    expect(sqliteCount("SELECT count(*) AS n FROM documents")).toBe(2);
  });

  it("follows a symlink loop only once and reads a hidden file when it is named", async () => {
    await writeFile(join(inDir, "a.txt"), "甲;2023;5");
    await writeFile(join(inDir, ".b.txt"), "乙;2023;6");
    await symlink(inDir, join(inDir, "sub", "loop"));
    const summary = await runBatch([inDir, join(inDir, ".b.txt")], { outDir });
    expect(summary).toMatchObject({ total: 2, ok: 2, failed: 0 });
  });

  it("records a crash of the extractor as an internal failure naming the file", async () => {
    await writeFile(join(inDir, "x.txt"), "BUG");
    const summary = await runBatch([join(inDir, "x.txt")], { outDir });
    expect(summary.failures).toEqual([{ path: join(inDir, "x.txt"), code: "internal", message: `${join(inDir, "x.txt")}: stand-in crashed` }]);
  });

  it("a re-run replaces the records of the same inputs and keeps the others", async () => {
    await writeFile(join(inDir, "a.txt"), "甲;2023;5");
    await writeFile(join(inDir, "b.txt"), "乙;2023;6");
    await writeFile(join(inDir, "c.txt"), "丙;2023;7");
    await runBatch([inDir], { outDir });
    expect(await readdir(join(outDir, "reports"))).toHaveLength(3);

    // a changes content, b now fails, c is not re-run.
    await writeFile(join(inDir, "a.txt"), "甲;2023;50");
    await writeFile(join(inDir, "b.txt"), "BAD");
    const summary = await runBatch([join(inDir, "a.txt"), join(inDir, "b.txt")], { outDir });
    expect(summary).toMatchObject({ total: 2, ok: 1, failed: 1, records: 2 });
    expect((await readdir(join(outDir, "reports"))).sort()).toEqual(
      [recordIdFor("a.txt", sha256("甲;2023;50")), recordIdFor("c.txt", sha256("丙;2023;7"))].map((id) => `${id}.json`).sort(),
    );
    const values = (await cellsCsvLines()).slice(1).map((l) => l.split(",")[11]);
    expect(values.sort()).toEqual(["50", "7"]);
    expect((await manifest()).map((e) => [e.path, e.status])).toEqual([
      [join(inDir, "a.txt"), "ok"],
      [join(inDir, "b.txt"), "failed"],
      [join(inDir, "c.txt"), "ok"],
    ]);
    expect(sqliteCount("SELECT count(*) AS n FROM cells")).toBe(2);
  });

  it("never walks into its own output folder and leaves no temp files", async () => {
    await writeFile(join(inDir, "a.txt"), "甲;2023;5");
    const nestedOut = join(inDir, "output");
    await runBatch([inDir], { outDir: nestedOut });
    const summary = await runBatch([inDir], { outDir: nestedOut });
    // Unchanged inputs are skipped by default since issue 6 (was: read again).
    expect(summary).toMatchObject({ total: 1, skipped: 1 });
    const all = await readdir(nestedOut, { recursive: true });
    expect(all.filter((n) => n.includes(".tmp"))).toEqual([]);
  });

  it("skips inputs unchanged since they were read (the default; resume is kept as a no-op)", async () => {
    await writeFile(join(inDir, "a.txt"), "甲;2023;5");
    await writeFile(join(inDir, "b.txt"), "乙;2023;6");
    await runBatch([inDir], { outDir });
    await writeFile(join(inDir, "b.txt"), "乙;2023;60");
    const summary = await runBatch([inDir], { outDir, resume: true });
    expect(summary).toMatchObject({ ok: 1, skipped: 1, records: 2 });
    expect((await manifest()).map((e) => e.status)).toEqual(["skipped", "ok"]);
  });

  it("tests an input again for structured data only when it changed since the last run read it", async () => {
    await writeFile(join(inDir, "a.txt"), "甲;2023;5");
    await writeFile(join(inDir, "b.txt"), "乙;2023;6");
    await runBatch([inDir], { outDir });
    // b.txt now holds JSON data under the same name: the re-run must refuse it, not skip it as read.
    await writeFile(join(inDir, "b.txt"), JSON.stringify({ agency: "乙", year: 2023, cells: { "t3.new_received.total": 6 } }));
    const summary = await runBatch([inDir], { outDir });
    expect(summary).toMatchObject({ skipped: 2, refused: 1 });
    const entries = await manifest();
    expect(entries.find((e) => e.path.endsWith("a.txt"))?.status).toBe("skipped");
    expect(entries.find((e) => e.path.endsWith("b.txt"))).toMatchObject({ status: "skipped", error: { code: "structured_data" } });
  });

  it("reports record files it cannot read and keeps them out of the tables", async () => {
    await writeFile(join(inDir, "a.txt"), "甲;2023;5");
    await mkdir(join(outDir, "reports"), { recursive: true });
    await writeFile(join(outDir, "reports", "junk.json"), "{");
    const summary = await runBatch([inDir], { outDir });
    expect(summary.records).toBe(1);
    expect(summary.warnings).toEqual([expect.stringMatching(/junk\.json: unreadable/)]);
  });
});

describe("cli", () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("extract exits 0 when every input was read", async () => {
    await writeFile(join(inDir, "a.txt"), "甲;2023;5");
    expect(await main(["node", "nianbao", "extract", inDir, "--out", outDir])).toBe(0);
    expect(out.join("")).toBe(`1 read, 0 failed, 0 skipped; 1 record(s) in ${outDir}\n`);
  });

  it("extract exits 1 and prints one line per failed file", async () => {
    await writeFile(join(inDir, "a.txt"), "甲;2023;5");
    await writeFile(join(inDir, "b.txt"), "BAD");
    expect(await main(["node", "nianbao", "extract", inDir, "--out", outDir, "--quiet"])).toBe(1);
    expect(err.join("")).toBe(`[2/2] failed  ${join(inDir, "b.txt")}: this is not an annual report\n`);
    expect(out.join("")).toMatch(/^1 read, 1 failed, 0 skipped/);
  });

  it("usage errors exit 2 and --help exits 0", async () => {
    expect(await main(["node", "nianbao", "extract"])).toBe(2);
    expect(await devMain(["node", "nianbao", "generate", "--count", "zero"])).toBe(2);
    expect(await main(["node", "nianbao", "extract", "--help"])).toBe(0);
    expect(out.join("")).toMatch(/--out <dir>/);
  });
});
