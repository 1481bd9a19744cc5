/**
 * PDF with a text layer → page model with geometry: every page's text tokens (boxes in points,
 * top-left origin) and ruling lines. Pages are read one at a time and released, so memory stays
 * flat over long documents. Pages without a usable text layer (scanned, or a garbled layer) are
 * read by OCR (src/ingest/pdf-ocr) and reported in the warnings, never silently empty.
 */
import type { PageLine, PageModel, PositionedPage } from "../../model/index.js";
import type { ReadHooks } from "../backend.js";
import { ocrPdfPages } from "../pdf-ocr/index.js";
import { PdfOpenError, withPdf } from "./document.js";
import { pageRulings } from "./rulings.js";
import { pageTokens } from "./page-text.js";
import { textLayerProblem } from "./text-quality.js";

export { PdfOpenError } from "./document.js";

export class NoTextLayerError extends Error {}

/** Pages read between two document cleanups. */
const CLEANUP_EVERY_PAGES = 20;

export async function pdfToPageModel(bytes: Uint8Array, hooks: ReadHooks = {}): Promise<PageModel> {
  const { OPS } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  return withPdf(bytes, async (doc) => {
    const positioned: PositionedPage[] = [];
    const lines: PageLine[] = [];
    const warnings: string[] = [];
    let readable = 0;
    // Pages in page order, whether read from the text layer now or by OCR after the loop.
    const byPage = new Map<number, PageLine[] | PositionedPage>();
    const keep = (p: PositionedPage): void => void byPage.set(p.page, hooks.pageLines ? hooks.pageLines(p) : p);
    const needOcr: number[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      try {
        const viewport = page.getViewport({ scale: 1 });
        const tokens = await pageTokens(page, n);
        const problem = textLayerProblem(tokens);
        if (problem) {
          warnings.push(`page ${n}: ${problem}; read by OCR`);
          needOcr.push(n);
          continue;
        }
        readable++;
        const read: PositionedPage = {
          page: n,
          width: viewport.width,
          height: viewport.height,
          tokens,
          // The operator list costs as much as the text layer: only pages that hold numbers can hold tables.
          rulings: !looksTabular(tokens) ? [] : await pageRulings(page, OPS as unknown as Record<string, number>),
        };
        keep(read);
      } finally {
        page.cleanup();
      }
      // pdfjs keeps every page it has handed out (and the worker its parsed resources) until the
      // document is cleaned: do it every few pages so a 500-page file reads in flat memory.
      if (n % CLEANUP_EVERY_PAGES === 0) await doc.cleanup();
    }
    if (needOcr.length > 0) await ocrPdfPages(doc, needOcr, keep);
    for (let n = 1; n <= doc.numPages; n++) {
      const got = byPage.get(n);
      if (Array.isArray(got)) lines.push(...got);
      else if (got) positioned.push(got);
    }
    if (readable === 0 && needOcr.length === 0) throw new NoTextLayerError(`none of its ${doc.numPages} page(s) could be read`);
    // A document read wholly by OCR is a scanned PDF; one with a few scanned pages keeps kind "pdf" (see warnings).
    return { kind: readable === 0 ? "pdf-ocr" : "pdf", geometry: "exact", pages: doc.numPages, lines, positioned, warnings: readable === 0 ? [] : warnings };
  });
}

export function isPdfOpenError(e: unknown): e is PdfOpenError {
  return e instanceof PdfOpenError;
}

/** Fewer numbers than this on a page: no statistics table on it, so its ruling lines are not needed. */
const MIN_NUMBERS_FOR_TABLE = 3;

function looksTabular(tokens: readonly { text: string }[]): boolean {
  return tokens.filter((t) => /^[\d０-９][\d０-９,.]*$/.test(t.text)).length >= MIN_NUMBERS_FOR_TABLE;
}
