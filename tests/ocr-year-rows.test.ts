/**
 * A table read by OCR in another format than its year's: a harsh scan of the real 淮安市 2024 report
 * garbled table 3's three 2021 其他处理 rows, the 2019 single row （六）其他处理 was taken, and the 21
 * values of those rows had no cell in the record at all (silent: nothing said they were printed).
 * Read by OCR, the rows only the year's format has are now in the record, value_missing, for review,
 * with a warning. Read from text, a report printed in the other format (洪泽区's hybrid: a 2021 table
 * 2 beside a 2019 table 3) gets nothing added: its table lacks those rows for real.
 *
 * Both from generated hybrid reports (2021+ years, table 3 in the 2019 form): a scan read by real
 * OCR (tesseract.js), and text.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportRecord } from "../src/model/index.js";
import { getTemplate, templateKeys } from "../src/templates/index.js";

const BIN = fileURLToPath(new URL("../bin/nianbao.js", import.meta.url));
const ONLY_2021_T3 = (() => {
  const old = new Set(templateKeys(getTemplate("gov-info-2019")));
  return templateKeys(getTemplate("gov-info-2021")).filter((k) => k.startsWith("t3.") && !old.has(k));
})();

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nianbao-ocr-year-rows-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function nianbao(...args: string[]): void {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
}

async function records(out: string): Promise<ReportRecord[]> {
  const names = (await readdir(join(out, "reports"))).filter((n) => n.endsWith(".json"));
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(out, "reports", n), "utf8")) as ReportRecord));
}

async function gold(folder: string, record: ReportRecord): Promise<Record<string, number | null>> {
  const name = record.source.path.split("/").pop()!.replace(/\.(pdf|tif|txt)$/, ".json");
  return (JSON.parse(await readFile(join(folder, "gold", name), "utf8")) as { cells: Record<string, number | null> }).cells;
}

describe("a table read by OCR in another format than its year's", () => {
  it("a scanned hybrid report: the 2021 rows table 3 lacks are in the record, missing and for review; every printed value right or flagged", async () => {
    expect(ONLY_2021_T3.length).toBe(21);
    const gen = join(dir, "scan");
    nianbao("generate", "--kind", "scan", "--formats", "hybrid", "--count", "1", "--seed", "5", "--out", gen);
    nianbao("extract", join(gen, "inputs"), "--out", join(gen, "out"), "-q");
    const [record] = await records(join(gen, "out"));
    expect(record!.report.tables.t3).toBe("gov-info-2019");
    const cells = new Map(record!.cells.map((c) => [c.key, c]));
    expect(record!.cells.some((c) => c.table === "t3" && c.signals?.ocr !== undefined)).toBe(true);
    for (const key of ONLY_2021_T3) {
      const c = cells.get(key);
      expect(c, key).toBeDefined();
      expect([c!.value, c!.status, c!.needs_review, c!.flags]).toEqual([null, "missing", true, ["value_missing"]]);
    }
    expect(record!.warnings.some((w) => /table 3 was read by OCR in the gov-info-2019 format.*21 values are missing/.test(w))).toBe(true);
    const want = await gold(gen, record!);
    const silent = Object.entries(want).filter(([k, v]) => cells.get(k)?.value !== v && !cells.get(k)?.needs_review);
    expect(silent).toEqual([]);
  }, 120_000);

  it("the same kind of report as text: nothing added, the record's keys are the printed ones", async () => {
    const gen = join(dir, "text");
    nianbao("generate", "--kind", "text", "--formats", "hybrid", "--count", "10", "--seed", "5", "--damage", "none", "--out", gen);
    nianbao("extract", join(gen, "inputs"), "--out", join(gen, "out"), "-q");
    const all = await records(join(gen, "out"));
    expect(all).toHaveLength(10);
    for (const record of all) {
      expect(record.report.tables.t3).toBe("gov-info-2019");
      expect(record.cells.map((c) => c.key).filter((k) => ONLY_2021_T3.includes(k))).toEqual([]);
      expect(record.cells.map((c) => c.key).sort()).toEqual(Object.keys(await gold(gen, record)).sort());
      expect(record.warnings.some((w) => w.includes("read by OCR"))).toBe(false);
    }
  }, 60_000);
});
