/**
 * One `nianbao extract` (the real CLI, in its own process, on worker threads) over the hostile
 * corpus of scripts/hostile-corpus.mjs beside good reports: the run ends by itself with status 1
 * and no signal, every input is in the manifest with the code the corpus expects (none
 * `internal`), every good report's record has its gold values, impossible values are flagged for
 * review, formula injection is defused in the CSVs only, and the run's peak RSS stays under 1.5 GiB.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs script without types
import { buildHostileCorpus, codeTable, runHostileExtract } from "../scripts/hostile-corpus.mjs";

interface Entry {
  path: string;
  ms: number;
  status: string;
  id: string | null;
  error: { code: string; message: string } | null;
}
interface Run {
  status: number;
  signal: string | null;
  ms: number;
  peakRssKiB: number;
  manifest: Entry[];
  out: string;
}

let root: string;
let inDir: string;
let expected: Record<string, string>;
let good: Record<string, string>;
let run: Run;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-hostile-"));
  ({ inDir, expected, good } = await buildHostileCorpus(root));
  run = runHostileExtract(root, { jobs: 2, timeout: 120 });
  const table = codeTable(expected, run.manifest, inDir);
  // The table of codes, for the log of the run.
  process.stdout.write(`hostile corpus: ${Object.keys(expected).length} inputs, exit ${run.status}, ${(run.ms / 1000).toFixed(1)} s, peak RSS ${Math.round(run.peakRssKiB / 1024)} MiB\n`);
  for (const [code, n] of table.counts) process.stdout.write(`  ${String(code).padEnd(14)} ${n}\n`);
  const slowest = [...run.manifest].sort((a, b) => b.ms - a.ms).slice(0, 5);
  process.stdout.write(`  slowest: ${slowest.map((e) => `${e.path.slice(inDir.length + 1)} ${e.ms} ms`).join(", ")}\n`);
}, 600_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const byName = (name: string): Entry | undefined => run.manifest.find((e) => e.path === join(inDir, name));
const record = async (name: string): Promise<{ report: { agency: string | null }; cells: { key: string; value: number | null; flags: string[]; needs_review: boolean }[] }> =>
  JSON.parse(await readFile(join(run.out, "reports", `${byName(name)!.id!}.json`), "utf8"));

describe("one extract over the hostile corpus", () => {
  it("has at least 60 hostile kinds beside the good reports", () => {
    const hostile = Object.values(expected).filter((c) => c !== "ok").length;
    expect(hostile).toBeGreaterThanOrEqual(60);
  });

  it("ends by itself with status 1, no signal, in bounded memory", () => {
    expect(run.signal).toBeNull();
    expect(run.status).toBe(1);
    expect(run.peakRssKiB).toBeGreaterThan(0);
    expect(run.peakRssKiB).toBeLessThanOrEqual(1.5 * 1024 * 1024);
  });

  it("lists every input in the manifest with the code it deserves, none internal", () => {
    const table = codeTable(expected, run.manifest, inDir);
    expect(table.wrong).toEqual([]);
    expect(run.manifest.filter((e) => e.error?.code === "internal")).toEqual([]);
    // Every failure names its file and says what is wrong in words.
    for (const e of run.manifest.filter((x) => x.error)) {
      expect(e.error!.message.startsWith(e.path)).toBe(true);
      expect(e.error!.message).not.toMatch(/\[object Object\]|skia/);
    }
  });

  it("gives every good report its gold values, whatever its name", async () => {
    const names = Object.keys(good);
    expect(names.length).toBeGreaterThanOrEqual(15);
    for (const name of names) {
      const gold = JSON.parse(await readFile(good[name]!, "utf8")) as { cells: Record<string, number | null> };
      const r = await record(name);
      const got = new Map(r.cells.map((c) => [c.key, c.value]));
      const wrong = Object.entries(gold.cells).filter(([k, v]) => got.has(k) && got.get(k) !== v);
      expect(wrong, name).toEqual([]);
    }
  });

  it("flags a negative count and a count of 1e20 for review", async () => {
    const r = await record("values-negative-and-huge.txt");
    const cell = (k: string) => r.cells.find((c) => c.key === k)!;
    expect(cell("t2.licensing.decisions")).toMatchObject({ value: -5, needs_review: true });
    expect(cell("t2.licensing.decisions").flags).toContain("implausible_value");
    expect(cell("t2.penalty.decisions")).toMatchObject({ value: 1e20, needs_review: true });
    expect(cell("t2.penalty.decisions").flags).toContain("implausible_value");
  });

  it("defuses an agency name starting with = in the CSVs and keeps it as read in the JSON", async () => {
    const r = await record("agency-formula.txt");
    expect(r.report.agency).toMatch(/^=/);
    for (const csv of ["reports.csv", "cells.csv", "panel.csv"]) {
      const text = await readFile(join(run.out, csv), "utf8");
      expect(text, csv).toContain(`'${r.report.agency}`);
      expect(text, csv).not.toMatch(new RegExp(`(^|,)${r.report.agency!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "m"));
    }
  });
});
