/**
 * A sample of the generated, damaged corpus runs in the suite (the full 1,000-report run is
 * scripts/eval-generated.sh): every damage kind, alone and mixed, all three formats and styles.
 * Values are random per seed; the test asserts outcomes, not particular values.
 */
import { describe, expect, it } from "vitest";
import { scorePair, tallyOf } from "../tools/eval/score.js";
import { DAMAGE_KINDS, RENDER_STYLES, Rng, generateReport, type DamageKind, type RenderStyle } from "../tools/generate/index.js";
import { extractFromBytes } from "../src/pipeline/run-document.js";

function run(seed: number, count: number, damage: readonly DamageKind[], damageRate: number, style?: RenderStyle) {
  const outcomes = [];
  for (let i = 0; i < count; i++) {
    const rng = Rng.forItem(seed, i);
    const report = generateReport(rng, { index: i, formats: ["2021", "2019", "hybrid"], damage, damageRate, ...(style ? { style } : {}) });
    const record = extractFromBytes(`${report.id}.txt`, Buffer.from(report.text, "utf8"));
    expect(record.report.agency, report.id).toBe(report.gold.agency);
    expect(record.report.year, report.id).toBe(report.gold.year);
    outcomes.push(...scorePair(report.gold, record.cells).outcomes.map((o) => ({ ...o, doc: report.id })));
  }
  return { tally: tallyOf(outcomes), silent: outcomes.filter((o) => o.silent).map((o) => `${o.doc} ${o.key}: gold ${o.gold}, got ${o.got}`) };
}

describe("generated reports, one damage kind at a time", () => {
  it.each(DAMAGE_KINDS.map((k, i) => [k, i] as const))("%s: no silent errors, few false alarms", (kind, i) => {
    const { tally, silent } = run(1000 + i, 12, [kind], 1);
    expect(silent).toEqual([]);
    expect(tally.missing).toBe(0);
    const correct = tally.exact;
    expect(tally.false_alarm / correct).toBeLessThanOrEqual(0.05);
  });
});

describe("generated reports, undamaged, in each rendering style", () => {
  it.each(RENDER_STYLES.map((s) => [s] as const))("%s: every cell exact, none for review", (style) => {
    const { tally } = run(2000, 9, [], 0, style);
    expect(tally.exact).toBe(tally.cells);
    expect(tally.false_alarm).toBe(0);
  });
});

describe("generated reports, all damage mixed", () => {
  it("60 reports: exact ≥ 99 %, no silent errors, false alarms ≤ 2 % of correct cells", () => {
    const { tally, silent } = run(3000, 60, DAMAGE_KINDS, 0.5);
    expect(silent).toEqual([]);
    expect(tally.exact / tally.cells).toBeGreaterThanOrEqual(0.99);
    expect(tally.false_alarm / tally.exact).toBeLessThanOrEqual(0.02);
  });
});

describe("generated reports whose damage makes rows look printed with blank zeros", () => {
  // Cells lost from rows of printed zeros, rows run together, misprinted labels: the guess that a
  // document prints zeros blank can be wrong, and a lost 0 must not then be read blank unflagged;
  // a misprinted （六）其他处理 must not send the 2019 table's rows into 2021's.
  it("300 reports of those damage kinds: no silent errors", () => {
    const { silent } = run(4000, 300, ["lost_cells", "run_together", "misprints", "fullwidth", "split_labels"], 0.6);
    expect(silent).toEqual([]);
  }, 60_000);

  it("2,000 reports of every damage mixed (the corpus of bench:run, seed 42): no silent errors", () => {
    const { silent } = run(42, 2000, DAMAGE_KINDS, 0.5);
    expect(silent).toEqual([]);
  }, 240_000);
});

describe("generated reports set out by display columns, or in reading order, with rows that can shift", () => {
  // Space-aligned text whose table 4 header is set one character at a time (结 果 维 持) and whose
  // table 3 prints cells blank: the header's many words line up under either measure of a wide
  // character, the numbers only under the text's own, so the numbers decide (a 1 under 科研机构 went
  // to 其他 under the other measure, unflagged).
  it("300 space-aligned reports with vertical headers and blank cells: no silent errors", () => {
    const { silent } = run(5000, 300, ["vertical_header", "blank_cells", "lost_cells"], 1, "layout");
    expect(silent).toEqual([]);
  }, 60_000);

  // Reading order with a block printed column by column after a row printed on its own: when a row
  // of numbers is left unplaced and a labelled row gets none, the rows between may each hold the
  // next one's numbers, and go to review.
  it("1,500 reading-order reports with misprinted and split labels, lost cells, page footers: no silent errors", () => {
    const { silent } = run(5300, 1500, ["reading_order", "misprints", "split_labels", "lost_cells", "page_footer"], 1, "raw");
    expect(silent).toEqual([]);
  }, 120_000);

  // Whole rows printed blank, found in the corpora of `eval-generated.sh 2000 47` and `… 53`: in
  // reading order a block of rows printed apart from its labels took one row past a labelled row
  // printed blank (seed 47, report 230); in tab text a row whose label was misprinted past
  // recognition (2.重复由清) gave its numbers to the blank row above it (seed 53, report 1643); in
  // reading order a block next to such a row gave its numbers to the blank row after it (seed 47,
  // report 1934).
  it("4,000 reports of every damage mixed (seeds 47 and 53): no silent errors", () => {
    const a = run(47, 2000, DAMAGE_KINDS, 0.5);
    const b = run(53, 2000, DAMAGE_KINDS, 0.5);
    expect([...a.silent, ...b.silent]).toEqual([]);
  }, 240_000);

  // Two rows run together on one line of space-aligned text (制作2000002 3、补正后申请内容仍不明确 1):
  // the second row's numbers stand where its label pushed them, not under their columns, and a
  // number placed by such a position goes to review (seed 61 of eval-generated.sh, report 811).
  it("2,000 space-aligned reports with rows run together and cells printed blank: no silent errors", () => {
    const { silent } = run(5900, 2000, ["run_together", "blank_cells", "enum_comma"], 1, "layout");
    expect(silent).toEqual([]);
  }, 120_000);
});
