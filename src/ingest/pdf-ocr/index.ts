/**
 * Scanned PDFs: pages rendered by pdfjs-dist, then read by OCR (src/ocr) into the
 * same positioned page model as the text layer, with `source: "ocr"` and a confidence per token.
 * The PDF reader sends here the pages that have no usable text layer; the backend reads every page.
 */
import type { PageLine, PageModel, PositionedPage } from "../../model/index.js";
import type { ReadHooks } from "../backend.js";
import { ocrPages, type OcrSettings, type PageImage } from "../../ocr/index.js";
import { withPdf, type PDFDocumentProxy } from "../pdf/document.js";
import { renderPage } from "./render.js";

/**
 * Pages are rendered at this resolution (dots per inch) unless the run's options say otherwise
 * (pipeline ocr.dpi, whose default is this figure). 200 dpi keeps a 7 pt digit about 20 px tall,
 * enough for the engines once the cells are enlarged to 300 dpi, at half the pixels of 300.
 */
export const RENDER_DPI = 200;

/** OCR some pages of an open PDF; each page is handed to `done` in order. */
export async function ocrPdfPages(doc: PDFDocumentProxy, pages: readonly number[], done: (page: PositionedPage) => void, settings?: OcrSettings): Promise<void> {
  const dpi = settings?.dpi ?? RENDER_DPI;
  await ocrPages(pages, doc.numPages, (n) => pdfPageImage(doc, n, dpi), done, ...(settings ? [settings] : []));
}

/** Page `n` (1-based) of an open PDF rendered for OCR at `dpi`. */
export async function pdfPageImage(doc: PDFDocumentProxy, n: number, dpi: number): Promise<PageImage> {
  const page = await doc.getPage(n);
  try {
    return { gray: await renderPage(doc, page, dpi), dpi };
  } finally {
    page.cleanup();
  }
}

/** Every page of a PDF through OCR, whatever its text layer holds. */
export async function pdfOcrToPageModel(bytes: Uint8Array, hooks: ReadHooks = {}): Promise<PageModel> {
  return withPdf(bytes, async (doc) => {
    const lines: PageLine[] = [];
    const positioned: PositionedPage[] = [];
    const pages = Array.from({ length: doc.numPages }, (_, i) => i + 1);
    await ocrPdfPages(doc, pages, (p) => {
      if (hooks.pageLines) lines.push(...hooks.pageLines(p));
      else positioned.push(p);
    }, hooks.ocr);
    return { kind: "pdf-ocr", geometry: "exact", pages: doc.numPages, lines, positioned, warnings: [] };
  });
}
