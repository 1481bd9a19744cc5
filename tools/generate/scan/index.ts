/**
 * Scanned reports: generated PDFs (src/generate/pdf) rasterized the way a scanner sees them —
 * 150–300 dpi, a slight skew, blur, faint ink, noise and JPEG — and written as image-only PDFs or
 * multi-page TIFFs, with the gold of the PDF they came from. Tables are bordered: the OCR reader
 * finds cells from their ruling lines (a borderless scanned table is out of its scope).
 */
import { renderPage } from "../../../src/ingest/pdf-ocr/render.js";
import { withPdf } from "../../../src/ingest/pdf/document.js";
import type { Gray } from "../../../src/ocr/index.js";
import { writeCorpus, type CorpusFiles } from "../corpus-writer.js";
import { checkFonts } from "../pdf/fonts.js";
import { generatePdfReport, type PdfGold } from "../pdf/index.js";
import { checkShare } from "../pdf/corpus.js";
import { Rng } from "../rng.js";
import type { ReportVariant } from "../types.js";
import { degrade, randomScanParams, type ScanParams } from "./degrade.js";
import { encodeImage, encodeTiff, scannedPdf } from "./encode.js";
import { canvas } from "../../../src/native.js";

export { degrade, randomScanParams, type ScanParams } from "./degrade.js";
export { encodeImage, encodeTiff, scannedPdf } from "./encode.js";

export type ScanFormat = "pdf" | "tiff";

/** Every page of a PDF as it would come out of a scanner with these parameters. */
export async function scanPages(pdf: Uint8Array, params: ScanParams, rng: Rng): Promise<Gray[]> {
  return withPdf(pdf, async (doc) => {
    const out: Gray[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      try {
        out.push(degrade(await renderPage(doc, page, params.dpi), params, rng));
      } finally {
        page.cleanup();
      }
    }
    return out;
  });
}

/** Scanned pages → an image-only PDF (JPEG pages) or a multi-page TIFF. */
export async function packScan(pages: readonly Gray[], params: ScanParams, format: ScanFormat): Promise<Buffer> {
  if (format === "tiff") return encodeTiff(pages, params.dpi);
  const pt = 72 / params.dpi;
  const jpegs: Buffer[] = [];
  for (const p of pages) jpegs.push(await encodeImage(p, "jpeg", params.jpegQuality ?? 92));
  return scannedPdf(pages.map((p, i) => ({ jpeg: jpegs[i]!, widthPt: p.width * pt, heightPt: p.height * pt })));
}

export interface GeneratedScan {
  id: string;
  file: string;
  bytes: Buffer;
  params: ScanParams;
  gold: PdfGold & { scan: ScanParams & { format: ScanFormat } };
}

export async function generateScanReport(rng: Rng, opts: { index: number; formats?: readonly ReportVariant[]; format?: ScanFormat; blankZeros?: number }): Promise<GeneratedScan> {
  const report = await generatePdfReport(rng, { index: opts.index, ...(opts.formats ? { formats: opts.formats } : {}), layout: { borders: "grid" }, ...(opts.blankZeros ? { blankZeros: opts.blankZeros } : {}) });
  const params = randomScanParams(rng);
  const format = opts.format ?? (rng.chance(0.2) ? "tiff" : "pdf");
  const pages = await scanPages(report.pdf, params, rng);
  // JPEG damage applies to the TIFF too: encode and decode each page once.
  const bytes = await packScan(format === "tiff" && params.jpegQuality !== null ? await jpegRoundTrip(pages, params.jpegQuality) : pages, params, format);
  const id = report.id.replace(/^synpdf/, "synscan");
  const file = `${id}.${format === "tiff" ? "tif" : "pdf"}`;
  return { id, file, bytes, params, gold: { ...report.gold, applies_to_raw_files: [file], scan: { ...params, format } } };
}

async function jpegRoundTrip(pages: readonly Gray[], quality: number): Promise<Gray[]> {
  const { loadImage, createCanvas } = canvas();
  const { rgbaToGray } = await import("../../../src/ocr/index.js");
  const out: Gray[] = [];
  for (const p of pages) {
    const img = await loadImage(await encodeImage(p, "jpeg", quality));
    const c = createCanvas(img.width, img.height);
    const ctx = c.getContext("2d");
    ctx.drawImage(img, 0, 0);
    out.push(rgbaToGray(ctx.getImageData(0, 0, img.width, img.height).data, img.width, img.height));
  }
  return out;
}

export interface ScanCorpusOptions {
  outDir: string;
  count: number;
  seed: number;
  formats?: readonly ReportVariant[];
  /** Share of scans whose tables print zeros blank and 总计 only in some rows (blank_zeros); default 0. */
  blankZeros?: number;
}

/** `count` scans into outDir/inputs with their gold files in outDir/gold; same seed, same corpus. */
export async function generateScanCorpus(opts: ScanCorpusOptions): Promise<CorpusFiles> {
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new Error(`count must be a non-negative integer, got ${opts.count}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  checkShare(opts.blankZeros);
  checkFonts();
  return writeCorpus(opts, "pdf", async (rng, index) => {
    const scan = await generateScanReport(rng, { index, ...(opts.formats ? { formats: opts.formats } : {}), ...(opts.blankZeros ? { blankZeros: opts.blankZeros } : {}) });
    return { id: scan.id, bytes: scan.bytes, gold: scan.gold, ext: scan.file.slice(scan.id.length + 1) };
  });
}
