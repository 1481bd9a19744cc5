/**
 * Bad input: each file gets a clear error naming it and the problem, the other inputs of the run
 * are still written, and the exit status says that some failed.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/index.js";
import { parseManifest } from "../src/emit/index.js";
import { extractFromBytes } from "../src/pipeline/run-document.js";
import { InputError } from "../src/pipeline/errors.js";
import type { ReportRecord } from "../src/model/index.js";
import { csvRows } from "./helpers/csv.js";

const SEED = fileURLToPath(new URL("../corpus/000_10edc68f72ccfcee.txt", import.meta.url));
let root: string;
let code: number;
let stderr: string;
let manifest: Map<string, { status: string; code: string | null; message: string | null }>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-bad-"));
  const inDir = join(root, "in");
  await mkdir(inDir);
  const seed = await readFile(SEED, "utf8");
  await writeFile(join(inDir, "good.txt"), seed);
  await writeFile(join(inDir, "empty.txt"), "");
  await writeFile(join(inDir, "blank.txt"), "\n  \n\t\n");
  await writeFile(join(inDir, "binary.txt"), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  await writeFile(join(inDir, "novel.txt"), "第一章\n\n那是一个晴朗的早晨，他走在去学校的路上。\n".repeat(50));
  // Cut off in the middle of table 3, after the rows of （三）不予公开.
  await writeFile(join(inDir, "cut.txt"), seed.slice(0, seed.indexOf("(四) 无法提")));
  // 50 MB: a sparse file of the right size is enough to be refused by its size.
  const big = await open(join(inDir, "huge.txt"), "w");
  await big.truncate(50 * 1024 * 1024);
  await big.close();
  const err: string[] = [];
  const spyErr = vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  const spyOut = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    code = await main(["node", "nianbao", "extract", inDir, "--out", join(root, "out")]);
  } finally {
    spyErr.mockRestore();
    spyOut.mockRestore();
  }
  stderr = err.join("");
  const entries = parseManifest(await readFile(join(root, "out", "manifest.jsonl"), "utf8")).entries;
  manifest = new Map(entries.map((e) => [e.path.split("/").pop()!, { status: e.status, code: e.error?.code ?? null, message: e.error?.message ?? null }]));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("a batch with bad inputs", () => {
  it("exits non-zero and still writes the good report", async () => {
    expect(code).not.toBe(0);
    expect(manifest.get("good.txt")).toEqual({ status: "ok", code: null, message: null });
    const reports = await readdir(join(root, "out", "reports"));
    expect(reports.filter((f) => f.startsWith("good-"))).toHaveLength(1);
    expect(reports.filter((f) => f.startsWith("cut-"))).toHaveLength(1);
    expect(reports).toHaveLength(2);
  });

  it("keeps what a cut-off text read: a partial record, its unread cells missing and flagged", async () => {
    expect(manifest.get("cut.txt")).toEqual({ status: "ok", code: null, message: null });
    const file = (await readdir(join(root, "out", "reports"))).find((f) => f.startsWith("cut-"))!;
    const record = JSON.parse(await readFile(join(root, "out", "reports", file), "utf8")) as ReportRecord;
    const good = JSON.parse(await readFile(join(root, "out", "reports", (await readdir(join(root, "out", "reports"))).find((f) => f.startsWith("good-"))!), "utf8")) as ReportRecord;
    expect(record.status).toBe("partial");
    expect(good.status).toBe("complete");
    expect(record.warnings.join(" ")).toMatch(/ends inside table 3 \(\d+ of its \d+ cells not found\) and table 4 was not reached/);
    // Every key of the full report is there: those read equal the full report's, the rest missing and for review.
    const byKey = new Map(record.cells.map((c) => [c.key, c]));
    expect([...byKey.keys()].sort()).toEqual(good.cells.map((c) => c.key).sort());
    const t2 = good.cells.filter((c) => c.table === "t2");
    for (const c of t2) expect(byKey.get(c.key)!.value).toBe(c.value);
    const missing = record.cells.filter((c) => c.status === "missing");
    expect(missing.length).toBeGreaterThan(15 + 50);
    for (const c of missing) expect(c.flags).toContain("value_missing");
    for (const c of missing) expect(c.needs_review).toBe(true);
    const rows = await csvRows(await readFile(join(root, "out", "reports.csv"), "utf8"));
    expect(rows.map((r) => r["status"]).sort()).toEqual(["complete", "partial"]);
  });

  it.each([
    ["empty.txt", "empty", /empty\.txt: file is empty/],
    ["blank.txt", "empty", /blank\.txt: file is empty/],
    ["binary.txt", "binary", /binary\.txt: binary content, not text/],
    ["novel.txt", "not_a_report", /novel\.txt: no statistics table of a 政府信息公开工作年度报告 found/],
    ["huge.txt", "too_large", /huge\.txt: file is 50MiB, over the 16MiB limit/],
  ])("%s fails with code %s and a message naming the file", (file, errCode, message) => {
    const entry = manifest.get(file)!;
    expect(entry.status).toBe("failed");
    expect(entry.code).toBe(errCode);
    expect(entry.message).toMatch(message);
    expect(stderr).toMatch(message);
  });
});

describe("errors of the library API", () => {
  it("throws an InputError with the path for a PDF handed to the synchronous text reader", () => {
    expect(() => extractFromBytes("/x/report.pdf", Buffer.from("%PDF-1.7\n..."))).toThrow(InputError);
    expect(() => extractFromBytes("/x/report.pdf", Buffer.from("%PDF-1.7\n..."))).toThrow(/^\/x\/report\.pdf: PDF with a text layer input is not read by extractFromBytes/);
  });

});
