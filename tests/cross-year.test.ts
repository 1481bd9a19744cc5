/**
 * Cross-year checks on a generated multi-year panel with planted breaks: every planted break is
 * flagged on its cells in both years, nothing is flagged on consistent years; agency names written
 * three ways become one panel agency; panel.csv and the SQLite panel agree.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { csvRows } from "./helpers/csv.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePanel, type GeneratedPanel } from "../tools/generate/panel.js";
import { writePanelInputs } from "./helpers/panel.js";
import { canonicalAgencies, normalizeAgencyName } from "../src/match/agency.js";
import { chooseYear, yearFromFileName, yearFromText } from "../src/match/years.js";
import { ReportRecordSchema, type ReportRecord } from "../src/model/index.js";
import { runBatch } from "../src/pipeline/batch.js";
import { finalizeOutput } from "../src/pipeline/finalize.js";
import { loadRecords } from "../src/pipeline/out-dir.js";
import { crossYearFindings } from "../src/validate/cross-year.js";

const AGENCIES = 4;
const YEARS = 5;
let root: string;
let outDir: string;
let panel: GeneratedPanel;
let records: ReportRecord[];


beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-panel-"));
  const inDir = join(root, "in");
  outDir = join(root, "out");
  await mkdir(inDir);
  ({ panel } = await writePanelInputs(inDir, { seed: 21, agencies: AGENCIES, years: YEARS, breaksPerKind: 2 }));
  const summary = await runBatch([inDir], { outDir, executor: "inline" });
  expect(summary).toMatchObject({ ok: AGENCIES * YEARS, failed: 0 });
  records = (await loadRecords(outDir)).stored.map((s) => s.record);
}, 60_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const CROSS = ["carryover_break", "in_force_break", "year_outlier"];
/** "agency|year|key|flag" for every cross-year flag on a record's cells. */
function flagged(rs: readonly ReportRecord[]): Set<string> {
  const canon = canonicalAgencies(rs.map((r) => r.report.agency!));
  return new Set(rs.flatMap((r) => r.cells.flatMap((c) => c.flags.filter((f) => CROSS.includes(f)).map((f) => `${canon.get(r.report.agency!)}|${r.report.year}|${c.key}|${f}`))));
}

describe("cross-year checks on a generated panel", () => {
  it("flags every planted break on its cells in both years, and nothing else", () => {
    const got = flagged(records);
    const expected = new Set<string>();
    for (const p of panel.planted) {
      if (p.kind === "carryover") {
        // The break in one column shows in the 总计 column too (it sums the columns).
        for (const col of [p.key.split(".").pop()!, "total"]) {
          expected.add(`${p.agency}|${p.year}|t3.carried_over.${col}|carryover_break`);
          expected.add(`${p.agency}|${p.year - 1}|t3.carried_forward.${col}|carryover_break`);
        }
      } else if (p.kind === "in_force") {
        const doc = p.key.split(".")[1];
        expected.add(`${p.agency}|${p.year}|t2.${doc}.in_force|in_force_break`);
        expected.add(`${p.agency}|${p.year}|t2.${doc}.issued|in_force_break`);
        expected.add(`${p.agency}|${p.year}|t2.${doc}.repealed|in_force_break`);
        expected.add(`${p.agency}|${p.year - 1}|t2.${doc}.in_force|in_force_break`);
      } else {
        expected.add(`${p.agency}|${p.year}|${p.key}|year_outlier`);
      }
    }
    expect(panel.planted.map((p) => p.kind).sort()).toEqual(["carryover", "carryover", "in_force", "in_force", "outlier", "outlier"]);
    expect([...got].sort()).toEqual([...expected].sort());
  });

  it("sends the flagged cells to review, in every export", async () => {
    const cells = await csvRows(await readFile(join(outDir, "cells.csv"), "utf8"));
    const withFlag = cells.filter((c) => CROSS.some((f) => c.flags!.split("|").includes(f)));
    expect(withFlag.length).toBe(flagged(records).size);
    expect(withFlag.every((c) => c.needs_review === "true")).toBe(true);
    const queue = await csvRows(await readFile(join(outDir, "review-queue.csv"), "utf8"));
    expect(queue.filter((c) => CROSS.some((f) => c.flags!.split("|").includes(f)))).toHaveLength(withFlag.length);
  });

  it("writes one panel row per agency and year under one normalized name", async () => {
    const rows = await csvRows(await readFile(join(outDir, "panel.csv"), "utf8"));
    expect(rows).toHaveLength(AGENCIES * YEARS);
    const agencies = [...new Set(rows.map((r) => r.agency))];
    expect(agencies).toHaveLength(AGENCIES);
    for (const a of agencies) expect(rows.filter((r) => r.agency === a).map((r) => Number(r.year))).toEqual([2019, 2020, 2021, 2022, 2023]);
    // Each agency was printed in three ways across its years.
    expect(new Set(rows.filter((r) => r.agency === agencies[0]).flatMap((r) => r.agency_names!.split("|"))).size).toBe(3);
    expect(rows.every((r) => r.year_source === "title" && !r.flags!.includes("year_conflict"))).toBe(true);
    const db = new Database(join(outDir, "nianbao.sqlite"), { readonly: true });
    try {
      const first = rows[0]!;
      const row = db.prepare(`SELECT "t3.new_received.total" AS v, flags FROM panel WHERE agency = ? AND year = ?`).get(first.agency, Number(first.year)) as { v: number; flags: string };
      expect(String(row.v)).toBe(first["t3.new_received.total"]);
      expect(row.flags).toBe(first.flags);
      expect(db.prepare("SELECT count(*) AS n FROM panel").get()).toEqual({ n: AGENCIES * YEARS });
    } finally {
      db.close();
    }
  });

  it("gives the same tables when an agency's records are read twice instead of held", async () => {
    const before = await readFile(join(outDir, "panel.csv"), "utf8");
    const cellsBefore = await readFile(join(outDir, "cells.csv"), "utf8");
    const r = await finalizeOutput(outDir, { holdLimit: 1 });
    expect(r.records).toBe(AGENCIES * YEARS);
    expect(await readFile(join(outDir, "panel.csv"), "utf8")).toBe(before);
    expect(await readFile(join(outDir, "cells.csv"), "utf8")).toBe(cellsBefore);
  });

  it("re-running keeps the same flags (recomputed, never doubled)", async () => {
    const s = await runBatch([join(root, "in")], { outDir, executor: "inline" });
    expect(s).toMatchObject({ skipped: AGENCIES * YEARS });
    const again = (await loadRecords(outDir)).stored.map((x) => ReportRecordSchema.parse(x.record));
    expect([...flagged(again)].sort()).toEqual([...flagged(records)].sort());
    expect(again.every((r) => r.cells.every((c) => new Set(c.flags).size === c.flags.length))).toBe(true);
  });
});

