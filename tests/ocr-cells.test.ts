/**
 * Table cells as OCR leaves them (src/layout/ocr-cells.ts): blank marks printed as a short dash,
 * value cells whose ink reads as no number, sub-row numbering misread in a label. Each was a cause
 * of rows of zeros and blank rows trading places in scans (a value cell read as text cut its row in
 * two; a dash read as "?" or "1"; a page number read as "3-" joining a row). A page model as OCR
 * gives it, then one generated scan end to end.
 */
import { afterAll, describe, expect, it } from "vitest";
import { scorePair, tallyOf } from "../tools/eval/score.js";
import { Rng } from "../tools/generate/index.js";
import { generatePdfReport } from "../tools/generate/pdf/corpus.js";
import { packScan, scanPages } from "../tools/generate/scan/index.js";
import { closeOcr } from "../src/ingest/index.js";
import { linesToItems } from "../src/layout/items.js";
import { positionedToLines } from "../src/layout/positioned-lines.js";
import type { PositionedPage, Ruling, TextToken } from "../src/model/index.js";
import { extractDocument } from "../src/pipeline/run-document.js";

afterAll(async () => {
  await closeOcr();
});

/** A ruled table: a label column from x = 100 to 230 pt, then value columns of 30 pt; rows of 20 pt from y = 100. */
function ocrPage(rows: { label: string; cells: { text: string; conf?: number; w?: number; h?: number }[] }[]): PositionedPage {
  const cols = [100, ...[...rows[0]!.cells, null].map((_, j) => 230 + 30 * j)];
  const [top, bottom] = [100, 100 + 20 * rows.length];
  const rulings: Ruling[] = [
    ...Array.from({ length: rows.length + 1 }, (_, i) => ({ x1: cols[0]!, y1: top + 20 * i, x2: cols[cols.length - 1]!, y2: top + 20 * i })),
    ...cols.map((x) => ({ x1: x, y1: top, x2: x, y2: bottom })),
  ];
  const token = (text: string, x: number, y: number, w: number, h: number, conf: number): TextToken => ({
    text,
    page: 1,
    line: 0,
    column: 0,
    source: "ocr",
    confidence: conf,
    bbox: { x, y, width: w, height: h },
  });
  const tokens = rows.flatMap((r, i) => [
    token(r.label, 104, top + 20 * i + 6, 80, 8, 0.9),
    ...r.cells.flatMap((c, j) => (c.text === "" ? [] : [token(c.text, 230 + 30 * j + 12, top + 20 * i + 10 - (c.h ?? 6) / 2, c.w ?? 4, c.h ?? 6, c.conf ?? 0.96)])),
  ]);
  return { page: 1, width: 595, height: 842, tokens, rulings };
}

const zeros = (n: number) => Array.from({ length: n }, () => ({ text: "0" }));

