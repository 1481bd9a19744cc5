/**
 * Space-aligned text lines its table columns up either by display width (text typed for a
 * fixed-width screen: a CJK character takes two columns) or by character count (pdftotext -layout
 * puts every character, wide or not, in one column). The reader finds which, so a number is placed
 * under the column it was printed in; generated PDFs that print zeros blank, converted by the real
 * pdftotext, are read with no silent error.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generatePdfReport, Rng } from "../tools/generate/index.js";
import { displayWidth, stringToPageModel } from "../src/ingest/text/index.js";
import { extractFromBytes } from "../src/pipeline/run-document.js";
import { exactShare, scored, silentOf, type Scored } from "./helpers/scoring.js";

vi.setConfig({ testTimeout: 60_000 });

const LABELS = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开", "（七）总计", "1.本机关不掌握相关政府信息"];

/** Rows of random numbers, each padded so its numbers end at the same columns by `measure`. */
function alignedTable(rng: Rng, measure: (s: string) => number): { text: string; rows: string[][] } {
  const ends = [40, 48, 56, 64];
  const rows: string[][] = [];
  const lines = LABELS.map((label) => {
    const nums = ends.map(() => String(rng.int(0, 999)));
    rows.push(nums);
    let line = label;
    nums.forEach((n, j) => {
      line += " ".repeat(Math.max(1, ends[j]! - measure(line) - n.length)) + n;
    });
    return line;
  });
  return { text: ["三、收到和处理政府信息公开申请情况", ...lines].join("\n"), rows };
}

/** The start column of every number token, row by row, as the reader measured it. */
function numberColumns(text: string): number[][] {
  return stringToPageModel(text)
    .lines.filter((l) => LABELS.some((label) => l.text.startsWith(label)))
    .map((l) => l.tokens.filter((t) => /^\d+$/.test(t.text)).map((t) => t.display!.start + t.display!.width));
}

describe("the column measure of space-aligned text", () => {
  it("is the character count where the numbers line up by characters (pdftotext -layout)", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { text } = alignedTable(new Rng(seed), (s) => s.length);
      const ends = numberColumns(text);
      // Every row's j-th number ends in the same column, whatever the width of its label.
      for (const row of ends) expect(row).toEqual(ends[0]);
    }
  });

  it("stays the display width where they line up on screen", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { text } = alignedTable(new Rng(seed), displayWidth);
      const ends = numberColumns(text);
      for (const row of ends) expect(row).toEqual(ends[0]);
    }
  });
});

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nianbao-pdftotext-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A generated PDF that prints zeros blank, written to `dir`, and its conversion by pdftotext with the given options. */
async function blankZeroPdf(seed: number, index: number) {
  const report = await generatePdfReport(new Rng(seed), { index, blankZeros: 1 });
  const pdf = join(dir, `${report.id}.pdf`);
  await writeFile(pdf, report.pdf);
  const convert = (mode: readonly string[]): string => execFileSync("pdftotext", [...mode, "-enc", "UTF-8", pdf, "-"], { encoding: "utf8" });
  return { report, convert };
}

describe("generated PDFs printed with blank zeros, converted by pdftotext -layout", () => {
  it("every cell equals the gold or is flagged, and most are read exactly", async () => {
    const outcomes: Scored[] = [];
    for (let index = 0; index < 6; index++) {
      const { report, convert } = await blankZeroPdf(9100 + index, index);
      const text = convert(["-layout"]);
      const record = extractFromBytes(`${report.id}.pdftotext-layout.txt`, Buffer.from(text));
      outcomes.push(...scored(report.id, report.gold, record.cells));
    }
    expect(silentOf(outcomes)).toEqual([]);
    // Measured over 60 such conversions: 96.2 % (88 % when positions were counted in display width).
    expect(exactShare(outcomes)).toBeGreaterThan(0.9);
  });
});

describe("cells pdftotext dropped for being blank, in a document that prints zeros blank", () => {
  it("are read blank, as the document's other blanks, not as an inferred 0", async () => {
    let inferred = 0;
    const zeros: string[] = [];
    for (let index = 0; index < 12; index++) {
      const { report, convert } = await blankZeroPdf(9200 + index, index);
      for (const mode of [["-layout"], []]) {
        const text = convert(mode);
        const record = extractFromBytes(`${report.id}.pdftotext.txt`, Buffer.from(text));
        for (const cell of record.cells) {
          const gold = report.gold.cells[cell.key];
          if (gold !== null || !cell.flags.includes("inferred_from_rule")) continue;
          inferred++;
          if (cell.value === 0) zeros.push(`${report.id} ${mode.join("")} ${cell.key}`);
        }
      }
    }
    // Blank cells the rules had to fill in: they must exist for the test to mean anything.
    expect(inferred).toBeGreaterThan(5);
    expect(zeros).toEqual([]);
  });
});

