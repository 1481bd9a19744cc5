/**
 * Pre-2019 reports (TEMPLATES.md §5): indicators by name and unit from a statistics table (with its
 * 本年 / 历年累计 or 代码 / 本期 / 本年累计 columns), from a table flattened into text, and from
 * sentences only — the latter always flagged from_text and sent to review.
 */
import { describe, expect, it } from "vitest";
import { generateLegacyReport, LEGACY_STYLES } from "../tools/generate/legacy/index.js";
import { Rng } from "../tools/generate/rng.js";
import { extractDocument } from "../src/pipeline/run-document.js";
import { ReportRecordSchema } from "../src/model/index.js";

const read = (text: string) => extractDocument("legacy.txt", Buffer.from(text));
const values = (cells: { key: string; value: number | null }[]) => Object.fromEntries(cells.map((c) => [c.key, c.value]));

describe("generated pre-2019 reports", () => {
  for (const style of LEGACY_STYLES) {
    it(`${style}: every stated indicator found, text-derived values flagged`, async () => {
      for (let i = 0; i < 4; i++) {
        const g = generateLegacyReport(Rng.forItem(42, i), { index: i, style });
        const rec = ReportRecordSchema.parse(await read(g.text));
        expect(rec.report).toMatchObject({ template: "gov-info-legacy", year: g.gold.year, agency: g.gold.agency });
        const got = values(rec.cells);
        for (const [k, v] of Object.entries(g.gold.cells)) expect(got[k], k).toBe(v);
        const fromText = rec.cells.filter((c) => c.flags.includes("from_text"));
        if (style === "narrative") expect(fromText).toHaveLength(rec.cells.length);
        else expect(fromText).toEqual([]);
        expect(fromText.every((c) => c.needs_review && c.confidence <= 0.6)).toBe(true);
      }
    });
  }
});

const PUTIAN = `莆田市某局2009年政府信息公开工作年度报告
本报告中所列数据的统计期限自2009年1月1日起至2009年12月31日止。
七、需要说明的事项与附表
指标名称\t计量单位\t2009年度\t历年累计
主动公开信息数\t条\t356\t1208
其中:1.政府网站\t条\t300\t1010
2.政府公报\t条\t12\t40
受理依申请公开信息总数\t件\t9\t31
其中:1.当面申请数\t件\t4\t15
2.传真申请数\t件\t0\t1
3.电子邮件申请数\t件\t2\t5
4.网上申请数\t件\t3\t8
5.信函申请数\t件\t0\t2
6.其它形式申请数\t件\t—\t0
本年度对申请的答复总数\t件\t9\t31
其中:1.同意公开答复数\t件\t7\t25
2.同意部分公开答复数\t件\t1\t3
3.否决公开答复总数\t件\t1\t3
行政复议数\t件\t0\t0
行政诉讼数\t件\t0\t0
行政申诉数\t件\t0\t1
`;

describe("statistics tables of real shapes", () => {
  it("莆田 2009: 指标名称 | 计量单位 | 2009年度 | 历年累计, 其中 sub-items, a blank cell", async () => {
    const rec = await read(PUTIAN);
    const v = values(rec.cells);
    expect(v).toMatchObject({
      "legacy.proactive.total": 356,
      "legacy.proactive.total_cumulative": 1208,
      "legacy.proactive.website": 300,
      "legacy.proactive.gazette": 12,
      "legacy.requests.received": 9,
      "legacy.requests.email": 2,
      "legacy.requests.other_form": null,
      "legacy.responses.total": 9,
      "legacy.responses.denied": 1,
      "legacy.review.total": 0,
      "legacy.litigation.total": 0,
      "legacy.appeals.total": 0,
      "legacy.appeals.total_cumulative": 1,
    });
    expect(rec.checks.find((c) => c.rule === "legacy.requests.channels")).toMatchObject({ ok: true, expected: 9, actual: 9 });
    expect(rec.cells.some((c) => c.flags.includes("from_text"))).toBe(false);
  });

  it("定西-style columns 代码 | 本期实际 | 本年累计: the code is no value, the year's total is", async () => {
    const text = `某县2011年政府信息公开工作年度报告\n附件3\n指标名称 计量单位 代码 本期实际 本年累计\n主动公开信息数 条 01 40 212\n申请总数 件 10 2 9\n行政复议数 件 32 0 1\n`;
    const v = values((await read(text)).cells);
    expect(v).toMatchObject({ "legacy.proactive.total": 212, "legacy.requests.received": 9, "legacy.review.total": 1 });
  });

  it("a sum that does not hold is a failed check and sends its cells to review", async () => {
    const text = `某局2016年政府信息公开工作年度报告\n统计指标\t单位\t统计数\n行政复议数量\t件\t3\n（一）维持具体行政行为数\t件\t1\n（二）被依法纠错数\t件\t0\n（三）其他情形数\t件\t1\n行政诉讼数量\t件\t1\n（一）维持具体行政行为或者驳回原告诉讼请求数\t件\t1\n（二）被依法纠错数\t件\t0\n（三）其他情形数\t件\t0\n`;
    const rec = await read(text);
    expect(rec.checks.find((c) => c.rule === "legacy.review.outcomes")).toMatchObject({ ok: false, expected: 3, actual: 2 });
    expect(rec.checks.find((c) => c.rule === "legacy.litigation.outcomes")).toMatchObject({ ok: true });
    expect(rec.cells.find((c) => c.key === "legacy.review.total")).toMatchObject({ needs_review: true, flags: ["rule_failed"] });
    // 被依法纠错数 is read under the group it is printed in.
    expect(values(rec.cells)).toMatchObject({ "legacy.review.corrected": 0, "legacy.litigation.upheld": 1, "legacy.litigation.corrected": 0 });
  });
});

describe("sentences", () => {
  it("共受理政府信息公开申请21件 and fees in 元: from_text, reviewed, converted to 万元", async () => {
    const text = `某镇人民政府2012年政府信息公开工作年度报告\n一、概述\n2012年，我镇主动公开政府信息1024条。\n二、依申请公开情况\n全年共受理政府信息公开申请21件，其中当面申请6件。\n三、收费情况\n全年收取检索、复制、邮寄等成本费用500元。\n四、行政复议和行政诉讼\n未发生因政府信息公开申请提起的行政复议案件。\n`;
    const rec = await read(text);
    expect(values(rec.cells)).toMatchObject({
      "legacy.proactive.total": 1024,
      "legacy.requests.received": 21,
      "legacy.requests.in_person": 6,
      "legacy.fees.amount": 0.05,
      "legacy.review.total": 0,
    });
    for (const c of rec.cells) expect(c).toMatchObject({ needs_review: true });
    expect(rec.cells.every((c) => c.flags.includes("from_text"))).toBe(true);
    expect(rec.cells.find((c) => c.key === "legacy.fees.amount")!.flags).toContain("unit_converted");
    expect(rec.warnings.join()).toMatch(/taken from sentences/);
  });

  it("a text with one stray figure is still not a report", async () => {
    await expect(read("通知\n本单位未发生行政复议。\n")).rejects.toMatchObject({ code: "not_a_report" });
  });
});
