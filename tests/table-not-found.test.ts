/**
 * A table of the report's template that is not found at all (a faint scan of a real PDF lost table
 * 2's heading and rows to OCR) was simply absent from the record: no cell, no warning, the report
 * `complete`. Its cells are now value_missing, for review, and a warning names the table: those of
 * the year's format, also where the report prints another table in the older one (the hybrid of
 * 洪泽区: a 2021 table 2 beside a 2019 table 3). Generated reports, both formats and the hybrid, with
 * one table's section cut out. Table 3, printed in two forms, is written with the rows of both.
 */
import { describe, expect, it } from "vitest";
import { extractFromBytes } from "../src/pipeline/run-document.js";
import { getTemplate, templateKeys } from "../src/templates/index.js";
import { generateReport } from "../tools/generate/index.js";
import { Rng } from "../tools/generate/rng.js";

const SECTIONS: Record<string, [RegExp, RegExp]> = {
  t2: [/二、\s*主动公开政府信息情况/, /三、\s*收到和处理政府信息公开申请情况/],
  t3: [/三、\s*收到和处理政府信息公开申请情况/, /四、\s*政府信息公开行政复议/],
  t4: [/四、\s*政府信息公开行政复议/, /五、\s*存在的主要问题/],
};

const BOTH_T3 = [...new Set(["gov-info-2019", "gov-info-2021"].flatMap((id) => templateKeys(getTemplate(id)).filter((k) => k.startsWith("t3."))))].sort();

describe("a table not found at all", () => {
  it.each(Object.keys(SECTIONS))("%s cut out of 30 generated reports: its cells are in the record, missing and for review, and a warning says so", (table) => {
    const [from, to] = SECTIONS[table]!;
    let cut = 0;
    for (let i = 0; i < 30; i++) {
      const report = generateReport(new Rng(7700 + i), { index: i, formats: ["2021", "2019", "hybrid"], damage: [], damageRate: 0, style: new Rng(i).pick(["tab", "layout"] as const) });
      const a = report.text.search(from);
      const b = report.text.search(to);
      if (a < 0 || b <= a) continue;
      cut++;
      const record = extractFromBytes(`${report.id}.txt`, Buffer.from(report.text.slice(0, a) + report.text.slice(b)));
      const lost = record.cells.filter((c) => c.table === table);
      const goldKeys = Object.keys(report.gold.cells).filter((k) => k.startsWith(`${table}.`));
      // Table 3 is printed in two forms (（六）其他处理 one row or three): which one is not known, so the rows of both are missing.
      const want = table === "t3" ? BOTH_T3 : goldKeys.sort();
      expect(lost.map((c) => c.key).sort()).toEqual(want);
      expect(goldKeys.every((k) => want.includes(k))).toBe(true);
      expect(lost.every((c) => c.value === null && c.needs_review && c.flags.includes("value_missing"))).toBe(true);
      expect(record.warnings.some((w) => w.includes(`table ${table.slice(1)} not found`))).toBe(true);
      // The other tables are read as before.
      const others = record.cells.filter((c) => c.table !== table && c.key in report.gold.cells);
      expect(others.filter((c) => c.value !== report.gold.cells[c.key] && !c.needs_review)).toEqual([]);
    }
    expect(cut).toBeGreaterThan(20);
  });
});
