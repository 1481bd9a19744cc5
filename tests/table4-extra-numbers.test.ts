/**
 * Table 4 with more numbers than its 15 cells. A harsh scan of the real 淮安市 2024 report read five
 * noise figures out of the header's cells before the data row; the first 15 numbers were kept, so
 * the row moved one group over: the 复议 group's 72 64 178 37 351 passed as 直接起诉's, whose totals
 * held as any group's do (10 silent errors). The rows among the numbers are now the runs of 15 whose
 * group totals hold; none holding, the first 15 go to review. Generated reports, noise before the
 * row (the scan) and after it (a stray figure, a second row: read as before).
 */
import { describe, expect, it } from "vitest";
import { extractFromBytes } from "../src/pipeline/run-document.js";
import { generateReport } from "../tools/generate/index.js";
import { Rng } from "../tools/generate/rng.js";

/** The report's text with a line of `noise` numbers before (or after) table 4's data row. */
function withNoise(text: string, noise: number[], before: boolean): string | null {
  const lines = text.split("\n");
  const heading = lines.findIndex((l) => /^四、\s*政府信息公开行政复议/.test(l));
  if (heading < 0) return null;
  const row = lines.findIndex((l, i) => i > heading && /^[\d\s]+$/.test(l) && l.trim().split(/\s+/).length === 15);
  if (row < 0) return null;
  lines.splice(before ? row : row + 1, 0, noise.join("\t"));
  return lines.join("\n");
}

describe("table 4 with more numbers than cells", () => {
  it.each([
    ["before the row (OCR noise from the header)", true],
    ["after the row (a stray figure)", false],
  ])("noise %s: every value of 60 generated reports right or flagged", (_, before) => {
    let shifted = 0;
    let exact = 0;
    let cells = 0;
    for (let i = 0; i < 60; i++) {
      const rng = new Rng(4400 + i);
      const report = generateReport(rng, { index: i, formats: ["2021", "2019"], damage: [], damageRate: 0, style: "tab" });
      // Five figures whose 总计 is not their parts' sum: no group of the table's.
      const noise = [rng.int(1, 40), rng.int(1, 40), rng.int(1, 40), rng.int(1, 40)];
      noise.push(noise.reduce((a, b) => a + b, 0) + rng.int(1, 9));
      const text = withNoise(report.text, noise, before);
      if (!text) continue;
      const record = extractFromBytes(`${report.id}.txt`, Buffer.from(text));
      const t4 = record.cells.filter((c) => c.table === "t4");
      expect(t4).toHaveLength(15);
      const gold = report.gold.cells;
      // Reports whose groups are not all equal: a row moved a group over would read other values.
      if (new Set([0, 1, 2].map((g) => t4.slice(g * 5, g * 5 + 5).map((c) => gold[c.key]).join())).size > 1) shifted++;
      expect(t4.filter((c) => c.value !== gold[c.key] && !c.needs_review).map((c) => `${report.id} ${c.key}: ${c.value}, gold ${gold[c.key]}`)).toEqual([]);
      exact += t4.filter((c) => c.value === gold[c.key]).length;
      cells += t4.length;
    }
    expect(shifted).toBeGreaterThan(20);
    // The row is found, not only flagged.
    expect(exact / cells).toBeGreaterThan(0.95);
  });
});
