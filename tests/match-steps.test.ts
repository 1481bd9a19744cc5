/**
 * The matcher's steps one at a time, on inputs built from the template and the generator with fixed
 * seeds: label normalization, section regions (also inline in a crawled page's one-line body),
 * label search with misprints, runs of numbers, their windows of labels, columns by position, digit
 * runs split by a row's sums, and figures stated in prose. The assertions are properties (a found
 * label scores at least the cut-off, every split keeps its sums, …), not outputs copied back.
 */
import { describe, expect, it } from "vitest";
import { DAMAGE_KINDS, Rng, generateReport } from "../tools/generate/index.js";
import { generatePageReport } from "../tools/generate/page/index.js";
import { textToPageModel } from "../src/ingest/text/index.js";
import { linesToItems } from "../src/layout/items.js";
import { findLabel, rowPatterns, tableText } from "../src/match/label-hits.js";
import { labelWindows } from "../src/match/label-windows.js";
import { narrativeSentences, statedFigures } from "../src/match/narrative.js";
import { labelCore, normalizeNumbering, normalizeText, numberingOf } from "../src/match/normalize.js";
import { columnAnchors, placeByPosition } from "../src/match/positions.js";
import { findSections, sectionRange, splitRunOnHeadings, templateSections } from "../src/match/regions.js";
import { rowAlternatives, type RowShape } from "../src/match/row-alternatives.js";
import { itemsToRuns, runReadings, type ValueItem } from "../src/match/runs.js";
import { similarity, toleranceFor } from "../src/match/similarity.js";
import type { PageLine } from "../src/model/index.js";
import { TEMPLATES, getTemplate } from "../src/templates/index.js";

const T2021 = getTemplate("gov-info-2021");
const SECTIONS = templateSections(TEMPLATES);
const table = (id: string) => T2021.tables.find((t) => t.id === id)!;
const linesOf = (text: string): PageLine[] => textToPageModel(Buffer.from(text, "utf8")).lines;
const itemsOf = (text: string) => linesToItems(linesOf(text));

