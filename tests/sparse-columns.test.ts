/**
 * A blank-zero table in space-aligned text whose numbers fill only some of its columns: the columns
 * found from the number clusters and, where they are evenly spaced, the header's words (pdftotext
 * -layout squeezes some headers: the middle words closer together than the numbers under them).
 * Every row of a table is placed by the same columns, and the guess is never called reliable.
 */
import { describe, expect, it } from "vitest";
import { pageColumnAnchors } from "../src/match/positions.js";
import { rowAlternatives } from "../src/match/row-alternatives.js";
import { spreadToRow } from "../src/match/positions.js";
import { flatShape, rowShape } from "../src/match/shape.js";
import { getTable } from "../src/templates/index.js";
import type { NumberItem } from "../src/model/index.js";
import { Rng } from "../tools/generate/index.js";

const NCOLS = 7; // table 3: six applicant columns and 总计

function num(value: number, centre: number, line: number): NumberItem {
  const raw = String(value);
  const start = Math.round(centre - raw.length / 2);
  return { kind: "num", value, raw, normalized: false, glued: false, page: 1, line, column: start, gapBefore: 0, lineStart: false, pageBreakBefore: false, x: { start, end: start + raw.length } };
}

/**
 * Random rows over a random set of used applicant columns, each row with its 总计, and the header's
 * words as pdftotext -layout sets them: in place (evenly spaced, a character off at most) or
 * squeezed (ends in place, the middle words pulled towards the first).
 */
function sparseTable(rng: Rng, squeezed: boolean): { rows: NumberItem[][]; used: number[]; centres: number[]; header: number[] } {
  const step = rng.int(5, 9);
  const left = rng.int(30, 45);
  const centres = Array.from({ length: NCOLS }, (_, j) => left + step * j);
  const k = rng.int(1, 3);
  const used = [...new Set(Array.from({ length: k }, () => rng.int(0, NCOLS - 2)))].sort((a, b) => a - b);
  const rows: NumberItem[][] = [];
  for (let line = 0; line < rng.int(3, 8); line++) {
    const values = used.map(() => rng.int(1, 400));
    const total = values.reduce((a, b) => a + b, 0);
    rows.push([...used.map((c, i) => num(values[i]!, centres[c]!, line)), num(total, centres[NCOLS - 1]!, line)]);
  }
  const squeeze = 0.4 + rng.next() * 0.3;
  const header = centres.map((x, j) => (!squeezed ? x + rng.int(-1, 1) : j === NCOLS - 1 ? x : left + (x - left) * squeeze));
  return { rows, used: [...used, NCOLS - 1], centres, header };
}

/** Each number's nearest anchor. */
function nearestColumns(row: readonly NumberItem[], centres: readonly number[]): number[] {
  return row.map((it) => {
    const c = (it.x!.start + it.x!.end) / 2;
    return centres.reduce((best, a, j) => (Math.abs(a - c) < Math.abs(centres[best]! - c) ? j : best), 0);
  });
}

