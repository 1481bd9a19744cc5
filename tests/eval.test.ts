import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evaluate, formatEvalSummary, scorePair } from "../tools/eval/index.js";
import { generateReport, Rng } from "../tools/generate/index.js";
import { ReportRecordSchema, type ReportRecord } from "../src/model/index.js";

type CellSpec = { key: string; value: number | null; needs_review?: boolean };

function record(path: string, cells: CellSpec[]): ReportRecord {
  return {
    schema: "nianbao.report/1",
    source: { path, sha256: "0".repeat(64), kind: "text", pages: 1 },
    report: { agency: null, year: null, template: null, title: null, tables: {} },
    cells: cells.map((c) => {
      const [table = "", ...rest] = c.key.split(".");
      return {
        key: c.key,
        table,
        row: rest.slice(0, -1).join("."),
        column: rest[rest.length - 1] ?? "",
        label_zh: "",
        value: c.value,
        raw: String(c.value ?? ""),
        confidence: c.needs_review ? 0.4 : 0.99,
        status: "read" as const,
        flags: [],
        needs_review: c.needs_review ?? false,
        source: { page: 0, line: 0 },
      };
    }),
    checks: [],
    unmapped: [],
    sections: {},
    timings: {},
    warnings: [],
    nianbao_version: "test",
  };
}

let root = "";
let goldDir = "";
let outDir = "";

async function put(dir: string, name: string, data: unknown): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, name), JSON.stringify(data), "utf8");
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-eval-"));
  goldDir = join(root, "gold");
  outDir = join(root, "out");
  await mkdir(goldDir, { recursive: true });
  await mkdir(join(outDir, "reports"), { recursive: true });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("scorePair", () => {
  it("classifies exact, silent, false alarm, flagged-wrong and missing cells", () => {
    const gold = { cells: { "t2.a.x": 1, "t3.b.y": 2, "t3.c.z": null, "t4.d.w": 5, "t3.e.v": 7, "t3.f.u": 0.1 + 0.2 } };
    const { outcomes, extra } = scorePair(gold, [
      { key: "t2.a.x", value: 1, needs_review: false },
      { key: "t3.b.y", value: 3, needs_review: false },
      { key: "t3.c.z", value: null, needs_review: true },
      { key: "t3.e.v", value: 8, needs_review: true },
      { key: "t3.f.u", value: 0.3, needs_review: false },
      { key: "t9.extra.k", value: 1, needs_review: false },
    ]);
    const by = Object.fromEntries(outcomes.map((o) => [o.key, o]));
    expect(by["t2.a.x"]).toMatchObject({ exact: true, silent: false, false_alarm: false });
    expect(by["t3.b.y"]).toMatchObject({ exact: false, silent: true, flagged_wrong: false });
    expect(by["t3.c.z"]).toMatchObject({ exact: true, false_alarm: true, silent: false });
    expect(by["t4.d.w"]).toMatchObject({ exact: false, silent: true, missing: true });
    expect(by["t3.e.v"]).toMatchObject({ exact: false, silent: false, flagged_wrong: true });
    expect(by["t3.f.u"]?.exact).toBe(true); // 1e-9 tolerance
    expect(extra).toEqual(["t9.extra.k"]);
  });

  it("does not take 0 for a blank (null) gold cell", () => {
    const { outcomes } = scorePair({ cells: { "t3.a.b": null } }, [{ key: "t3.a.b", value: 0, needs_review: false }]);
    expect(outcomes[0]).toMatchObject({ exact: false, silent: true });
  });
});

