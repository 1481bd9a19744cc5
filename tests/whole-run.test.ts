/**
 * Whole-run throughput (issue 14), what must stay true while the run gets faster: a re-run that
 * changed one input updates the tables in place and leaves exactly what a full rebuild leaves; a
 * folder whose files were touched since is rebuilt; CSV lines are fast-csv's bytes; --profile
 * names its stages; the CLI loads no reader, workbook or queue code before a command needs it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REVIEW_PORT_SHOWN } from "../src/cli/review.js";
import { cellText, csvLine, csvRowLine, csvToString, type CsvRow, type CsvValue } from "../src/emit/csv.js";
import { writePanelInputs } from "./helpers/panel.js";
import { runBatch } from "../src/pipeline/batch.js";
import { finalizeOutput } from "../src/pipeline/finalize.js";
import { PROFILE_STAGES, RunProfile, formatProfile } from "../src/pipeline/profile.js";
import { DEFAULT_REVIEW_PORT } from "../src/review/server.js";

let root: string;
let inDir: string;
let outDir: string;
let inputs: string[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-whole-run-"));
  inDir = join(root, "in");
  outDir = join(root, "out");
  await mkdir(inDir);
  ({ paths: inputs } = await writePanelInputs(inDir, { seed: 5, agencies: 4, years: 3, breaksPerKind: 1 }));
  const first = await runBatch([inDir], { outDir, executor: "inline" });
  expect(first).toMatchObject({ ok: 12, failed: 0 });
}, 60_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const TABLES = ["cells.csv", "reports.csv", "review-queue.csv", "panel.csv", "failures.csv", "keys.csv"];
const QUERIES = [
  "SELECT * FROM documents ORDER BY id",
  "SELECT * FROM cells ORDER BY document, key",
  "SELECT document, rule, ok, expected, actual, keys, message_zh FROM checks ORDER BY document, rule, keys",
  "SELECT document, key FROM check_keys ORDER BY document, key",
  "SELECT * FROM panel ORDER BY agency, year",
  "SELECT * FROM review_items ORDER BY id, idx",
  "SELECT id, entry FROM record_files ORDER BY id",
  "SELECT * FROM keys ORDER BY key",
  "SELECT grp, docs, cells, findings, panel FROM table_groups ORDER BY grp",
];

/** Every table of an output folder, as text (CSV files whole, SQLite tables hashed row by row). */
function tablesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of TABLES) out[f] = readFileSync(join(dir, f), "utf8");
  const db = new Database(join(dir, "nianbao.sqlite"), { readonly: true });
  try {
    for (const q of QUERIES) {
      const h = createHash("sha256");
      let n = 0;
      for (const row of db.prepare(q).raw().iterate()) {
        h.update(JSON.stringify(row));
        n++;
      }
      out[q] = `${n} ${h.digest("hex")}`;
    }
  } finally {
    db.close();
  }
  return out;
}

describe("a re-run after changing one input", () => {
  it("updates the SQLite file in place and leaves the tables a full rebuild leaves", async () => {
    const sqlite = join(outDir, "nianbao.sqlite");
    const inode = statSync(sqlite).ino;
    appendFileSync(inputs[4]!, "\n（本报告于次年修订。）\n");
    const again = await runBatch([inDir], { outDir, executor: "inline" });
    expect(again).toMatchObject({ ok: 1, skipped: 11, records: 12 });
    // Same file: its rows were updated in one transaction, not rebuilt into a new file.
    expect(statSync(sqlite).ino).toBe(inode);
    const incremental = tablesOf(outDir);
    const full = join(root, "full");
    cpSync(outDir, full, { recursive: true, preserveTimestamps: true });
    rmSync(join(full, "nianbao.sqlite"));
    const rebuilt = await finalizeOutput(full);
    expect(rebuilt.records).toBe(12);
    expect(rebuilt.findings).toHaveLength(again.crossYear);
    expect(tablesOf(full)).toEqual(incremental);
  }, 60_000);

  it("rebuilds every table when a table file was changed since the last run", async () => {
    const sqlite = join(outDir, "nianbao.sqlite");
    const inode = statSync(sqlite).ino;
    const before = tablesOf(outDir);
    // Touched by hand (opened and saved in a spreadsheet): its byte ranges can no longer be trusted.
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(outDir, "cells.csv"), later, later);
    await runBatch([inDir], { outDir, executor: "inline" });
    expect(statSync(sqlite).ino).not.toBe(inode);
    expect(tablesOf(outDir)).toEqual(before);
  }, 60_000);
});