describe("normalize", () => {
  it("folds full-width forms and drops whitespace and quotes, keeping the characters that identify a label", () => {
    const rng = new Rng(11);
    for (const row of table("t3").rows) {
      const wide = [...row.label_zh].map((ch) => (/[0-9A-Za-z()]/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch));
      // Spaces and quotes dropped anywhere in the label.
      const at = rng.int(0, wide.length);
      wide.splice(at, 0, rng.pick([" ", "\u3000", "“", "\t"]));
      expect(normalizeText(wide.join("")), row.key).toBe(normalizeText(row.label_zh));
      expect(normalizeText(wide.join("")), row.key).not.toMatch(/[\s\u3000“”]/);
    }
  });

  it("reads every numbering style of the template, and labelCore leaves neither numbering nor note", () => {
    for (const t of T2021.tables) {
      for (const row of t.rows) {
        if (!row.numbering) continue;
        const printed = `${row.numbering}${row.numbering.match(/^\d+$/) ? "、" : /^[一二三四五六七八九十]+$/.test(row.numbering) ? "、" : ""}${row.label_zh.replace(/^.*?[、.．)）]/, "")}`;
        const n = normalizeText(printed);
        expect(numberingOf(n), `${t.id}.${row.key}: ${printed}`).toBe(normalizeNumbering(row.numbering));
        expect(labelCore(printed), row.key).not.toMatch(/^(?:[一二三四五六七八九十]+、|\(|\d+\.)/);
      }
    }
    expect(labelCore("（三）不予公开（区分处理的，只计这一情形）")).toBe("不予公开");
    expect(normalizeText("1、本机关不掌握")).toBe("1.本机关不掌握");
  });
});

describe("section regions", () => {
  it("finds the six section headings of generated reports in order, on lines that start with their numeral", () => {
    for (let i = 0; i < 12; i++) {
      const r = generateReport(Rng.forItem(4100, i), { index: i, formats: ["2021", "2019", "hybrid"], damage: [], damageRate: 0 });
      const lines = linesOf(r.text);
      const hits = findSections(lines, SECTIONS);
      for (const key of ["proactive", "requests", "review_litigation"]) expect(hits.map((h) => h.key), r.id).toContain(key);
      hits.forEach((h, k) => {
        expect(h.score).toBeGreaterThanOrEqual(0.75);
        if (k > 0) expect(h.index).toBeGreaterThan(hits[k - 1]!.index);
        expect(normalizeText(lines[h.index]!.text)).toMatch(/^[一二三四五六]、/);
      });
      // A table section's range holds its table: table 3's holds 申请人 rows, not table 4's 行政复议.
      const t3 = sectionRange(hits, "requests", lines.length)!;
      const body = lines.slice(t3[0], t3[1]).map((l) => normalizeText(l.text)).join("");
      expect(body).toContain("本年新收政府信息公开申请数量");
      expect(body).not.toContain("行政复议");
    }
  });

  it("finds the headings inline in a crawled page's flattened body and cuts them off their section", () => {
    for (let i = 0; i < 8; i++) {
      const page = generatePageReport(Rng.forItem(4200, i), { index: i, formats: ["2021"], damage: [] });
      const lines = linesOf(page.text);
      const hits = findSections(lines, SECTIONS);
      const keys = hits.map((h) => h.key);
      for (const key of ["proactive", "requests", "review_litigation"]) expect(keys, page.id).toContain(key);
      // On a one-line body the headings run on into their sections.
      expect(hits.some((h) => h.endsAt !== undefined), page.id).toBe(true);
      const split = splitRunOnHeadings(lines, hits);
      for (const h of split.hits) {
        const heading = normalizeText(split.lines[h.index]!.text);
        expect(heading.length, `${page.id} ${h.key}: ${heading}`).toBeLessThanOrEqual(40);
        const label = SECTIONS.find((s) => s.key === h.key)!;
        const best = Math.max(...[label.label_zh, ...label.aliases].map((l) => similarity(labelCore(heading), labelCore(l))));
        expect(best, `${h.key}: ${heading}`).toBeGreaterThanOrEqual(0.75);
      }
    }
  });

  it("does not take the preamble that names the parts in one sentence, nor a table row, for a heading", () => {
    const lines = linesOf(
      [
        "本报告由一、总体情况，二、主动公开政府信息情况，三、收到和处理政府信息公开申请情况，四、政府信息公开行政复议、行政诉讼情况等部分组成。",
        "四、结转下年度继续办理 0 0 0 0 0 0 0",
        "二、主动公开政府信息情况",
      ].join("\n"),
    );
    const hits = findSections(lines, SECTIONS);
    expect(hits.map((h) => [h.key, h.index])).toEqual([["proactive", 2]]);
  });
});

describe("label search", () => {
  const rows = [...table("t3").rows, ...table("t2").rows].filter((r) => rowPatterns(r)[0]!.pattern.length >= 8);
  const filler = "本机关依法办理各项工作";

  it("finds each label with one look-alike substitution per four characters, scored at least the cut-off", () => {
    const rng = new Rng(4300);
    for (const row of rows) {
      const pattern = rowPatterns(row)[0]!.pattern;
      // The documented tolerance (similarity.ts): about one edit in four characters of a long label.
      const edits = Math.floor(pattern.length / 4);
      const chars = [...pattern];
      const at = new Set<number>();
      while (at.size < edits) at.add(rng.int(1, chars.length - 2));
      for (const k of at) chars[k] = "囗";
      const printed = chars.join("");
      const items = itemsOf(`${filler}\n${printed} 3 4 5\n${filler}`);
      const hit = findLabel(row, tableText(items), items);
      expect(hit, `${row.key}: ${printed}`).not.toBeNull();
      expect(hit!.row).toBe(row.key);
      expect(hit!.score, row.key).toBeGreaterThanOrEqual(0.75);
      expect(hit!.score, row.key).toBeLessThan(1);
      expect(hit!.flags).toContain("label_fuzzy");
      expect(hit!.line, row.key).toBe(2);
    }
    // Seen in a real scan's OCR: two look-alikes in 过程性信息.
    const process = table("t3").rows.find((r) => r.key === "denied.process_info")!;
    const items = itemsOf("6.属于四类过程姓信自 0 0 0 0 0 0 0");
    expect(findLabel(process, tableText(items), items)?.flags).toContain("label_fuzzy");
  });

  it("joins a label wrapped over two lines and says so", () => {
    for (const row of rows) {
      const label = rowPatterns(row)[0]!.pattern;
      const cut = Math.floor(label.length / 2);
      const items = itemsOf(`${label.slice(0, cut)}\n${label.slice(cut)} 1 2 3`);
      const hit = findLabel(row, tableText(items), items);
      expect(hit?.score, row.key).toBe(1);
      expect(hit?.flags, row.key).toContain("label_joined");
    }
  });

  it("rejects unrelated text and a label damaged beyond its tolerance", () => {
    const items = itemsOf("本年度通过政府网站发布新闻稿件一百余篇\n组织开展业务培训三次 3 1");
    for (const row of rows) expect(findLabel(row, tableText(items), items), row.key).toBeNull();
    for (const row of rows) {
      const pattern = rowPatterns(row)[0]!.pattern;
      const over = toleranceFor(pattern.length) + 1;
      // Every other character replaced from the middle on: more edits than tolerated, in one stretch.
      const chars = [...pattern];
      for (let k = 0, at = 1; k < over && at < chars.length; k++, at += 2) chars[at] = "囗";
      const broken = chars.join("");
      const it = itemsOf(broken);
      const hit = findLabel(row, tableText(it), it);
      expect(hit, `${row.key}: ${broken}`).toBeNull();
    }
  });
});

describe("runs of numbers and their label windows", () => {
  it("a label line with its numbers is one run of one row; a column printed one number a line reads both ways", () => {
    const items = itemsOf("（一）予以公开 1 2 3 4 5 6 21\n（二）部分公开 0 0 0 0 0 0 0");
    const runs = itemsToRuns(items);
    expect(runs.map((r) => r.items.map((i) => i.raw))).toEqual([["1", "2", "3", "4", "5", "6", "21"], ["0", "0", "0", "0", "0", "0", "0"]]);
    for (const r of runs) expect(runReadings(r, 7)).toEqual([{ rows: [r.items], columnMajor: false }]);

    const rng = new Rng(4400);
    for (let n = 0; n < 10; n++) {
      const k = rng.int(2, 4);
      const ncols = rng.int(3, 5);
      const values = Array.from({ length: k * ncols }, () => rng.int(0, 99));
      const vertical = itemsToRuns(itemsOf(values.join("\n")));
      expect(vertical.length).toBe(1);
      const readings = runReadings(vertical[0]!, ncols);
      const asValues = readings.map((r) => ({ colMajor: r.columnMajor, rows: r.rows.map((row) => row.map((i) => (i.kind === "num" ? i.value : null))) }));
      const rowMajor = Array.from({ length: k }, (_, i) => values.slice(i * ncols, (i + 1) * ncols));
      const colMajor = Array.from({ length: k }, (_, i) => Array.from({ length: ncols }, (_, j) => values[j * k + i]!));
      expect(asValues).toContainEqual({ colMajor: false, rows: rowMajor });
      expect(asValues).toContainEqual({ colMajor: true, rows: colMajor });
    }
  });

  it("a label sits in the window before its run and after the run before it", () => {
    const text = "（一）予以公开\n1 2 3\n（二）部分公开\n4 5 6\n1.本机关不掌握相关政府信息\n7 8 9";
    const items = itemsOf(text);
    const runs = itemsToRuns(items);
    expect(runs.length).toBe(3);
    const rows = table("t3").rows.filter((r) => ["granted", "partially_granted", "unable.not_held"].includes(r.key));
    const tt = tableText(items);
    const hits = new Map(rows.map((r) => [r.key, findLabel(r, tt, items)!]));
    const [w0, w1, w2] = [0, 1, 2].map((r) => labelWindows(runs, r, items.length, hits));
    expect(w0!.before.map((h) => h.row)).toEqual(["granted"]);
    expect(w0!.after.map((h) => h.row)).toEqual(["partially_granted"]);
    expect(w1!.before.map((h) => h.row)).toEqual(["partially_granted"]);
    expect(w1!.after.map((h) => h.row)).toEqual(["unable.not_held"]);
    expect(w2!.before.map((h) => h.row)).toEqual(["unable.not_held"]);
    expect(w2!.after).toEqual([]);
  });
});

describe("columns by position (space-aligned text)", () => {
  const num = (value: number, centre: number, line: number): Extract<ValueItem, { kind: "num" }> => {
    const raw = String(value);
    const start = Math.round(centre - raw.length / 2);
    return { kind: "num", value, raw, normalized: false, glued: false, page: 1, line, column: start, gapBefore: 0, lineStart: false, pageBreakBefore: false, x: { start, end: start + raw.length } };
  };

  it("places a short row's numbers under the columns they sit under, the others blank", () => {
    const rng = new Rng(4500);
    for (let n = 0; n < 20; n++) {
      const ncols = rng.int(4, 7);
      // Columns 8–12 display columns apart, as pdftotext -layout prints a table's numbers.
      const centres = [20];
      for (let j = 1; j < ncols; j++) centres.push(centres[j - 1]! + rng.int(8, 12));
      const full = [1, 2, 3].map((line) => centres.map((c) => num(rng.int(0, 999), c + rng.int(-1, 1), line)));
      const anchors = columnAnchors(full, ncols)!;
      expect(anchors.reliable).toBe(true);
      anchors.centres.forEach((c, j) => expect(Math.abs(c - centres[j]!)).toBeLessThanOrEqual(1.5));
      // A short row: numbers under some columns only.
      const under = [...Array(ncols).keys()].filter(() => rng.int(0, 1) === 1);
      if (under.length === 0 || under.length === ncols) continue;
      const short = under.map((j) => num(rng.int(1, 999), centres[j]!, 9));
      const placed = placeByPosition(short, anchors.centres)!;
      expect(placed).not.toBeNull();
      expect(placed.length).toBe(ncols);
      placed.forEach((cell, j) => {
        const k = under.indexOf(j);
        expect(cell.value).toBe(k >= 0 ? short[k]!.value : null);
        expect(cell.flags).not.toContain("ambiguous");
      });
      // A number half-way between two columns is not placed as if it sat under one.
      const j = rng.int(0, ncols - 2);
      const between = placeByPosition([num(7, (centres[j]! + centres[j + 1]!) / 2, 9)], anchors.centres);
      if (between !== null) expect(between.some((c) => c.flags.includes("ambiguous"))).toBe(true);
    }
  });

  it("trusts columns from complete rows only; one complete row gives guessed columns or none", () => {
    const centres = [10, 20, 30, 40];
    const one = [centres.map((c) => num(5, c, 1))];
    const anchors = columnAnchors(one, 4);
    if (anchors) expect(anchors.reliable).toBe(false);
    expect(columnAnchors([centres.slice(0, 2).map((c) => num(5, c, 1))], 4)).toBeNull();
  });
});

describe("digit runs split into cells", () => {
  const glued = (raw: string): ValueItem => ({ kind: "num", value: Number(raw), raw, normalized: false, glued: true, page: 1, line: 1, column: 0, gapBefore: 0, lineStart: false, pageBreakBefore: false });
  const t3Shape: RowShape = { ncols: 7, sums: [{ parts: [0, 1, 2, 3, 4, 5], total: 6 }] };

  it("every split of a random table-3 row keeps its sum, and the printed one is among them", () => {
    const rng = new Rng(4600);
    for (let n = 0; n < 60; n++) {
      const parts = Array.from({ length: 6 }, () => (rng.int(0, 2) === 0 ? rng.int(0, 120) : rng.int(0, 9)));
      const row = [...parts, parts.reduce((a, b) => a + b, 0)];
      const alts = rowAlternatives([glued(row.join(""))], t3Shape);
      expect(alts.length, row.join(" ")).toBeGreaterThan(0);
      const vals = alts.map((cells) => cells.map((c) => c.value));
      expect(vals, row.join(" ")).toContainEqual(row);
      for (const v of vals) {
        expect(v.slice(0, 6).reduce((a, b) => a! + (b ?? 0), 0), row.join(" ")).toBe(v[6]);
        // The digits are the printed ones, in order: no digit made up or dropped.
        expect(v.map(String).join("")).toBe(row.join(""));
      }
      // Each split once; a row that splits one way only is settled here, the others by the solver.
      expect(new Set(vals.map((v) => v.join(","))).size).toBe(vals.length);
      for (const cells of alts) expect(cells.every((c) => c.flags.includes("digits_split") || c.raw.length === 0)).toBe(true);
    }
  });

  it("a run with one digit too many for any split with a valid sum gives no split keeping that sum", () => {
    // 1+1+1+1+1+1 = 6, printed total 7: no split of 1111117 makes six parts summing to the last.
    const alts = rowAlternatives([glued("1111117")], t3Shape);
    for (const cells of alts) expect(cells.slice(0, 6).reduce((a, c) => a + (c.value ?? 0), 0) === cells[6]!.value).toBe(false);
  });
});

describe("figures stated in prose", () => {
  it("takes counts and amounts with their unit from sentences, not years, dates or numbering", () => {
    const rng = new Rng(4700);
    for (let n = 0; n < 20; n++) {
      const a = rng.int(1, 999);
      const b = rng.int(1, 999);
      const money = rng.int(1, 99) + rng.int(0, 9) / 10;
      const year = rng.int(2019, 2025);
      const line = `${year}年，本机关共收到政府信息公开申请${a}件，办结${b}件，收取费用${money}万元。2.其他情况说明：无`;
      const sentences = narrativeSentences(linesOf(line));
      const figures = new Set(sentences.flatMap((s) => [...s.figures]));
      expect([...figures].sort((x, y) => x - y)).toEqual([...new Set([a, b, money])].sort((x, y) => x - y));
      expect(figures.has(year) && year !== a && year !== b).toBe(false);
    }
  });

  it("a row's stated figures are those of the clause that names it, also by a shortened label", () => {
    const sentences = narrativeSentences(
      linesOf("本年度制发规章2件，废止规章1件；新制发规范性文件88件，现行有效行政规范性文件698件。共办理行政处罚5件。"),
    );
    const t2 = table("t2").rows;
    const labels = (key: string) => t2.filter((r) => r.key === key).map((r) => r.label_zh);
    expect([...statedFigures(sentences, labels("normative_docs"))].sort((a, b) => a - b)).toEqual([88, 698]);
    expect([...statedFigures(sentences, labels("penalty"))]).toEqual([5]);
    expect([...statedFigures(sentences, labels("rules"))].sort((a, b) => a - b)).toEqual([1, 2]);
  });

  it("reads no figures from table lines or text without a sentence mark", () => {
    expect(narrativeSentences(linesOf("规章 2 1 10\n行政规范性文件 88 3 698"))).toEqual([]);
  });
});

describe("generated damaged reports still give every table section", () => {
  it("with every text damage kind on", () => {
    for (let i = 0; i < 10; i++) {
      const r = generateReport(Rng.forItem(4800, i), { index: i, formats: ["2021", "2019", "hybrid"], damage: DAMAGE_KINDS, damageRate: 1 });
      const hits = findSections(linesOf(r.text), SECTIONS);
      for (const key of ["proactive", "requests", "review_litigation"]) expect(hits.map((h) => h.key), r.id).toContain(key);
    }
  });
});
