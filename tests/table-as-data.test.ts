/**
 * A new table is a data file (issue 15): tests/fixtures/table-as-data/toy-new-media.json adds a
 * table t5 (政务新媒体情况: one row under a header, single_row, with one sum rule) in a section 七 of
 * its own, and pipeline.json selects it beside the built-in templates. No code knows of t5: the
 * real command line reads it from a report text, checks its sum, and leaves the other tables as they
 * were. A template file that is not one stops the command, naming the file and the problem.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportRecord } from "../src/model/index.js";
import { TemplateError, loadTemplateFile } from "../src/templates/index.js";

const REPO = join(import.meta.dirname, "..");
const BIN = join(REPO, "bin", "nianbao.js");
const FIXTURES = join(REPO, "tests", "fixtures", "table-as-data");
const PIPELINE = join(FIXTURES, "pipeline.json");
/** A generated 2021-format report (tables 2–4, sections 一–六) that the toy section is appended to. */
const REPORT = join(REPO, "corpus", "generated", "syn00002_4b5a8c2b.txt");

/** Section 七 as a report would print it: the header, then one row of numbers (the last one the total). */
const toySection = (total: number): string => `   七、政务新媒体情况\n    政务微博    政务微信    其他平台    合计\n    2           3           4           ${total}\n`;

let root: string;
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