describe("panel flags", () => {
  it("flags a year the file name contradicts, and two different reports for one agency and year", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nianbao-panel-flags-"));
    try {
      const a = generatePanel({ seed: 1, agencies: 1, years: 2, breaksPerKind: 0 }).reports;
      const b = generatePanel({ seed: 2, agencies: 1, years: 1, breaksPerKind: 0 }).reports; // same agency and first year, other values
      await mkdir(join(dir, "in"));
      await writeFile(join(dir, "in", `a_${a[0]!.gold.year}.txt`), a[0]!.text);
      await writeFile(join(dir, "in", `a_${a[1]!.gold.year + 5}.txt`), a[1]!.text); // the file name says another year
      await writeFile(join(dir, "in", "b.txt"), b[0]!.text);
      await runBatch([join(dir, "in")], { outDir: join(dir, "out"), executor: "inline" });
      const rows = await csvRows(await readFile(join(dir, "out", "panel.csv"), "utf8"));
      expect(rows.map((r) => [r.year, r.flags, r.documents!.split("|").length])).toEqual([
        [String(a[0]!.gold.year), "agency_year_duplicate", 2],
        [String(a[1]!.gold.year), "year_conflict", 1],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("agency names and years", () => {
  it("normalizes spelling and merges names that differ by their administrative parents, when unambiguous", () => {
    expect(normalizeAgencyName("淮安市 洪泽区政府")).toBe("淮安市洪泽区人民政府");
    expect(normalizeAgencyName("《金乡街道》")).toBe("金乡街道办事处");
    const m = canonicalAgencies(["泰州市海陵区人民政府", "海陵区政府", "淮安市洪泽区人民政府", "洪泽区人民政府", "洪泽区政府", "江苏省淮安市洪泽区人民政府", "宿城区人民政府", "宿迁市宿城区人民政府", "淮安市宿城区人民政府", "商务局", "淮安市商务局"]);
    expect(m.get("洪泽区政府")).toBe("江苏省淮安市洪泽区人民政府");
    expect(m.get("海陵区政府")).toBe("泰州市海陵区人民政府"); // 州 inside a city's name
    expect(m.get("淮安市洪泽区人民政府")).toBe("江苏省淮安市洪泽区人民政府");
    expect(m.get("宿城区人民政府")).toBe("宿城区人民政府"); // two cities have one: not merged
    expect(m.get("商务局")).toBe("商务局"); // too short to stand for one agency
  });

  it("takes the year from the title, then the text, then the file name, and flags a disagreement", () => {
    expect(yearFromFileName("huaian_2023.txt")).toBe(2023);
    expect(yearFromFileName("2022年报.pdf")).toBe(2022);
    expect(yearFromFileName("syn00012_5e2019ab.txt")).toBeNull();
    expect(yearFromText("2023年，我区……与2022年相比……2023年")).toBe(2023);
    expect(chooseYear({ title: 2023, text: 2023, file: 2023 })).toEqual({ year: 2023, source: "title", conflict: false });
    expect(chooseYear({ title: null, text: 2022, file: 2023 })).toEqual({ year: 2022, source: "text", conflict: true });
    expect(chooseYear({ title: null, text: null, file: 2021 })).toEqual({ year: 2021, source: "file", conflict: false });
  });

  it("links only consecutive years", () => {
    const doc = (id: string, year: number, over: number, fwd: number) => ({
      id,
      year,
      cells: [
        { key: "t3.carried_over.total", value: over, status: "read" as const },
        { key: "t3.carried_forward.total", value: fwd, status: "read" as const },
      ],
    });
    expect(crossYearFindings([doc("a", 2019, 0, 5), doc("b", 2021, 1, 0)])).toEqual([]);
    expect(crossYearFindings([doc("a", 2019, 0, 5), doc("b", 2020, 1, 0)]).map((f) => f.rule)).toEqual(["cross_year.carryover[total]"]);
  });
});