describe("csvLine", () => {
  it("writes the bytes fast-csv writes", async () => {
    const headers = ["a", "b,c", 'd"e', "f|g"];
    const rows: CsvRow[] = [
      ['plain', 'with, comma', 'with "quote"', "a|b"],
      ["line\nbreak", "cr\rhere", "nul\u0000byte", null],
      [1.5, true, "=HYPERLINK(1)", "-5"],
    ];
    const ours = "\uFEFF" + csvLine(headers) + rows.map((r) => csvLine(r.map(cellText))).join("");
    expect(ours).toBe(await csvToString(headers, rows));
  });

  it("csvRowLine writes those bytes too, on 2,000 generated rows of numbers, blanks, booleans and text", async () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const numbers = [0, 1, -5, 1.5, 0.125, 1e21, 1e-7, -0, 12345678, Number.MAX_SAFE_INTEGER, 0.1 + 0.2];
    const texts = ["", "plain", "a,b", 'q"uote', "x|y", "line\nbreak", "cr\r", "nul\u0000", "=1+1", "+86", "-", "-5", "@x", "\tx", "淮安市洪泽区", "1,2", " "];
    const value = (): CsvValue => {
      const r = rand();
      return r < 0.3 ? null : r < 0.6 ? numbers[Math.floor(rand() * numbers.length)]! : r < 0.65 ? rand() < 0.5 : texts[Math.floor(rand() * texts.length)]! + (rand() < 0.3 ? texts[Math.floor(rand() * texts.length)]! : "");
    };
    const headers = ["a", "b", "c", "d", "e", "f", "g"];
    const rows: CsvRow[] = Array.from({ length: 2000 }, () => headers.map(value));
    expect("\uFEFF" + csvLine(headers) + rows.map(csvRowLine).join("")).toBe(await csvToString(headers, rows));
  });
});

describe("--profile", () => {
  it("names the stages of a run", async () => {
    const profile = new RunProfile();
    const out = join(root, "profiled");
    await runBatch([inDir], { outDir: out, executor: "inline", profile });
    const text = formatProfile(profile, 12);
    expect(text).toMatch(/^profile: 12 document\(s\); documents phase [\d.]+ s, tables phase [\d.]+ s, whole run [\d.]+ s\n/);
    for (const stage of ["discovery", "hashing", "reading", "matching", "validation", "record write", "journal", "cross-year", "tables", "sqlite"]) {
      expect(PROFILE_STAGES).toContain(stage);
      expect(text).toContain(`  ${stage} `);
    }
  }, 60_000);
});

describe("the command line's fixed cost", () => {
  it("shows the review server's default port", () => {
    expect(REVIEW_PORT_SHOWN).toBe(DEFAULT_REVIEW_PORT);
  });

  it("loads no reader, workbook, queue or server package before a command runs", () => {
    const script = [
      'import { createRequire } from "node:module";',
      'const require = createRequire(import.meta.url);',
      'await import("./dist/cli/index.js");',
      'console.log(JSON.stringify([...new Set(Object.keys(require.cache).map((k) => k.split("node_modules/")[1]?.split("/")[0]).filter(Boolean))]));',
    ].join("\n");
    const loaded = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: join(import.meta.dirname, ".."), encoding: "utf8" })) as string[];
    for (const heavy of ["exceljs", "cheerio", "mammoth", "ioredis", "bullmq", "pdfjs-dist", "tesseract.js", "better-sqlite3", "piscina"]) expect(loaded).not.toContain(heavy);
  });

  it("reads a run's one small input in the main thread, unless a time limit is given", async () => {
    const root = await mkdtemp(join(tmpdir(), "nianbao-one-input-"));
    try {
      // Prints the packages loaded (CommonJS ones, as the thread pool and the workbook's zip library are) when the process ends.
      const preload = join(root, "loaded.cjs");
      await writeFile(preload, 'process.on("exit", () => process.stderr.write(`LOADED ${JSON.stringify([...new Set(Object.keys(require.cache).map((k) => k.split("node_modules/")[1]?.split("/")[0]).filter(Boolean))])}\\n`));\n');
      const run = (out: string, more: string[] = []): string[] => {
        const r = spawnSync(process.execPath, ["--require", preload, "bin/nianbao.js", "extract", "corpus/000_10edc68f72ccfcee.txt", "--out", join(root, out), "-q", ...more], { cwd: join(import.meta.dirname, ".."), encoding: "utf8" });
        expect(r.status).toBe(0);
        return JSON.parse(/LOADED (.*)/.exec(r.stderr)![1]!) as string[];
      };
      const inline = run("inline");
      for (const pkg of ["piscina", "pngjs", "jpeg-js", "picomatch", "cli-progress", "string-width"]) expect(inline).not.toContain(pkg);
      expect(run("thread", ["--timeout", "60"])).toContain("piscina");
      expect(readFileSync(join(root, "inline", "cells.csv"), "utf8")).toBe(readFileSync(join(root, "thread", "cells.csv"), "utf8"));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);
});