describe("evaluate", () => {
  it("matches records to gold files and aggregates per table, damage kind and document", async () => {
    await put(goldDir, "a.json", {
      agency: "甲",
      year: 2023,
      format: "2021",
      cells: { "t2.rules.issued": 1, "t3.granted.total": 2, "t3.denied.state_secret.total": null, "t4.review.total": 5 },
      damage: { "t3.granted.total": ["lost_cells"], "t3.denied.state_secret.total": ["blank_cells", "split_labels"] },
    });
    await put(goldDir, "b.json", { cells: { "t3.total.total": 4 }, applies_to_raw_files: ["b.pdf", "b.pdftotext-raw.txt"] });
    await put(goldDir, "c.json", { cells: { "t3.total.total": 1, "t4.review.total": 0 } });
    await put(goldDir, "e.json", { cells: { "t2.fees.amount": 7730.28 } });
    const reports = join(outDir, "reports");
    await put(reports, "a.json", record("/in/a.txt", [
      { key: "t2.rules.issued", value: 1 },
      { key: "t3.granted.total", value: 3 },
      { key: "t3.denied.state_secret.total", value: null, needs_review: true },
      { key: "t9.extra.cell", value: 0 },
    ]));
    await put(reports, "b-raw.json", record("/in/b.pdftotext-raw.txt", [{ key: "t3.total.total", value: 5, needs_review: true }]));
    await put(reports, "d.json", record("/in/d.txt", [{ key: "t3.total.total", value: 1 }]));
    await put(reports, "e-layout.json", record("/in/e.pdftotext-layout.txt", [{ key: "t2.fees.amount", value: 7730.28 }]));
    expect(ReportRecordSchema.safeParse(record("x", [{ key: "t2.a.b", value: 1 }])).success).toBe(true);

    const report = await evaluate({ goldDir, outDir });

    expect(report.documents).toMatchObject({ matched: 3, gold_files: 4, records: 4, unmatched_gold_cells: 2 });
    expect(report.documents.unmatched_gold).toEqual([join(goldDir, "c.json")]);
    expect(report.documents.unmatched_records).toEqual([join(reports, "d.json")]);
    expect(report.overall).toEqual({ cells: 6, exact: 3, silent: 2, flagged_wrong: 1, false_alarm: 1, missing: 1 });
    expect(report.by_table.t3).toEqual({ cells: 3, exact: 1, silent: 1, flagged_wrong: 1, false_alarm: 1, missing: 0 });
    expect(report.by_table.t4).toMatchObject({ cells: 1, silent: 1, missing: 1 });
    expect(report.by_damage.lost_cells).toMatchObject({ cells: 1, silent: 1 });
    expect(report.by_damage.blank_cells).toMatchObject({ cells: 1, exact: 1, false_alarm: 1 });
    expect(report.by_damage.split_labels).toMatchObject({ cells: 1, exact: 1 });
    expect(report.by_damage.none).toMatchObject({ cells: 4, exact: 2 });
    expect(report.silent_errors).toEqual([
      { doc: "a.txt", key: "t3.granted.total", gold: 2, got: 3, missing: false },
      { doc: "a.txt", key: "t4.review.total", gold: 5, got: null, missing: true },
    ]);
    const a = report.by_document.find((d) => d.doc === "a.txt");
    expect(a).toMatchObject({ cells: 4, exact: 2, silent: 2, extra_cells: 1, gold: join(goldDir, "a.json") });
    expect(report.by_document.map((d) => d.doc).sort()).toEqual(["a.txt", "b.pdftotext-raw.txt", "e.pdftotext-layout.txt"]);

    // eval.json is written atomically: the final file parses and no temp file is left behind.
    const written = JSON.parse(await readFile(join(outDir, "eval.json"), "utf8")) as typeof report;
    expect(written.overall).toEqual(report.overall);
    expect((await readdir(outDir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("formats a compact summary with two-decimal percentages", async () => {
    await put(goldDir, "a.json", { cells: { "t3.a.b": 1, "t3.a.c": 2, "t3.a.d": 3 } });
    await put(join(outDir, "reports"), "a.json", record("a.txt", [
      { key: "t3.a.b", value: 1, needs_review: true },
      { key: "t3.a.c", value: 2 },
      { key: "t3.a.d", value: 4 },
    ]));
    const text = formatEvalSummary(await evaluate({ goldDir, outDir }));
    expect(text).toMatch(/overall\s+3\s+66\.67\s+1\s+0\s+50\.00/);
    expect(text).toContain("silent errors: 1");
    expect(text).toContain("t3.a.d  gold 3  got 4");
  });

  it("scores a record that misses schema fields, with a warning", async () => {
    await put(goldDir, "a.json", { cells: { "t3.a.b": 1 } });
    await put(join(outDir, "reports"), "a.json", { source: { path: "a.txt" }, cells: [{ key: "t3.a.b", value: 1, needs_review: false }] });
    const report = await evaluate({ goldDir, outDir });
    expect(report.overall.exact).toBe(1);
    expect(report.warnings.join("\n")).toMatch(/does not match the record schema/);
  });

  it("rejects an invalid gold file with its name", async () => {
    await put(goldDir, "bad.json", { cells: { "t3.a.b": "zero" } });
    await expect(evaluate({ goldDir, outDir })).rejects.toThrow(/bad\.json/);
  });

  it("gives 100% for a record that reproduces a generated gold file", async () => {
    const { id, gold } = generateReport(new Rng(3), { index: 3, formats: ["2019"], damage: ["blank_cells", "lost_cells"], damageRate: 1 });
    await put(goldDir, `${id}.json`, gold);
    const cells = Object.entries(gold.cells).map(([key, value]) => ({ key, value }));
    await put(join(outDir, "reports"), `${id}.json`, record(`/corpus/inputs/${id}.txt`, cells));
    const report = await evaluate({ goldDir, outDir });
    expect(report.overall.cells).toBe(Object.keys(gold.cells).length);
    expect(report.overall.exact).toBe(report.overall.cells);
    expect(report.silent_errors).toEqual([]);
    expect(report.by_damage.blank_cells?.cells).toBeGreaterThan(0);
  });
});