describe("table 4 of a blank-zero PDF in pdftotext's reading order (a number a line, no positions)", () => {
  it("places its numbers by where they come among the header's words, every cell for review", async () => {
    let cells = 0;
    let exact = 0;
    const unflagged: string[] = [];
    for (let index = 0; index < 24; index++) {
      const { report, convert } = await blankZeroPdf(9300 + index, index);
      const t4 = Object.entries(report.gold.cells).filter(([key]) => key.startsWith("t4."));
      if (t4.every(([, v]) => v === null)) continue; // nothing to place
      const text = convert([]);
      const record = extractFromBytes(`${report.id}.pdftotext-raw.txt`, Buffer.from(text));
      const byKey = new Map(record.cells.map((c) => [c.key, c]));
      for (const [key, want] of t4) {
        const cell = byKey.get(key)!;
        cells++;
        if (cell.value === want) exact++;
        // A blank left no trace: no placement is sure, whatever the rules say.
        if (!cell.needs_review) unflagged.push(`${report.id} ${key}`);
      }
    }
    expect(cells).toBeGreaterThan(100);
    expect(unflagged).toEqual([]);
    // 85 % on these (the leftmost placement the group totals allow, as before: 53 %).
    expect(exact / cells).toBeGreaterThan(0.75);
  });
});

/**
 * pdftotext's reading order moved table 4's numbers (and its last header words) before the table's
 * heading, into table 3's text (seen in a generated 2019-format PDF): table 4 then has no number
 * under its header.
 */
function table4NumbersMovedUp(text: string): string | null {
  const lines = text.split("\n");
  const heading = lines.findIndex((l) => l.startsWith("四、政府信息公开行政复议"));
  const next = lines.findIndex((l, i) => i > heading && l.startsWith("五、"));
  if (heading < 0 || next < 0) return null;
  const region = lines.slice(heading, next);
  const numbers = region.filter((l) => /^\s*\d+\s*$/.test(l));
  if (numbers.length === 0) return null;
  return [...lines.slice(0, heading), ...numbers, ...region.filter((l) => !numbers.includes(l)), ...lines.slice(next)].join("\n");
}

describe("table 4 read blank in pdftotext's reading order of a blank-zero PDF", () => {
  it("goes to review: its numbers may have been printed elsewhere", async () => {
    let moved = 0;
    const silent: string[] = [];
    for (let index = 0; index < 16; index++) {
      const { report, convert } = await blankZeroPdf(9400 + index, index);
      const text = table4NumbersMovedUp(convert([]));
      if (text === null) continue;
      moved++;
      const record = extractFromBytes(`${report.id}.pdftotext-raw.txt`, Buffer.from(text));
      for (const cell of record.cells) {
        const want = report.gold.cells[cell.key];
        if (cell.value !== want && !cell.needs_review) silent.push(`${report.id} ${cell.key}: got ${cell.value}, gold ${want}`);
      }
    }
    expect(moved).toBeGreaterThan(5);
    expect(silent).toEqual([]);
  });
});

describe("the real pdftotext conversions with their zeros printed blank", () => {
  // What the same real reports would give had their agencies printed zeros blank (as many do): a
  // 0 on a table line of -layout text becomes spaces, a line `0` of reading-order text goes.
  const REAL = new URL("../../shared/real/", import.meta.url);
  const stems = ["js-huaian-hongze-qu_2023", "js-huaian-hongze-qu_2024", "js-huaian-shi_2024"];
  const blanked = (text: string, mode: "layout" | "raw"): string =>
    mode === "raw"
      ? text.split("\n").filter((l) => l.trim() !== "0").join("\n").replace(/\n{3,}/g, "\n\n") // no trace of the line
      : text.split("\n").map((l) => ((l.match(/(?<!\S)\d+(?!\S)/g) ?? []).length >= 2 ? l.replace(/(?<!\S)0(?!\S)/g, " ") : l)).join("\n");

  it.each([["layout", 0.97], ["raw", 0.6]] as const)("%s: every cell equals the gold (0 now blank) or is flagged", async (mode, least) => {
    let cells = 0;
    let exact = 0;
    const silent: string[] = [];
    for (const stem of stems) {
      const text = blanked(await readFile(new URL(`${stem}.pdftotext-${mode}.txt`, REAL), "utf8"), mode);
      const gold = JSON.parse(await readFile(new URL(`${stem}.json`, REAL), "utf8")) as { cells: Record<string, number | null> };
      const record = extractFromBytes(`${stem}.pdftotext-${mode}.txt`, Buffer.from(text));
      const byKey = new Map(record.cells.map((c) => [c.key, c]));
      for (const [key, value] of Object.entries(gold.cells)) {
        const want = value === 0 ? null : value;
        const cell = byKey.get(key)!;
        cells++;
        if (cell.value === want) exact++;
        else if (!cell.needs_review) silent.push(`${stem} ${key}: got ${cell.value}, gold ${want}`);
      }
    }
    expect(silent).toEqual([]);
    // -layout 98.6 % (95.1 % before the columns' shift was allowed for); reading order 69 %.
    expect(exact / cells).toBeGreaterThan(least);
  });
});

describe("generated PDFs with their usual damage, converted by pdftotext in reading order (no -layout)", () => {
  it("every cell equals the gold or is flagged: a row printed blank and its neighbour's numbers, a table 2 whose numbers straddle its labels", async () => {
    const outcomes: Scored[] = [];
    for (let index = 0; index < 60; index++) {
      const report = await generatePdfReport(Rng.forItem(9400, index), { index });
      const pdf = join(dir, `${report.id}.pdf`);
      await writeFile(pdf, report.pdf);
      const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" });
      const record = extractFromBytes(`${report.id}.pdftotext-raw.txt`, Buffer.from(text));
      outcomes.push(...scored(report.id, report.gold, record.cells));
    }
    expect(silentOf(outcomes)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(60 * 190);
    // Measured over 150 such conversions (seed 42): 97.5 %.
    expect(exactShare(outcomes)).toBeGreaterThan(0.95);
  }, 180_000);
});
