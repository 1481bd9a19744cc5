/**
 * The seed (金乡街道办事处 2021, scraped text, ../shared/seeds): every cell of tables 2–4 is 0, and the
 * 16 table-3 rows that printed 6 of their 7 numbers are marked inferred, not read.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { extractFromBytes } from "../src/pipeline/run-document.js";
import { getTemplate, templateKeys } from "../src/templates/index.js";
import type { ReportRecord } from "../src/model/index.js";

const SEED = fileURLToPath(new URL("../corpus/000_10edc68f72ccfcee.txt", import.meta.url));
let record: ReportRecord;

beforeAll(async () => {
  record = extractFromBytes(SEED, await readFile(SEED));
});

describe("seed report", () => {
  it("reads the metadata", () => {
    expect(record.report.agency).toBe("金乡街道办事处");
    expect(record.report.year).toBe(2021);
    expect(record.report.template).toBe("gov-info-2021");
    expect(record.report.tables).toEqual({ t2: "gov-info-2021", t3: "gov-info-2021", t4: "gov-info-2021" });
  });

  it("has every key of the 2021 template, each 0, none for review", () => {
    const keys = templateKeys(getTemplate("gov-info-2021"));
    expect(record.cells.map((c) => c.key)).toEqual(keys);
    for (const c of record.cells) {
      expect(c.value, c.key).toBe(0);
      expect(c.needs_review, c.key).toBe(false);
    }
  });

  it("marks every cell of a row that lost a number inferred, and the others read", () => {
    const t3 = record.cells.filter((c) => c.table === "t3");
    const rows = [...new Set(t3.map((c) => c.row))];
    const lossy = rows.filter((r) => t3.filter((c) => c.row === r).every((c) => c.status === "inferred"));
    const read = rows.filter((r) => t3.filter((c) => c.row === r).every((c) => c.status === "read"));
    // （一）,（二）,（四）2–3, （五）1–5, （六）1–3, （七）, 四 printed 6 numbers: the 14 rows TEMPLATES.md §6
    // enumerates (its count says 16; its list and the text give 14). The other 11 rows printed all 7.
    expect(lossy.sort()).toEqual(
      [
        "granted", "partially_granted", "unable.needs_creation", "unable.unclear_after_correction",
        "not_processed.complaint", "not_processed.repeated", "not_processed.publication", "not_processed.excessive",
        "not_processed.confirm_existing", "other.overdue_correction", "other.unpaid_fee", "other.other", "total",
        "carried_forward",
      ].sort(),
    );
    expect(lossy.length + read.length).toBe(25);
    for (const c of t3.filter((x) => lossy.includes(x.row))) expect(c.flags).toContain("cell_lost");
  });

  it("reads the misprinted header 本年度止件数 as 本年废止件数", () => {
    const c = record.cells.find((x) => x.key === "t2.rules.repealed")!;
    expect(c.status).toBe("read");
    expect(c.value).toBe(0);
  });

  it("passes every rule and keeps the prose of the six sections", () => {
    expect(record.checks.length).toBeGreaterThan(0);
    expect(record.checks.every((c) => c.ok)).toBe(true);
    expect(Object.keys(record.sections)).toEqual(["overview", "proactive", "requests", "review_litigation", "problems", "other_matters"]);
    expect(record.sections["problems"]).toContain("政策解读");
  });
});
