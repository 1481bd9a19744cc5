/**
 * The command line as a user meets it (issue 13): one-line usage errors with a --help hint, sizes
 * with units and their defaults in --help, --out naming a file and missing inputs refused before
 * anything is written, --include / --exclude, structured data refused, `show` without an output folder.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main, size } from "../src/cli/index.js";
import { parseManifest } from "../src/emit/index.js";

const REPO = join(import.meta.dirname, "..");
const BIN = join(REPO, "bin", "nianbao.js");
const REPORT = join(REPO, "corpus", "generated", "syn00002_4b5a8c2b.txt");
let root: string;

function nianbao(args: string[], cwd = root): { code: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Runs the CLI in this process (no start-up cost), capturing stderr. */
async function inProcess(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    return { code: await main(["node", "nianbao", ...args]), stderr };
  } finally {
    spy.mockRestore();
    out.mockRestore();
  }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "nianbao-cli-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("sizes", () => {
  it("accepts units and refuses what is not a size", () => {
    expect(size("100")).toBe(100);
    expect(size("1k")).toBe(1024);
    expect(size("1.5M")).toBe(1.5 * 1024 * 1024);
    expect(size("20MiB")).toBe(20 * 1024 * 1024);
    expect(size("20MB")).toBe(20_000_000);
    expect(() => size("abc")).toThrow(/expected a size/);
    expect(() => size("0")).toThrow(/expected a size/);
  });

  it("--help shows the defaults; a text over --max-bytes names both sizes in units", () => {
    const help = nianbao(["extract", "--help"]);
    expect(help.stdout).toContain("default 16MiB");
    expect(help.stdout).toContain("default 512MiB");
    const out = join(root, "small");
    const res = nianbao(["extract", REPORT, "--out", out, "--max-bytes", "1k", "--quiet"]);
    expect(res.code).toBe(1);
    const entry = parseManifest(readFileSync(join(out, "manifest.jsonl"), "utf8")).entries[0]!;
    expect(entry.error?.code).toBe("too_large");
    expect(entry.error?.message).toMatch(/file is \d+(\.\d)?KiB, over the 1KiB limit/);
  }, 60_000);
});

describe("usage errors", () => {
  it("print one line and the --help hint, exit 2", async () => {
    for (const args of [["extract", "--bogus", "x"], ["extract", "x", "--max-bytes", "lots"], ["frobnicate"]]) {
      const res = await inProcess(args);
      expect(res.code, args.join(" ")).toBe(2);
      const lines = res.stderr.trim().split("\n");
      expect(lines, args.join(" ")).toHaveLength(2);
      expect(lines[0]).toMatch(/^error: /);
      expect(lines[1]).toMatch(/--help/);
      expect(res.stderr).not.toContain("Usage:");
    }
  }, 60_000);

  it("--out naming a file and a missing input are refused before anything is written", async () => {
    const file = join(root, "a-file");
    writeFileSync(file, "x");
    const onFile = await inProcess(["extract", REPORT, "--out", file]);
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toContain(`--out ${file} is a file, not a folder`);
    const out = join(root, "never");
    const missing = await inProcess(["extract", join(root, "nope.pdf"), "--out", out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`no such file or folder: ${join(root, "nope.pdf")}`);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe("what is read", () => {
  it("--include / --exclude choose files in folders; JSON beside the reports is refused with its code", () => {
    const inDir = join(root, "in");
    mkdirSync(join(inDir, "drafts"), { recursive: true });
    copyFileSync(REPORT, join(inDir, "a.txt"));
    copyFileSync(join(REPO, "corpus", "generated", "syn00001_93459c28.txt"), join(inDir, "drafts", "b.txt"));
    copyFileSync(join(REPO, "corpus-gold", "syn00002_4b5a8c2b.json"), join(inDir, "a.json"));
    writeFileSync(join(inDir, "notes.md"), "not read");
    const out = join(root, "out-globs");
    const res = nianbao(["extract", inDir, "--out", out, "--exclude", "drafts/**", "--include", "*.txt", "--include", "*.json", "--quiet"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("1 read, 0 failed, 1 skipped (1 not a report: structured data)");
    const entries = parseManifest(readFileSync(join(out, "manifest.jsonl"), "utf8")).entries;
    expect(entries.map((e) => [e.path.slice(inDir.length + 1), e.status, e.error?.code ?? null]).sort()).toEqual([
      ["a.json", "skipped", "structured_data"],
      ["a.txt", "ok", null],
    ]);
  }, 60_000);

  it("show prints the tables without an output folder, --json the record; a JSON file is refused", () => {
    const text = nianbao(["show", REPORT]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("四、政府信息公开行政复议、行政诉讼情况 (t4)");
    expect(existsSync(join(root, "output"))).toBe(false);
    const json = nianbao(["show", REPORT, "--json"]);
    const record = JSON.parse(json.stdout) as { report: { agency: string }; cells: { key: string; value: number | null }[] };
    const gold = JSON.parse(readFileSync(join(REPO, "corpus-gold", "syn00002_4b5a8c2b.json"), "utf8")) as { agency: string; cells: Record<string, number> };
    expect(record.report.agency).toBe(gold.agency);
    expect(record.cells.find((c) => c.key === "t2.normative_docs.in_force")?.value).toBe(gold.cells["t2.normative_docs.in_force"]);
    const refused = nianbao(["show", join(REPO, "corpus-gold", "syn00002_4b5a8c2b.json")]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/JSON data, not a report.*\[structured_data\]/);
  }, 60_000);
});

describe("progress", () => {
  it("counts the inputs first and estimates the time left from OCR pages", async () => {
    const { PageTally, createReporter, formatEta } = await import("../src/progress.js");
    const tally = new PageTally();
    const page = (path: string, n: number, pages: number) => ({ path, page: n, pages, ms: 2000, skew: 0, engine: "tesseract.js" });
    // Two scans of 4 pages in flight, 10 inputs: one page every 2 s.
    tally.page(page("a.pdf", 1, 4), 2000);
    tally.page(page("b.pdf", 1, 4), 4000);
    tally.page(page("a.pdf", 2, 4), 6000);
    expect([tally.pagesDone, tally.pagesKnown]).toEqual([3, 8]);
    // 5 pages left of a and b, 8 documents not started, all scans so far at 4 pages: 37 pages × 2 s.
    expect(tally.etaS(0, 10, 6000)).toBeCloseTo(74, 5);
    tally.page(page("a.pdf", 3, 4), 8000);
    tally.page(page("a.pdf", 4, 4), 10_000);
    tally.finished("a.pdf");
    // a done; b has 3 pages left; 8 not started; share of scans 2/2.
    expect(tally.etaS(1, 10, 10_000)).toBeCloseTo((3 + 8 * 4) * 2, 5);
    expect(formatEta(75)).toBe("1m15s");
    const out: string[] = [];
    const stream = { isTTY: false, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream;
    const reporter = createReporter({ stream, quiet: false });
    reporter.start(10);
    expect(out).toEqual(["10 input(s) to read\n"]);
  });
});
