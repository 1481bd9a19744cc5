/**
 * A new table is a data file (issue 15): tests/fixtures/table-as-data/toy-new-media.json adds a
 * table t5 (政务新媒体情况: one row under a header, single_row, with one sum rule) in a section 七 of
 * its own, and pipeline.json selects it beside the built-in templates. No code knows of t5: the
 * real command line reads it from a report text, checks its sum, and leaves the other tables as they
 * were. A template file that is not one stops the command, naming the file and the problem.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportRecord } from "../src/model/index.js";
import { buildCodebook } from "../src/pipeline/codebook.js";
import { correctionProblem } from "../src/pipeline/correction-check.js";
import { rebuildTables } from "../src/pipeline/finalize.js";
import { PANEL_KEYS } from "../src/pipeline/panel.js";
import { ExportRebuilder } from "../src/review/exports.js";
import { ReviewStore } from "../src/review/store.js";
import { TemplateError, loadTemplateFile } from "../src/templates/index.js";
import { generateCorpus } from "../tools/generate/index.js";

const REPO = join(import.meta.dirname, "..");
const BIN = join(REPO, "bin", "nianbao.js");
const FIXTURES = join(REPO, "tests", "fixtures", "table-as-data");
/** A generated 2021-format report (tables 2–4, sections 一–六) that the toy section is appended to. */
const REPORT = join(REPO, "corpus", "generated", "syn00002_4b5a8c2b.txt");

/** Section 七 as a report would print it: the header, then one row of numbers (the last one the total). */
const toySection = (total: number): string => `   七、政务新媒体情况\n    政务微博    政务微信    其他平台    合计\n    2           3           4           ${total}\n`;

let root: string;
/** The fixtures copied to the test's folder (the template file is removed later: the output folder must not need it). */
let PIPELINE: string;
let withToy: Map<string, ReportRecord>;
let without: Map<string, ReportRecord>;

function extract(inputs: string[], out: string, pipeline?: string): { code: number | null; stderr: string } {
  const args = [BIN, "extract", ...inputs, "--out", out, "--quiet", ...(pipeline ? ["--pipeline", pipeline] : [])];
  const res = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", timeout: 120_000 });
  return { code: res.status, stderr: res.stderr };
}

/** The records of an output folder by input file name. */
function records(out: string): Map<string, ReportRecord> {
  const dir = join(out, "reports");
  const all = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as ReportRecord);
  return new Map(all.map((r) => [r.source.path.split("/").pop()!, r]));
}

