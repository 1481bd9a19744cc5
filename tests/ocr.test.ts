/**
 * Scanned reports through OCR (src/ocr, pdf-ocr, image): digit confusions, the table
 * grid found from the ruling lines of a skewed noisy scan, one generated scanned PDF end to end
 * (every cell equals the gold or is flagged), a PNG page and a multi-page TIFF through the image
 * reader. OCR is slow (seconds per page): a few pages only. The full runs are
 * `npm run eval:scan-real` and `npm run eval:scan-generated`.
 */
import { afterAll, describe, expect, it } from "vitest";
import { scorePair, tallyOf } from "../tools/eval/score.js";
import { Rng } from "../tools/generate/index.js";
import { generatePdfReport } from "../tools/generate/pdf/corpus.js";
import { encodeImage, encodeTiff, packScan, scanPages } from "../tools/generate/scan/index.js";
import { findRulings, gridsFromRulings } from "../src/ocr/rulings-from-ink.js";
import { digitsOf } from "../src/ocr/digit-confusions.js";
import { binarize, estimateSkew, rotate } from "../src/ocr/image-ops.js";
import { closeOcr, detectBackend } from "../src/ingest/index.js";
import { extractDocument } from "../src/pipeline/run-document.js";

const SCAN = { dpi: 200, skewDegrees: 1.4, blur: 0, noise: 8, inkLevel: 40, paperLevel: 238, jpegQuality: 75 };

afterAll(async () => {
  await closeOcr();
});

describe("digit confusions", () => {
  it.each([
    ["1O5", "105"],
    ["l2", "12"],
    ["S0", "50"],
    ["B8", "88"],
    ["一3", "-3"],
    ["1,2O4", "1,204"],
  ])("%s reads as %s", (text, digits) => {
    expect(digitsOf(text)?.digits).toBe(digits);
  });
  it.each(["S", "一", "本年", "—", "无", ""])("%s is not a number", (text) => {
    expect(digitsOf(text)).toBeNull();
  });
});

describe("grid from ruling lines", () => {
  it("finds the bordered table 3 of a skewed, noisy 200 dpi scan with its rows and columns", async () => {
    const { pdf, gold } = await generatePdfReport(Rng.forItem(77, 0), { index: 0, layout: { borders: "grid", orientation: "portrait" } });
    const pages = await scanPages(pdf, SCAN, new Rng(1));
    const t3Page = gold.generator.layout.tablePages.t3[0]!;
    const raw = binarize(pages[t3Page - 1]!);
    const skew = estimateSkew(raw);
    expect(Math.abs(skew - SCAN.skewDegrees)).toBeLessThan(0.2);
    const bin = binarize(rotate(pages[t3Page - 1]!, -skew));
    const { h, v } = findRulings(bin, { pxPerPt: SCAN.dpi / 72 });
    const grids = gridsFromRulings(h, v, SCAN.dpi / 72);
    // Table 3's value rows have the 7 applicant columns after their label cells.
    const widest = Math.max(...grids.flatMap((g) => g.cellEdges.map((e) => e.length - 1)));
    expect(widest).toBeGreaterThanOrEqual(8);
    expect(Math.max(...grids.map((g) => g.bands.length))).toBeGreaterThanOrEqual(10);
  }, 60_000);
});

