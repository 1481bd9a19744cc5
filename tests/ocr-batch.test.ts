/**
 * One OCR pool for a whole batch: documents on two worker threads send their pages to the main
 * thread's engines, so a pool of one engine is one engine started, whatever --jobs says; and every
 * OCR'd page is reported to the main thread with its document's path. Real engine, real scans.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../tools/generate/index.js";
import { generatePdfReport } from "../tools/generate/pdf/corpus.js";
import { packScan, scanPages } from "../tools/generate/scan/index.js";
import { runBatch, type OcrPageProgress } from "../src/pipeline/batch.js";

const SCAN = { dpi: 200, skewDegrees: 0.6, blur: 0, noise: 6, inkLevel: 20, paperLevel: 240, jpegQuality: 80 };

let dir = "";
let inputs: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nianbao-ocr-batch-"));
  // Two whole two-page reports (small type), one as an image-only PDF, one as a two-page TIFF.
  const layout = { borders: "grid", orientation: "portrait", tableSize: 7, proseSize: 10, tablesOnNewPage: false, forceBreak: { t2: null, t3: null }, cellPadding: 0 } as const;
  inputs = [];
  for (const [i, format] of (["pdf", "tiff"] as const).entries()) {
    const { pdf } = await generatePdfReport(Rng.forItem(4500, i), { index: i, formats: ["2019"], layout });
    const pages = await scanPages(pdf, SCAN, new Rng(5));
    expect(pages).toHaveLength(2);
    const path = join(dir, `report${i}.${format === "tiff" ? "tif" : "pdf"}`);
    await writeFile(path, await packScan(pages, SCAN, format));
    inputs.push(path);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("OCR in a batch on worker threads", () => {
  it("two scanned reports on two threads share a pool of one engine and report each page to the main thread", async () => {
    const pages: OcrPageProgress[] = [];
    // The pool's size travels as an option (a pipeline's ocr.workers), not in the environment.
    const summary = await runBatch(inputs, { outDir: join(dir, "out"), executor: "threads", jobs: 2, pipeline: { ocr: { workers: 1 } }, onOcrPage: (p) => pages.push(p) });
    expect(summary.failures).toEqual([]);
    expect(summary.ok).toBe(2);
    expect(summary.ocrEngines).toBe(1);
    expect(summary.ocrPages).toBe(4);
    expect(summary.options.ocr).toEqual({ engine: "tesseract.js", workers: 1, dpi: 200 });
    const seen = pages.map((p) => `${p.path} ${p.page}/${p.pages} ${p.engine}`).sort();
    expect(seen).toEqual(inputs.flatMap((p) => [`${p} 1/2 tesseract.js`, `${p} 2/2 tesseract.js`]).sort());
    expect(pages.every((p) => p.ms > 0)).toBe(true);
  }, 60_000);
});