/** A record without what t5 and its section 七 add to it (and without the run's timings). */
function withoutToy(r: ReportRecord): unknown {
  const { timings: _t, ...rest } = r;
  const { t5: _5, ...tables } = r.report.tables ?? {};
  const { new_media: _n, other_matters: _o, ...sections } = r.sections;
  return {
    ...rest,
    report: { ...r.report, tables },
    cells: r.cells.filter((c) => c.table !== "t5"),
    checks: r.checks.filter((c) => !c.rule.startsWith("t5.")),
    sections,
  };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "nianbao-table-as-data-"));
  mkdirSync(join(root, "tpl"));
  for (const f of ["pipeline.json", "toy-new-media.json"]) copyFileSync(join(FIXTURES, f), join(root, "tpl", f));
  PIPELINE = join(root, "tpl", "pipeline.json");
  const inputs = join(root, "inputs");
  mkdirSync(inputs);
  const report = readFileSync(REPORT, "utf8");
  writeFileSync(join(inputs, "holds.txt"), report + toySection(9));
  writeFileSync(join(inputs, "broken.txt"), report + toySection(10));
  expect(extract([inputs], join(root, "with"), PIPELINE).code).toBe(0);
  expect(extract([inputs], join(root, "without")).code).toBe(0);
  withToy = records(join(root, "with"));
  without = records(join(root, "without"));
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a table added as data only", () => {
  it("reads t5's cells under their keys, from the toy template", () => {
    const r = withToy.get("holds.txt")!;
    const t5 = r.cells.filter((c) => c.table === "t5").map((c) => [c.key, c.value, c.status, c.flags]);
    expect(t5).toEqual([
      ["t5.accounts.weibo", 2, "read", []],
      ["t5.accounts.wechat", 3, "read", []],
      ["t5.accounts.other_apps", 4, "read", []],
      ["t5.accounts.total", 9, "read", []],
    ]);
    expect(r.report.tables?.["t5"]).toBe("toy-new-media");
    expect(r.checks.filter((c) => c.rule.startsWith("t5."))).toEqual([
      { rule: "t5.accounts_total[accounts]", ok: true, expected: 9, actual: 9, keys: ["t5.accounts.weibo", "t5.accounts.wechat", "t5.accounts.other_apps", "t5.accounts.total"] },
    ]);
    expect(r.sections["new_media"]).toContain("政务微博");
  });

  it("flags a broken sum, with the rule's own description as its message", () => {
    const r = withToy.get("broken.txt")!;
    const check = r.checks.find((c) => c.rule === "t5.accounts_total[accounts]")!;
    expect(check).toMatchObject({ ok: false, expected: 9, actual: 10, message_zh: "合计等于政务微博、政务微信、其他平台之和（应为 9，实为 10）" });
    for (const c of r.cells.filter((x) => x.table === "t5")) {
      expect(c.flags).toContain("rule_failed");
      expect(c.needs_review).toBe(true);
    }
  });

  it("changes nothing else: without the toy template the same reports give the same record but t5", () => {
    for (const name of ["holds.txt", "broken.txt"]) {
      const plain = without.get(name)!;
      expect(plain.cells.some((c) => c.table === "t5")).toBe(false);
      // Without the toy template, section 七 is part of section 六.
      expect(plain.sections["other_matters"]).toContain("七、政务新媒体情况");
      expect(withoutToy(withToy.get(name)!)).toEqual(withoutToy(plain));
    }
  });
});

/** A CSV file's lines (BOM and CRLF taken off). */
const csvLines = (file: string): string[] => readFileSync(file, "utf8").replace(/^\ufeff/, "").split("\r\n").filter((l) => l !== "");
const T5_KEYS = [
  "t5.accounts.weibo,t5,accounts,weibo,账号数量｜政务微博,\"accounts | weibo\",count,count,toy-new-media",
  "t5.accounts.wechat,t5,accounts,wechat,账号数量｜政务微信,\"accounts | wechat\",count,count,toy-new-media",
  "t5.accounts.other_apps,t5,accounts,other_apps,账号数量｜其他平台,\"accounts | other_apps\",count,count,toy-new-media",
  "t5.accounts.total,t5,accounts,total,账号数量｜合计,\"accounts | total\",count,count,toy-new-media",
];