describe("OCR'd table cells", () => {
  it("keeps an illegible value cell in its row, reads a flat bar as a dash and puts a misread numbering right", () => {
    const page = ocrPage([
      { label: "6.属于四类过程性信息", cells: [{ text: "0" }, { text: "|", conf: 0.06 }, { text: "?", conf: 0 }, { text: "0" }] },
      // A dash, read as an unsure 1 or as nothing legible: its ink is a flat bar.
      { label: "7,属于行政执法案卷", cells: [{ text: "1", conf: 0, w: 3.2, h: 1.1 }, { text: "?", conf: 0, w: 3, h: 1.4 }, { text: "-", w: 3, h: 1.2 }, { text: "?", conf: 0, w: 2.9, h: 1.1 }] },
      { label: "1属于国家秘密", cells: zeros(4) },
    ]);
    const items = linesToItems(positionedToLines([page]));
    const kinds = (line: number) => items.filter((it) => it.line === line).map((it) => (it.kind === "text" ? it.text : it.kind === "num" ? it.value : it.kind));
    expect(kinds(1)).toEqual(["6.属于四类过程性信息", 0, "unreadable", "unreadable", 0]);
    expect(kinds(2)).toEqual(["7.属于行政执法案卷", "blank", "blank", "blank", "blank"]);
    expect(kinds(3)).toEqual(["1.属于国家秘密", 0, 0, 0, 0]);
  });

  it("a row whose only value cell OCR read as a character or two (a thin 1 read as 工) is illegible, not blank", () => {
    for (const misread of ["工", "丨", "I", "l1"].filter((m) => !/\d/.test(m))) {
      const page = ocrPage([
        { label: "规章", cells: [{ text: "" }, { text: "" }, { text: "1", conf: 0.26 }] },
        { label: "规范性文件", cells: [{ text: "" }, { text: "" }, { text: misread, conf: 0.66 }] },
      ]);
      const items = linesToItems(positionedToLines([page]));
      const kinds = items.filter((it) => it.line === 2).map((it) => (it.kind === "text" ? it.text : it.kind));
      expect(kinds).toEqual(["规范性文件", "unreadable"]);
    }
    // A header's words in value cells stay words: its label cell is empty or its words are longer.
    const header = ocrPage([{ label: "信息内容", cells: [{ text: "本年制发件数" }, { text: "总计" }, { text: "其他" }] }]);
    expect(linesToItems(positionedToLines([header])).some((it) => it.kind === "unreadable")).toBe(false);
  });

  it("a label misread as a lone digit does not make the label column a value column", () => {
    const page = ocrPage([
      { label: "1", cells: zeros(3) },
      { label: "2.没有现成信息需要另行制作", cells: [{ text: "0" }, { text: "?", conf: 0 }, { text: "0" }] },
      { label: "3.补正后申请内容仍不明确", cells: zeros(3) },
    ]);
    const items = linesToItems(positionedToLines([page]));
    expect(items.filter((it) => it.kind === "text").map((it) => (it.kind === "text" ? it.text : ""))).toEqual(["2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]);
    expect(items.filter((it) => it.kind === "unreadable")).toHaveLength(1);
  });

  it("drops a scanned page's number misread at its foot (3-, -1, 2), which would join the table's rows", () => {
    for (const footer of ["3-", "-1", "2", ".3-"]) {
      const page = ocrPage([{ label: "4.保护第三方合法权益", cells: zeros(3) }]);
      page.tokens.push({ text: footer, page: 1, line: 0, column: 0, source: "ocr", confidence: 0.3, bbox: { x: 290, y: 800, width: 8, height: 7 } });
      const items = linesToItems(positionedToLines([page]));
      expect(items.filter((it) => it.kind === "num").map((it) => (it.kind === "num" ? it.value : null))).toEqual([0, 0, 0]);
    }
    // A number higher on the page is no page number.
    const page = ocrPage([{ label: "4.保护第三方合法权益", cells: zeros(3) }]);
    page.tokens.push({ text: "2", page: 1, line: 0, column: 0, source: "ocr", confidence: 0.9, bbox: { x: 290, y: 400, width: 4, height: 7 } });
    expect(linesToItems(positionedToLines([page])).filter((it) => it.kind === "num")).toHaveLength(4);
  });

  it("reads text-layer tokens as printed (only OCR readings are reinterpreted)", () => {
    const page = ocrPage([
      { label: "7,属于行政执法案卷", cells: [{ text: "0" }, { text: "?" }, { text: "0" }] },
      { label: "8.属于行政查询事项", cells: zeros(3) },
    ]);
    page.tokens = page.tokens.map((t) => ({ ...t, source: "pdf-text" }));
    const items = linesToItems(positionedToLines([page]));
    expect(items.some((it) => it.kind === "unreadable")).toBe(false);
    expect(items.filter((it) => it.kind === "text").map((it) => (it.kind === "text" ? it.text : ""))).toContain("?");
  });

  it("a generated scan whose table 3 prints zeros as '-' beside rows of 0: every blank reads blank, nothing wrong goes unflagged", async () => {
    // Report 3 of seed 4400 prints 30 zeros of table 3 as "-", in rows next to rows printed "0".
    const { id, pdf, gold } = await generatePdfReport(Rng.forItem(4400, 3), { index: 3, layout: { borders: "grid", blankCells: true } });
    const scan = { dpi: 200, skewDegrees: 0.6, blur: 0, noise: 8, inkLevel: 40, paperLevel: 238, jpegQuality: 75 };
    const t3Pages = gold.generator.layout.tablePages.t3;
    const pages = (await scanPages(pdf, scan, new Rng(5))).filter((_, i) => t3Pages.includes(i + 1));
    const record = await extractDocument(`${id}.pdf`, await packScan(pages, scan, "pdf"));
    const outcomes = scorePair(gold, record.cells).outcomes.filter((o) => o.key.startsWith("t3."));
    expect(outcomes.filter((o) => o.silent).map((o) => `${o.key}: gold ${o.gold}, got ${o.got}`)).toEqual([]);
    const blanks = Object.entries(gold.cells).filter(([k, v]) => k.startsWith("t3.") && v === null).map(([k]) => k);
    expect(blanks.length).toBeGreaterThanOrEqual(20);
    const byKey = new Map(record.cells.map((c) => [c.key, c]));
    const readBlank = blanks.filter((k) => byKey.get(k)?.value === null && byKey.get(k)?.status === "read" && !byKey.get(k)?.needs_review);
    expect(readBlank).toEqual(blanks);
    const tally = tallyOf(outcomes);
    expect(tally.exact / tally.cells).toBeGreaterThan(0.97);
  }, 120_000);
});
