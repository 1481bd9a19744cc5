/**
 * A page of a PDF or image input as a picture, for showing a value's box on its page (the review
 * app). Only the bytes that were read are ever shown: the file must still hash to the record's
 * sha256. The page's size comes back in points, the unit of every cell's bbox, so that the box can
 * be drawn on the picture whatever its resolution.
 *
 * A page that was read by OCR is drawn as OCR saw it: rendered at the OCR resolution and
 * straightened by the same measured skew (read-page.ts), because its boxes are in the straightened
 * page's coordinates — on the scan as scanned, a box at 1.5° skew sits a column rule away from its
 * value near the page's edges. (The review app reaches ingest through here.)
 */
import { toPng } from "../ocr/index.js";
import { pageSkew, straighten } from "../ocr/index.js";
import { openImage } from "../ingest/image/decode.js";
import { withPdf } from "../ingest/pdf/document.js";
import { RENDER_DPI } from "../ingest/pdf-ocr/index.js";
import { renderPage } from "../ingest/pdf-ocr/render.js";
import { readUnchanged } from "./source-text.js";

/** Resolution text-layer pages are drawn at: sharp at the zoom the app opens with (a 7 pt digit about 20 px tall). */
export const SOURCE_PAGE_DPI = 200;

/** Larger than any report; a file this large is not drawn. */
const MAX_SOURCE_PAGE_BYTES = 512 * 1024 * 1024;

/** `skew`: degrees the picture was straightened by (OCR'd pages), 0 for a text-layer page. */
export type SourcePage = { png: Buffer; width: number; height: number; skew: number } | { error: "unreadable" | "changed" | "no_page" | "not_paged" };

export interface SourcePageOptions {
  /** The page's values were read by OCR (scans, images, a PDF's pages without a text layer). */
  ocr?: boolean;
}

export async function renderSourcePage(path: string, sha256: string, kind: string, page: number, opts: SourcePageOptions = {}): Promise<SourcePage> {
  if (kind !== "pdf" && kind !== "pdf-ocr" && kind !== "image") return { error: "not_paged" };
  const bytes = await readUnchanged(path, sha256, MAX_SOURCE_PAGE_BYTES);
  if ("error" in bytes) return bytes;
  try {
    if (kind === "image") {
      const image = await openImage(bytes);
      if (page > image.pages) return { error: "no_page" };
      const { gray, dpi } = await image.page(page - 1);
      const skew = pageSkew(gray);
      return { png: toPng(straighten(gray, skew)), width: (gray.width * 72) / dpi, height: (gray.height * 72) / dpi, skew };
    }
    const ocr = kind === "pdf-ocr" || opts.ocr === true;
    return await withPdf(bytes, async (doc) => {
      if (page > doc.numPages) return { error: "no_page" } as const;
      const p = await doc.getPage(page);
      try {
        const { width, height } = p.getViewport({ scale: 1 });
        if (!ocr) return { png: toPng(await renderPage(doc, p, SOURCE_PAGE_DPI)), width, height, skew: 0 };
        const gray = await renderPage(doc, p, RENDER_DPI);
        const skew = pageSkew(gray);
        return { png: toPng(straighten(gray, skew)), width: (gray.width * 72) / RENDER_DPI, height: (gray.height * 72) / RENDER_DPI, skew };
      } finally {
        p.cleanup();
      }
    });
  } catch {
    return { error: "unreadable" };
  }
}