describe("the folder's tables with a table added as data", () => {
  const out = (): string => join(root, "with");
  const files = ["keys.csv", "panel.csv", "cells.csv", "datapackage.json"];
  const snapshot = (): Map<string, string> => new Map(files.map((f) => [f, readFileSync(join(out(), f), "utf8")]));

  it("keys.csv has t5's four keys with their labels, after the built-in templates' keys; panel.csv has their columns", () => {
    const keys = csvLines(join(out(), "keys.csv"));
    expect(keys.filter((l) => l.startsWith("t5."))).toEqual(T5_KEYS);
    // Every other line as without the toy template; t5's after table 4's, before the pre-2019 indicators.
    const plain = csvLines(join(root, "without", "keys.csv"));
    const firstLegacy = plain.findIndex((l) => l.startsWith("legacy."));
    expect(keys).toEqual([...plain.slice(0, firstLegacy), ...T5_KEYS, ...plain.slice(firstLegacy)]);
    const header = csvLines(join(out(), "panel.csv"))[0]!.split(",");
    expect(header).toEqual([...csvLines(join(root, "without", "panel.csv"))[0]!.split(","), "t5.accounts.weibo", "t5.accounts.wechat", "t5.accounts.other_apps", "t5.accounts.total"]);
    const pkg = JSON.parse(readFileSync(join(out(), "datapackage.json"), "utf8")) as { resources: { name: string; schema: { fields: { name: string; description: string }[] } }[] };
    const cells = pkg.resources.find((r) => r.name === "cells")!.schema.fields;
    expect(cells.find((f) => f.name === "table")!.description).toBe("Table: t2 (proactive disclosure), t3 (requests), t4 (reconsideration and litigation), t5 (政务新媒体情况), legacy.");
    expect(cells.find((f) => f.name === "template")!.description).toBe("Report template: gov-info-2021, gov-info-2019, toy-new-media or gov-info-legacy (pre-2019).");
  });

  it("templates.json holds the run's templates, the file's with its content", () => {
    const stored = JSON.parse(readFileSync(join(out(), "templates.json"), "utf8")) as { templates: Record<string, unknown>[] };
    expect(stored.templates.map((t) => t["id"])).toEqual(["gov-info-2021", "gov-info-2019", "toy-new-media"]);
    expect(stored.templates[2]).toMatchObject({ file: join(root, "tpl", "toy-new-media.json"), template: loadTemplateFile(join(root, "tpl", "toy-new-media.json")) });
  });

  it("a rebuild of the tables (rebuildTables, the review app's export) keeps t5, with the template file gone", async () => {
    const before = snapshot();
    rmSync(join(root, "tpl", "toy-new-media.json"));
    await rebuildTables(out());
    const strip = (m: Map<string, string>): Map<string, string> => new Map([...m].map(([f, t]) => [f, f === "datapackage.json" ? t.replace(/"created": "[^"]*"/, "") : t]));
    expect(strip(snapshot())).toEqual(strip(before));
    const exports = new ExportRebuilder(new ReviewStore(out()));
    exports.schedule();
    await exports.idle();
    expect(exports.lastError).toBeNull();
    expect(strip(snapshot())).toEqual(strip(before));
    expect(csvLines(join(out(), "keys.csv")).filter((l) => l.startsWith("t5."))).toEqual(T5_KEYS);
  }, 120_000);

  it("a re-run with the default templates keeps the records read with t5, and so its keys", () => {
    const before = readFileSync(join(out(), "keys.csv"), "utf8");
    expect(extract([join(root, "inputs")], out()).code).toBe(0);
    expect(readFileSync(join(out(), "keys.csv"), "utf8")).toBe(before);
    expect(records(out()).get("holds.txt")!.cells.filter((c) => c.table === "t5")).toHaveLength(4);
  }, 120_000);

  it("a run that adds the template to a folder read without it reads the unchanged inputs again", () => {
    const later = join(root, "later");
    expect(extract([join(root, "inputs")], later).code).toBe(0);
    expect(records(later).get("holds.txt")!.cells.some((c) => c.table === "t5")).toBe(false);
    expect(extract([join(root, "inputs")], later, join(FIXTURES, "pipeline.json")).code).toBe(0);
    expect(records(later).get("holds.txt")!.cells.filter((c) => c.table === "t5").map((c) => c.value)).toEqual([2, 3, 4, 9]);
    expect(csvLines(join(later, "keys.csv")).filter((l) => l.startsWith("t5."))).toEqual(T5_KEYS);
    // And again with the same templates: nothing to read.
    const res = spawnSync(process.execPath, [BIN, "extract", join(root, "inputs"), "--out", later, "--pipeline", join(FIXTURES, "pipeline.json")], { encoding: "utf8", timeout: 120_000 });
    expect(res.stdout).toMatch(/^0 read, 0 failed, 2 skipped/);
  }, 120_000);

  it("nianbao show --pipeline reads and heads t5 as extract does", () => {
    const res = spawnSync(process.execPath, [BIN, "show", join(root, "inputs", "holds.txt"), "--pipeline", join(FIXTURES, "pipeline.json")], { encoding: "utf8", timeout: 60_000 });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain("四、政府信息公开行政复议、行政诉讼情况 (t4)");
    expect(res.stdout).toMatch(/七、政务新媒体情况 \(t5\)\n +政务微博 +政务微信 +其他平台 +合计\n账号数量 +2 +3 +4 +9\n/);
    const plain = spawnSync(process.execPath, [BIN, "show", join(root, "inputs", "holds.txt")], { encoding: "utf8", timeout: 60_000 });
    expect(plain.stdout).not.toContain("(t5)");
  }, 120_000);
});

describe("a reviewer's correction of a file template's value", () => {
  it("is checked against the kind its template gives the column", () => {
    const toy = loadTemplateFile(join(FIXTURES, "toy-new-media.json"));
    const asAmount = { ...toy, tables: toy.tables.map((t) => ({ ...t, columns: t.columns.map((c) => (c.key === "weibo" ? { ...c, kind: "amount" as const } : c)) })) };
    expect(correctionProblem("t5.accounts.weibo", 1.5, [toy])).toMatch(/^1\.5 cannot be the value of t5\.accounts\.weibo: /);
    expect(correctionProblem("t5.accounts.weibo", 1.5, [asAmount])).toBeNull();
  });
});

describe("a folder written with the default templates", () => {
  it("gets the built-in keys.csv and panel.csv whether the templates are listed or not, and again when rebuilt from a folder without templates.json", async () => {
    const gen = join(root, "gen");
    await generateCorpus({ outDir: gen, count: 12, seed: 7 });
    const byDefault = join(root, "default");
    const listed = join(root, "listed");
    expect(extract([join(gen, "inputs")], byDefault).code).toBe(0);
    // pipelines/default.json writes the built-in templates out.
    expect(extract([join(gen, "inputs")], listed, "default").code).toBe(0);
    const read = (dir: string, f: string): string => readFileSync(join(dir, f), "utf8");
    for (const f of ["keys.csv", "panel.csv", "cells.csv"]) expect(read(listed, f), f).toBe(read(byDefault, f));
    // The keys and columns of the built-in templates, as before templates were stored.
    expect(csvLines(join(byDefault, "keys.csv")).slice(1).map((l) => l.split(",")[0])).toEqual(buildCodebook().map((e) => e.key));
    expect(csvLines(join(byDefault, "panel.csv"))[0]!.split(",").slice(7)).toEqual([...PANEL_KEYS]);
    expect(csvLines(join(byDefault, "panel.csv")).length).toBeGreaterThan(1);
    // A folder written before templates.json existed is rebuilt with the built-in templates.
    const keys = read(byDefault, "keys.csv");
    const panel = read(byDefault, "panel.csv");
    rmSync(join(byDefault, "templates.json"));
    await rebuildTables(byDefault);
    expect(read(byDefault, "keys.csv")).toBe(keys);
    expect(read(byDefault, "panel.csv")).toBe(panel);
  }, 240_000);
});

describe("a template file that is not one", () => {
  const bad = (template: unknown): { code: number | null; stderr: string; file: string } => {
    const file = join(root, `bad-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(template));
    const pipeline = join(root, `pipeline-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(pipeline, JSON.stringify({ templates: ["gov-info-2021", file] }));
    return { ...extract([REPORT], join(root, "never"), pipeline), file };
  };
  const toy = (): Record<string, unknown> & { tables: Record<string, unknown>[] } => JSON.parse(readFileSync(join(FIXTURES, "toy-new-media.json"), "utf8"));

  it("stops the command before anything is written, naming the file and the field", () => {
    const t = toy();
    t.tables[0]!["layout"] = "spiral";
    const res = bad(t);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`error: template ${res.file}: tables.0.layout: Invalid option: expected one of "grid"|"blocks"|"single_row"`);
    expect(() => readdirSync(join(root, "never"))).toThrow();
  });

  it("names a section or a rule key the template does not have", () => {
    const t = toy();
    t.tables[0]!["section"] = "nowhere";
    (t.tables[0]!["rules"] as { rhs: string[] }[])[0]!.rhs = ["totl"];
    const file = join(root, "keys.json");
    writeFileSync(file, JSON.stringify(t));
    let err: unknown;
    try {
      loadTemplateFile(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as Error).message).toBe(
      `template ${file}: tables.0.rules.0: "totl" is not a column key of table t5; tables.0.section: "nowhere" is not a key of this template's sections (new_media)`,
    );
  });

  it("is not JSON: says so", () => {
    const file = join(root, "not.json");
    writeFileSync(file, "{ id: ");
    expect(() => loadTemplateFile(file)).toThrow(new RegExp(`^template ${file}: not valid JSON`));
  });
});