describe("columns of a table whose numbers fill only some of them", () => {
  it("puts every cluster under the column its header word stands over, as a guess", () => {
    let right = 0;
    const cases = 300;
    for (let seed = 1; seed <= cases; seed++) {
      const { rows, used, header } = sparseTable(new Rng(seed), false);
      const anchors = pageColumnAnchors(rows, NCOLS, { centres: header, page: 1 }, NCOLS - 1)(1);
      expect(anchors).toBeDefined();
      expect(anchors!.reliable).toBe(false);
      if (nearestColumns(rows[0]!, anchors!.centres).join() === used.join()) right++;
    }
    expect(right / cases).toBeGreaterThan(0.95);
  });

  it("with a squeezed header, places every row the same way, in order, totals under 总计", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { rows, header } = sparseTable(new Rng(seed), true);
      const anchors = pageColumnAnchors(rows, NCOLS, { centres: header, page: 1 }, NCOLS - 1)(1);
      expect(anchors!.reliable).toBe(false);
      const placed = rows.map((r) => nearestColumns(r, anchors!.centres).join());
      expect(new Set(placed).size).toBe(1);
      const columns = placed[0]!.split(",").map(Number);
      columns.forEach((c, i) => i > 0 && expect(c).toBeGreaterThan(columns[i - 1]!));
      expect(columns[columns.length - 1]).toBe(NCOLS - 1);
    }
  });

  it("uses a header's spread on its own page only (pdftotext -layout scales each page apart)", () => {
    let cases = 0;
    for (let seed = 1; cases < 100; seed++) {
      const { rows, used, header } = sparseTable(new Rng(seed), false);
      // One applicant column and 总计: two clusters, too few to fit the header's scale to.
      if (used.length !== 2 || used[0] === 0) continue;
      cases++;
      const onPage2 = rows.map((r) => r.map((it) => ({ ...it, page: 2 })));
      const elsewhere = pageColumnAnchors(onPage2, NCOLS, { centres: header, page: 1 }, NCOLS - 1)(2)!;
      const noHeader = pageColumnAnchors(onPage2, NCOLS, null, NCOLS - 1)(2)!;
      expect(elsewhere.centres).toEqual(noHeader.centres);
      // On its own page the header puts the cluster under its column; elsewhere it is a guess.
      const here = pageColumnAnchors(rows, NCOLS, { centres: header, page: 1 }, NCOLS - 1)(1)!;
      expect(nearestColumns(rows[0]!, here.centres)).toEqual(used);
    }
  });

  it("puts a later page's clusters under the columns their counterparts use on the first page, however squeezed", () => {
    let cases = 0;
    for (let seed = 1; cases < 100; seed++) {
      const rng = new Rng(seed);
      const { rows, used, header } = sparseTable(rng, false);
      // The second page's columns set far closer together (pdftotext -layout: a 40-character span in 6).
      const scale = 0.1 + rng.next() * 0.4;
      const shift = rng.int(-10, 10);
      const page2 = rows.map((r, line) => r.map((it) => num(it.value, ((it.x!.start + it.x!.end) / 2) * scale + shift, 100 + line))).map((r) => r.map((it) => ({ ...it, page: 2 })));
      // Clusters that stay apart after the squeeze.
      const centres2 = page2[0]!.map((it) => (it.x!.start + it.x!.end) / 2);
      if (centres2.some((c, i) => i > 0 && c - centres2[i - 1]! <= 4)) continue;
      cases++;
      const anchorsOn = pageColumnAnchors([...rows, ...page2], NCOLS, { centres: header, page: 1 }, NCOLS - 1);
      expect(nearestColumns(rows[0]!, anchorsOn(1)!.centres)).toEqual(used);
      expect(nearestColumns(page2[0]!, anchorsOn(2)!.centres)).toEqual(used);
      expect(anchorsOn(2)!.reliable).toBe(false);
    }
  });

  it("allows for numbers set a few characters off their header words, the same way in every column", () => {
    // Right-aligned numbers under centred header words: every cluster off its word by one shift
    // of less than half a column, which alone may make a cluster nearer the next column's word
    // (a blank-zero copy of js-huaian-shi_2024's pdftotext -layout text: 53 went under 科研机构).
    let right = 0;
    const cases = 300;
    for (let seed = 1; seed <= cases; seed++) {
      const rng = new Rng(seed);
      const step = rng.int(7, 10);
      const left = rng.int(30, 45);
      // 总计 narrower than the applicant columns, as printed: its word closer to 其他's.
      const header = Array.from({ length: NCOLS }, (_, j) => left + step * (j < NCOLS - 1 ? j : j - 0.4));
      const shift = step * (0.3 + 0.15 * rng.next());
      const used = [0, ...[1, 2, 3, 4, 5].filter(() => rng.next() < 0.4), NCOLS - 1];
      if (used.length < 3) used.splice(1, 0, rng.int(1, NCOLS - 2));
      const rows = Array.from({ length: rng.int(3, 8) }, (_, line) => {
        const values = used.slice(0, -1).map(() => rng.int(1, 400));
        return [...values, values.reduce((a, b) => a + b, 0)].map((v, i) => num(v, header[used[i]!]! + shift, line));
      });
      const anchors = pageColumnAnchors(rows, NCOLS, { centres: header, page: 1 }, NCOLS - 1)(1)!;
      if (rows.every((r) => nearestColumns(r, anchors.centres).join() === used.join())) right++;
    }
    expect(right / cases).toBeGreaterThan(0.97);
  });

  it("puts the cluster of row totals under 总计", () => {
    for (let seed = 1; seed <= 100; seed++) {
      const { rows, header } = sparseTable(new Rng(seed), seed % 2 === 0);
      const anchors = pageColumnAnchors(rows, NCOLS, { centres: header, page: 1 }, NCOLS - 1)(1)!;
      const totals = rows.map((r) => r[r.length - 1]!);
      for (const t of totals) {
        const c = (t.x!.start + t.x!.end) / 2;
        const nearest = anchors.centres.reduce((best, a, j) => (Math.abs(a - c) < Math.abs(anchors.centres[best]! - c) ? j : best), 0);
        expect(nearest).toBe(NCOLS - 1);
      }
    }
  });
});

