/**
 * A real `nianbao extract` process killed with SIGKILL in the middle of a batch, then run again:
 * every input ends up exactly once in the outputs — no record lost, none twice.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseManifest } from "../src/emit/index.js";
import { generateCorpus } from "../tools/generate/index.js";

const BIN = fileURLToPath(new URL("../bin/nianbao.js", import.meta.url));
const COUNT = 150;

let root: string;
let inDir: string;
let outDir: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-kill-"));
  await generateCorpus({ outDir: join(root, "gen"), count: COUNT, seed: 9 });
  inDir = join(root, "gen", "inputs");
  outDir = join(root, "out");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function journalLines(): number {
  const p = join(outDir, "manifest.jsonl");
  return existsSync(p) ? readFileSync(p, "utf8").split("\n").filter((l) => l.trim()).length : 0;
}

/** Runs extract; with `killAfter`, SIGKILLs it once that many inputs are in the journal. */
function extract(killAfter?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; journalAtKill: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "extract", inDir, "--out", outDir, "--jobs", "2", "--quiet"], { stdio: ["ignore", "ignore", "pipe"] });
    let journalAtKill = -1;
    let timer: NodeJS.Timeout | undefined;
    if (killAfter !== undefined) {
      timer = setInterval(() => {
        const n = journalLines();
        if (n >= killAfter) {
          journalAtKill = n;
          child.kill("SIGKILL");
          clearInterval(timer);
        }
      }, 5);
    }
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, journalAtKill });
    });
  });
}

describe("extract killed with SIGKILL mid-batch", () => {
  it("continues on the next run with every input exactly once", async () => {
    const killed = await extract(20);
    expect(killed.signal).toBe("SIGKILL");
    expect(killed.journalAtKill).toBeGreaterThanOrEqual(20);
    expect(killed.journalAtKill).toBeLessThan(COUNT);
    // The killed run wrote no tables (they come at the end), only records and journal lines.
    expect(existsSync(join(outDir, "cells.csv"))).toBe(false);

    const second = await extract();
    expect(second.code).toBe(0);

    const manifest = parseManifest(await readFile(join(outDir, "manifest.jsonl"), "utf8"));
    expect(manifest.invalid).toBe(0);
    const paths = manifest.entries.map((e) => e.path);
    expect(new Set(paths).size).toBe(COUNT);
    expect(paths).toHaveLength(COUNT);
    const statuses = manifest.entries.map((e) => e.status);
    expect(statuses.every((s) => s === "ok" || s === "skipped")).toBe(true);
    // What the killed run finished is not read again.
    expect(statuses.filter((s) => s === "skipped").length).toBeGreaterThanOrEqual(killed.journalAtKill - 1);

    const records = (await readdir(join(outDir, "reports"))).filter((n) => n.endsWith(".json") && !n.startsWith("."));
    expect(records).toHaveLength(COUNT);
    expect(new Set(manifest.entries.map((e) => e.id))).toEqual(new Set(records.map((n) => n.slice(0, -5))));

    const db = new Database(join(outDir, "nianbao.sqlite"), { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) AS n, count(DISTINCT path) AS p FROM documents").get()).toEqual({ n: COUNT, p: COUNT });
      const cells = (db.prepare("SELECT count(*) AS n FROM cells").get() as { n: number }).n;
      const csv = (await readFile(join(outDir, "cells.csv"), "utf8")).trimEnd().split("\r\n");
      expect(csv.length - 1).toBe(cells);
    } finally {
      db.close();
    }
    const reportsCsv = (await readFile(join(outDir, "reports.csv"), "utf8")).trimEnd().split("\r\n");
    expect(reportsCsv.length - 1).toBe(COUNT);
  }, 120_000);
});
