/**
 * Page furniture that interrupts a table (`- 3 -`, `第3页 共5页`, `3 / 5`) is dropped; a table row that
 * looks like a page number of pages (`4 / 1365`: 4, a blank printed `/`, 1365) is not, unless it
 * sits at a page's edge and its page is not past the count.
 */
import { describe, expect, it } from "vitest";
import { isPageFooter } from "../src/layout/footers.js";
import { extractFromBytes } from "../src/pipeline/run-document.js";

describe("isPageFooter", () => {
  it("takes page numbers of every form, and n / m only at a page's edge", () => {
    for (const t of ["- 3 -", "－12－", "第 3 页", "第3页 共5页", "第3页/共5页"]) {
      expect(isPageFooter(t, false), t).toBe(true);
      expect(isPageFooter(`   ${t}  `, true), t).toBe(true);
    }
    for (const t of ["3/5", "3 / 5", "12 / 12"]) {
      expect(isPageFooter(t, true), t).toBe(true);
      expect(isPageFooter(t, false), t).toBe(false);
    }
  });

  it("never takes a row of numbers for one: set wide apart, or its page past the count", () => {
    for (const t of ["4      /      1365", "4 / 1365", "9 / 3", "行政许可 4 / 13", "4 / 13 5"]) expect(isPageFooter(t, true), t).toBe(false);
  });
});

describe("a table 2 row printed 4 / 1365 in paged text", () => {
  const row = (label: string, cells: string): string => `${label.padEnd(12, "　")}${cells}`;
  const block = [
    "二、主动公开政府信息情况",
    "第二十条第（五）项",
    "信息内容      上一年项目数量      本年增/减      处理决定数量",
    row("行政许可", "     11        53        4"),
    "其他对外管理服务",
    "                  4 / 1365",
    "事项",
  ];
  const report = (between: string[]): string =>
    ["淮安市某局2020年政府信息公开工作年度报告", "一、总体情况", "本年度工作情况如下。", ...block, ...between, "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"].join("\n");

  it("is read as the row's cells, mid-page or with the page's own number at its foot", () => {
    for (const text of [report([]), report(["", "- 1 -", "\f第二十条第（六）项"]), `第一页\n\f${report([])}\n\f最后一页`]) {
      const record = extractFromBytes("report.txt", Buffer.from(text));
      const other = ["prev_count", "change", "decisions"].map((c) => record.cells.find((x) => x.key === `t2.other_services.${c}`)?.value);
      expect(other).toEqual([4, null, 1365]);
    }
  });
});