describe("columns found from the numbers alone, when the header's words cannot be used", () => {
  /** Rows of 自然人 (column 0), one middle column and 总计, under a header squeezed out of even spacing. */
  function firstMiddleTotal(rng: Rng, lowest = 2): { rows: NumberItem[][]; used: number[]; header: number[] } {
    const step = rng.int(5, 9);
    const left = rng.int(30, 45);
    const centres = Array.from({ length: NCOLS }, (_, j) => left + step * j);
    const used = [0, rng.int(lowest, NCOLS - 2), NCOLS - 1];
    const rows = Array.from({ length: rng.int(3, 8) }, (_, line) => {
      const a = rng.int(1, 400);
      const b = rng.int(1, 400);
      return [num(a, centres[0]!, line), num(b, centres[used[1]!]!, line), num(a + b, centres[NCOLS - 1]!, line)];
    });
    const squeeze = 0.4 + rng.next() * 0.2;
    const header = centres.map((x, j) => (j === NCOLS - 1 ? x : left + (x - left) * squeeze * (j % 2 ? 1 : 0.8)));
    return { rows, used, header };
  }

  it("spreads the columns evenly between the first cluster and the totals' (a table's columns are of one width)", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const { rows, used, header } = firstMiddleTotal(new Rng(seed));
      const anchors = pageColumnAnchors(rows, NCOLS, { centres: header, page: 1 }, NCOLS - 1)(1)!;
      expect(anchors.reliable).toBe(false);
      for (const r of rows) expect(nearestColumns(r, anchors.centres)).toEqual(used);
    }
  });

  it("does not make a column of a number that a wrapped label pushed right up against it", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rng = new Rng(seed);
      const { rows, used, header } = firstMiddleTotal(rng, 1);
      // One more row whose middle number a label pushed left: it stands one space after the label,
      // between its column and the one before (a cluster there would take a column of its own).
      const line = rows.length;
      const a = rng.int(1, 400);
      const b = rng.int(1, 400);
      const [first, middle, total] = rows[0]!.map((it) => (it.x!.start + it.x!.end) / 2);
      const step = (total! - first!) / (NCOLS - 1);
      const pushed = num(b, middle! - step * (0.4 + 0.2 * rng.next()), line);
      pushed.crowded = true;
      const anchors = pageColumnAnchors([...rows, [num(a, first!, line), pushed, num(a + b, total!, line)]], NCOLS, { centres: header, page: 1 }, NCOLS - 1)(1)!;
      for (const r of rows) expect(nearestColumns(r, anchors.centres)).toEqual(used);
    }
  });
});

describe("table 4's one row of a blank-zero table in space-aligned text", () => {
  const t4 = getTable("gov-info-2021", "t4");
  const shape = { ...flatShape(rowShape(t4, t4.columns.map((c) => c.key)), t4.rows.length), zerosBlank: true };
  const width = shape.ncols;

  /** Three groups of four parts and a total, a random few non-zero; zeros printed blank. */
  function blankRow(rng: Rng): (number | null)[] {
    const row: (number | null)[] = [];
    for (let g = 0; g < 3; g++) {
      const parts = Array.from({ length: 4 }, () => (rng.chance(0.4) ? rng.int(1, 60) : 0));
      const total = parts.reduce((a, b) => a + b, 0);
      row.push(...parts.map((p) => (p === 0 ? null : p)), total === 0 ? null : total);
    }
    return row;
  }

  it("reads every cell right or flags it, and the nearest placement first", () => {
    let rows = 0;
    let exact = 0;
    for (let seed = 1; rows < 300; seed++) {
      const rng = new Rng(seed);
      const truth = blankRow(rng);
      const printedAt = truth.flatMap((v, j) => (v === null ? [] : [j]));
      if (printedAt.length === 0 || printedAt.length === width) continue;
      rows++;
      // Columns 5 apart; the header words a guess, squeezed towards the first column.
      const centres = Array.from({ length: width }, (_, j) => 10 + 5 * j);
      const squeeze = 0.6 + rng.next() * 0.4;
      const header = centres.map((x) => 10 + (x - 10) * squeeze);
      const printed = printedAt.map((j) => num(truth[j]!, centres[j]! + rng.int(-1, 1), 7));
      const readings = rowAlternatives(printed, shape, { centres: header, reliable: false });
      expect(readings.length).toBeGreaterThan(0);
      const first = readings[0]!;
      first.forEach((cell, j) => {
        if (cell.value !== truth[j]) expect(cell.flags).toContain("ambiguous");
      });
      if (first.every((cell, j) => cell.value === truth[j])) exact++;
    }
    expect(exact / rows).toBeGreaterThan(0.5);
  });
});

describe("table 2's three-column rows with two numbers in space-aligned text", () => {
  it("tells the first and last column from a neighbouring pair by the numbers' distance against the header's spacing", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rng = new Rng(seed);
      // The header's long words squeezed: the numbers' columns 1 to 1.3 times as far apart.
      const step = rng.int(8, 18);
      const header = [20, 20 + step, 20 + 2 * step].map((x) => x + rng.int(-1, 1));
      const numberStep = step * (1 + rng.next() * 0.3);
      const left = 20 + rng.int(-6, 6);
      const cols = [[0, 2], [0, 1], [1, 2]][seed % 3]!;
      const printed = cols.map((j) => num(rng.int(1, 900), left + numberStep * j, 3));
      const anchors = { centres: header, reliable: false };
      const spread = spreadToRow(printed, anchors)!;
      expect(spread.reliable).toBe(false);
      if (cols[1]! - cols[0]! === 2) expect(nearestColumns(printed, spread.centres)).toEqual([0, 2]);
      else expect(spread).toBe(anchors);
    }
  });
});