describe("scanned reports", () => {
  it("a generated scanned PDF: every cell equals the gold or is flagged, confidence per OCR cell", async () => {
    const { id, pdf, gold } = await generatePdfReport(Rng.forItem(4200, 3), { index: 3, layout: { borders: "grid" } });
    const pages = await scanPages(pdf, SCAN, new Rng(2));
    const scanned = await packScan(pages, SCAN, "pdf");
    const record = await extractDocument(`${id}.pdf`, scanned);
    expect(record.source.kind).toBe("pdf-ocr");
    expect(record.report.year).toBe(gold.year);
    const outcomes = scorePair(gold, record.cells).outcomes;
    expect(outcomes.filter((o) => o.silent).map((o) => `${o.key}: gold ${o.gold}, got ${o.got}`)).toEqual([]);
    const tally = tallyOf(outcomes);
    expect(tally.exact / tally.cells).toBeGreaterThan(0.9);
    const read = record.cells.filter((c) => c.status === "read" && c.raw !== "");
    expect(read.length).toBeGreaterThan(50);
    expect(record.cells.filter((c) => c.flags.includes("ocr_without_grid"))).toEqual([]);
    expect(read.every((c) => c.signals?.ocr !== undefined && c.signals.ocr >= 0 && c.signals.ocr <= 1)).toBe(true);
  }, 180_000);

  it("a scan of borderless tables: rows placed by position alone, so every cell goes to review, none wrong unseen", async () => {
    const { id, pdf, gold } = await generatePdfReport(Rng.forItem(4600, 1), { index: 1, layout: { borders: "none" } });
    const scan = { ...SCAN, skewDegrees: 0.8 };
    const record = await extractDocument(`${id}.pdf`, await packScan(await scanPages(pdf, scan, new Rng(1)), scan, "pdf"));
    const outcomes = scorePair(gold, record.cells).outcomes;
    expect(outcomes.filter((o) => o.silent).map((o) => `${o.key}: gold ${o.gold}, got ${o.got}`)).toEqual([]);
    const tables = new Set(record.cells.filter((c) => c.flags.includes("ocr_without_grid")).map((c) => c.table));
    expect(tables.size).toBeGreaterThan(0);
    for (const c of record.cells.filter((x) => tables.has(x.table))) expect(c.needs_review).toBe(true);
  }, 180_000);

  it("reads a PNG page and a two-page TIFF with the image reader", async () => {
    const { pdf } = await generatePdfReport(Rng.forItem(4300, 1), { index: 1, layout: { borders: "grid", orientation: "portrait" } });
    const pages = await scanPages(pdf, { ...SCAN, skewDegrees: -0.8 }, new Rng(3));
    const png = await encodeImage(pages[0]!, "png");
    const det = detectBackend(png);
    expect("backend" in det && det.backend.kind).toBe("image");
    const model = await (det as { backend: { read(b: Buffer): Promise<import("../src/model/index.js").PageModel> } }).backend.read(png);
    expect(model.kind).toBe("image");
    const tokens = model.positioned![0]!.tokens;
    expect(tokens.length).toBeGreaterThan(5);
    expect(tokens.every((t) => t.source === "ocr" && t.confidence! >= 0 && t.confidence! <= 1)).toBe(true);
    expect(tokens.map((t) => t.text).join("")).toContain("政府信息公开");
    const tiff = await encodeTiff(pages.slice(0, 2), SCAN.dpi);
    const tdet = detectBackend(tiff);
    const tmodel = await (tdet as { backend: { read(b: Buffer): Promise<import("../src/model/index.js").PageModel> } }).backend.read(tiff);
    expect(tmodel.pages).toBe(2);
    expect(tmodel.positioned!.map((p) => p.page)).toEqual([1, 2]);
  }, 120_000);

  it("the native tesseract engine (--ocr-engine tesseract) gives the same output model and numbers", async () => {
    const { pdf, gold } = await generatePdfReport(Rng.forItem(4400, 2), { index: 2, layout: { borders: "grid", orientation: "portrait" } });
    const pages = await scanPages(pdf, SCAN, new Rng(4));
    const t3 = gold.generator.layout.tablePages.t3[0]!;
    const png = await encodeImage(pages[t3 - 1]!, "png");
    const det = detectBackend(png) as { backend: { read(b: Buffer, hooks?: import("../src/ingest/backend.js").ReadHooks): Promise<import("../src/model/index.js").PageModel> } };
    const numbers = (m: import("../src/model/index.js").PageModel): string[] => m.positioned![0]!.tokens.filter((t) => /^\d+$/.test(t.text)).map((t) => t.text);
    const viaJs = await det.backend.read(png);
    {
      // The engine is an option of the read (a pipeline's ocr.engine), not an environment variable.
      const viaCli = await det.backend.read(png, { ocr: { engine: "tesseract", workers: 2 } });
      expect(viaCli.positioned![0]!.tokens.every((t) => t.source === "ocr" && t.confidence! >= 0 && t.confidence! <= 1)).toBe(true);
      const [a, b] = [numbers(viaJs), numbers(viaCli)];
      expect(b.length).toBeGreaterThan(50);
      const same = a.filter((x, i) => b[i] === x).length;
      expect(same / Math.max(a.length, b.length)).toBeGreaterThan(0.9);
    }
  }, 120_000);
});
