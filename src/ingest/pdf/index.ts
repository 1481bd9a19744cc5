/**
 * PDF with a text layer → page model with geometry: every page's text tokens (boxes in points,
 * top-left origin) and ruling lines. Pages are read one at a time and released, so memory stays
 * flat over long documents. Pages without a usable text layer (scanned, or a garbled layer) are
 * read by OCR (src/ingest/pdf-ocr) and reported in the warnings, never silently empty.
 */
import type { PageLine, PageModel, PositionedPage } from "../../model/index.js";
import type { ReadHooks } from "../backend.js";
import { ocrPdfPages } from "../pdf-ocr/index.js";
import { loadPdfjs, PdfOpenError, withPdf } from "./document.js";
import { pageRulings } from "./rulings.js";
import { pageTokens } from "./page-text.js";
import { textLayerProblem } from "./text-quality.js";

export { PdfOpenError } from "./document.js";

export class NoTextLayerError extends Error {}

/** Pages read between two document cleanups. */
const CLEANUP_EVERY_PAGES = 20;

export async function pdfToPageModel(bytes: Uint8Array, hooks: ReadHooks = {}): Promise<PageModel> {
  let read = await readTextLayer(bytes, hooks, false);
  // Text garbled with the font programs hidden: they were needed after all (a font whose ToUnicode
  // map is missing or wrong); read again with them before sending pages to OCR.
  if (read.fontProgramsHidden && read.garbled) read = await readTextLayer(bytes, hooks, true);
  const { byPage, needOcr, warnings, pages, readable } = read;
  // The text-reading document cannot draw (see readOnly): pages for OCR are drawn from a second one.
  if (needOcr.length > 0) await withPdf(bytes, (doc) => ocrPdfPages(doc, needOcr, (p) => byPage.set(p.page, keepPage(p, hooks)), hooks.ocr));
  if (readable === 0 && needOcr.length === 0) throw new NoTextLayerError(`none of its ${pages} page(s) could be read`);
  const lines: PageLine[] = [];
  const positioned: PositionedPage[] = [];
  for (let n = 1; n <= pages; n++) {
    const got = byPage.get(n);
    if (Array.isArray(got)) lines.push(...got);
    else if (got) positioned.push(got);
  }
  // A document read wholly by OCR is a scanned PDF; one with a few scanned pages keeps kind "pdf" (see warnings).
  return { kind: readable === 0 ? "pdf-ocr" : "pdf", geometry: "exact", pages, lines, positioned, warnings: readable === 0 ? [] : warnings };
}

/** A page as the caller wants it kept: turned into lines at once (streaming) or whole. */
function keepPage(p: PositionedPage, hooks: ReadHooks): PageLine[] | PositionedPage {
  return hooks.pageLines ? hooks.pageLines(p) : p;
}

interface TextLayerRead {
  /** Pages in page order, whether read from the text layer or (later) by OCR. */
  byPage: Map<number, PageLine[] | PositionedPage>;
  needOcr: number[];
  warnings: string[];
  pages: number;
  readable: number;
  garbled: boolean;
  fontProgramsHidden: boolean;
}

async function readTextLayer(bytes: Uint8Array, hooks: ReadHooks, keepFontPrograms: boolean): Promise<TextLayerRead> {
  const { OPS } = await loadPdfjs();
  const byPage = new Map<number, PageLine[] | PositionedPage>();
  const warnings: string[] = [];
  const needOcr: number[] = [];
  let readable = 0;
  let garbled = false;
  const opened = await withPdf(
    bytes,
    async (doc, { fontProgramsHidden }) => {
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        try {
          const viewport = page.getViewport({ scale: 1 });
          const tokens = await pageTokens(page, n);
          const problem = textLayerProblem(tokens);
          if (problem) {
            garbled ||= problem.kind === "garbled";
            warnings.push(`page ${n}: ${problem.message}; read by OCR`);
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
          byPage.set(n, keepPage(read, hooks));
        } finally {
          page.cleanup();
        }
        // pdfjs keeps every page it has handed out (and the worker its parsed resources) until the
        // document is cleaned: do it every few pages so a 500-page file reads in flat memory.
        if (n % CLEANUP_EVERY_PAGES === 0) await doc.cleanup();
      }
      return { pages: doc.numPages, fontProgramsHidden };
    },
    { readOnly: true, keepFontPrograms },
  );
  return { byPage, needOcr, warnings, readable, garbled, ...opened };
}

export function isPdfOpenError(e: unknown): e is PdfOpenError {
  return e instanceof PdfOpenError;
}

/** Fewer numbers than this on a page: no statistics table on it, so its ruling lines are not needed. */
const MIN_NUMBERS_FOR_TABLE = 3;

function looksTabular(tokens: readonly { text: string }[]): boolean {
  return tokens.filter((t) => /^[\d０-９][\d０-９,.]*$/.test(t.text)).length >= MIN_NUMBERS_FOR_TABLE;
}
