/**
 * Table 2 has no arithmetic, so a run-on row (`行政处罚1322-4037922`) splits many ways. What the
 * columns mean still rules some splits out: a signed number (-40) is a 本年增/减, never a count; a
 * 对外公开总数量 counts the year's 本年新公开数量; 上一年项目数量 + 本年增/减 is not negative. Random rows
 * of the 2019 table 2, glued as a crawler glues them, are split with these bounds: no reading breaks
 * them, the printed reading is always among those left, and far fewer are left than the digits allow.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../tools/generate/rng.js";
import { linesToItems } from "../src/layout/items.js";
import { rowAlternatives } from "../src/match/row-alternatives.js";
import type { ValueItem } from "../src/match/runs.js";
import { rowBounds, rowSigned } from "../src/match/shape.js";
import { TEMPLATES } from "../src/templates/index.js";

const T2 = TEMPLATES.find((t) => t.id === "gov-info-2019")!.tables.find((t) => t.id === "t2")!;

function runOnRow(text: string): ValueItem[] {
  const items = linesToItems([{ page: 1, line: 1, text, tokens: [{ text, page: 1, line: 1, column: 0, source: "text" }], blankBefore: 0 }], { separatorsLost: true });
  return items.filter((it): it is ValueItem & typeof it => it.kind === "num");
}

function shapeOf(columns: string[]) {
  return {
    ncols: columns.length,
    sums: [],
    bounds: rowBounds(T2, columns),
    signed: rowSigned(T2, columns),
  };
}

describe("bounds of table 2's columns on run-on rows", () => {
  it("put a signed number only under 本年增/减 and keep 上一年项目数量 + 本年增/减 ≥ 0", () => {
    const columns = ["prev_count", "change", "decisions"];
    const rng = new Rng(31);
    let withBounds = 0;
    let without = 0;
    for (let i = 0; i < 300; i++) {
      const prev = rng.int(1, 2000);
      const change = -rng.int(1, Math.min(prev, 99));
      const decisions = rng.int(0, 50_000);
      const readings = rowAlternatives(runOnRow(`行政处罚${prev}${change}${decisions}`), shapeOf(columns));
      expect(readings.length).toBeGreaterThan(0);
      for (const cells of readings) {
        expect(cells[0]!.value! + cells[1]!.value!).toBeGreaterThanOrEqual(0);
        cells.forEach((c, j) => j !== 1 && expect(c.raw).not.toMatch(/^[+-]/));
      }
      const values = readings.map((cells) => cells.map((c) => c.value));
      expect(values).toContainEqual([prev, change, decisions]);
      withBounds += readings.length;
      without += rowAlternatives(runOnRow(`行政处罚${prev}${change}${decisions}`), { ncols: 3, sums: [] }).length;
    }
    // The sign marks where 本年增/减 begins and the bound rules out a negative 上一年 + 增/减: far fewer
    // readings are left for review than the digits alone allow.
    expect(withBounds).toBeLessThan(without / 2);
  });

  it("never read a 对外公开总数量 smaller than the year's 本年新公开数量", () => {
    const columns = ["new_made", "new_published", "total_published"];
    const rng = new Rng(32);
    for (let i = 0; i < 300; i++) {
      const made = rng.int(0, 99);
      const published = rng.int(0, made);
      const total = published + rng.int(0, 900);
      const readings = rowAlternatives(runOnRow(`规范性文件${made}${published}${total}`), shapeOf(columns));
      expect(readings.map((cells) => cells.map((c) => c.value))).toContainEqual([made, published, total]);
      for (const cells of readings) expect(cells[2]!.value!).toBeGreaterThanOrEqual(cells[1]!.value!);
    }
  });

  it("show first, of the splits the rules leave, one whose 本年增/减 has at most two digits", () => {
    const columns = ["prev_count", "change", "decisions"];
    const rng = new Rng(33);
    let firstRight = 0;
    let firstRightWithoutPrior = 0;
    const rows = 300;
    for (let i = 0; i < rows; i++) {
      const prev = rng.int(1, 2000);
      const change = rng.int(1, 60);
      const decisions = rng.int(1, 50_000);
      const row = runOnRow(`行政许可${prev}${change}${decisions}`);
      const readings = rowAlternatives(row, shapeOf(columns));
      expect(readings.map((cells) => cells.map((c) => c.value))).toContainEqual([prev, change, decisions]);
      if (readings[0]!.map((c) => c.value).join() === [prev, change, decisions].join()) firstRight++;
      // The same row without knowing which column is the change (no prior on its size).
      const plain = rowAlternatives(row, { ...shapeOf(columns), signed: undefined });
      if (plain[0]!.map((c) => c.value).join() === [prev, change, decisions].join()) firstRightWithoutPrior++;
    }
    // The rules cannot choose among these splits; a small change puts the printed one first far more often.
    expect(firstRight).toBeGreaterThan(firstRightWithoutPrior * 1.5);
  });

  it("in reading-order text, guess a row's one lost cell where a blank is likeliest: 本年增/减, else the middle of three", () => {
    const T2_2021 = TEMPLATES.find((t) => t.id === "gov-info-2021")!.tables.find((t) => t.id === "t2")!;
    const oneALine = (values: number[]): ValueItem[] =>
      values.map((value, i) => ({ kind: "num", value, raw: String(value), normalized: false, glued: false, page: 1, line: 10 + i, column: 0, gapBefore: 1, lineStart: true, pageBreakBefore: false, x: { start: 0, end: String(value).length } }) as ValueItem);
    const rng = new Rng(34);
    for (let i = 0; i < 100; i++) {
      // 现行有效 counts at least the year's 制发 (a bound that outranks this guess).
      const a = rng.int(1, 500);
      const b = a + rng.int(0, 500);
      // 2021 规章: 本年制发件数 | 本年废止件数 | 现行有效件数, two printed.
      const cols2021 = ["issued", "repealed", "in_force"];
      const first2021 = rowAlternatives(oneALine([a, b]), { ncols: 3, sums: [], bounds: rowBounds(T2_2021, cols2021), signed: rowSigned(T2_2021, cols2021) })[0]!;
      expect(first2021.map((c) => (c.unknown ? null : c.value))).toEqual([a, null, b]);
      // 2019 行政许可: 上一年项目数量 | 本年增/减 | 处理决定数量.
      const first2019 = rowAlternatives(oneALine([a, b]), shapeOf(["prev_count", "change", "decisions"]))[0]!;
      expect(first2019.map((c) => (c.unknown ? null : c.value))).toEqual([a, null, b]);
      // On one line of space-aligned text the positions decide, not this guess.
      const sameLine = oneALine([a, b]).map((it, k) => ({ ...it, line: 10, x: { start: 10 * k, end: 10 * k + it.raw.length } }));
      expect(rowAlternatives(sameLine, shapeOf(["prev_count", "change", "decisions"])).length).toBeGreaterThan(0);
    }
  });
});

