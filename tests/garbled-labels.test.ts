/**
 * A row label OCR turned into garbage (一、本年新收政府信息公开申请数量 read as "aaaoqom", a generated
 * blank-zero scan): the fuzzy search for it landed on the next row's label, 二、上年结转政府信息公开申请数量,
 * which that row had found exactly, and the garbled row was read blank with nothing flagged. One
 * printed label is one row's: the weaker hit is dropped. Generated reports (both formats, tab and
 * layout text, zeros printed blank) with one of table 3's two first row labels replaced by garbage.
 */
import { describe, expect, it } from "vitest";
import { extractFromBytes } from "../src/pipeline/run-document.js";
import { generateReport } from "../tools/generate/index.js";
import { Rng } from "../tools/generate/rng.js";

const LABELS = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"];
const GARBAGE = "aeoqmnuwcrsz";

describe("a table 3 row label read as garbage", () => {
  it("is not taken to be the next row's label: every cell equals the gold or is flagged (80 reports)", () => {
    const silent: string[] = [];
    let garbled = 0;
    for (let i = 0; i < 80; i++) {
      const rng = new Rng(8800 + i);
      // Zeros printed blank, as in the scan: a row of blanks after the garbled one.
      const report = generateReport(rng, { index: i, formats: ["2021", "2019", "hybrid"], damage: ["blank_cells"], damageRate: 1, style: rng.pick(["tab", "layout"] as const) });
      const label = rng.pick(LABELS);
      if (!report.text.includes(label)) continue;
      const junk = Array.from({ length: rng.int(5, 9) }, () => rng.pick([...GARBAGE])).join("");
      const text = report.text.replace(label, junk);
      garbled++;
      const record = extractFromBytes(`${report.id}.txt`, Buffer.from(text));
      for (const cell of record.cells) {
        const want = report.gold.cells[cell.key];
        if (cell.value !== want && !cell.needs_review) silent.push(`${report.id} ${cell.key}: got ${cell.value}, gold ${want}`);
      }
    }
    expect(garbled).toBeGreaterThan(60);
    expect(silent).toEqual([]);
  });
});
