/**
 * A page of a PDF or image input as a picture, for showing a value's box on its page (the review
 * app). Only the bytes that were read are ever shown: the file must still hash to the record's
 * sha256. The page's size comes back in points, the unit of every cell's bbox, so that the box can
 * be drawn on the picture whatever its resolution. (The review app reaches ingest through here.)
 */
import { toPng } from "../ingest/_internal/raster.js";
import { openImage } from "../ingest/image/decode.js";
import { withPdf } from "../ingest/pdf/document.js";
import { renderPage } from "../ingest/pdf-ocr/render.js";
import { readUnchanged } from "./source-text.js";

/** Resolution pages are drawn at: sharp enough to read a 7 pt digit on screen, small to send. */
export const SOURCE_PAGE_DPI = 110;

/** Larger than any report; a file this large is not drawn. */
const MAX_SOURCE_PAGE_BYTES = 512 * 1024 * 1024;

export type SourcePage = { png: Buffer; width: number; height: number } | { error: "unreadable" | "changed" | "no_page" | "not_paged" };

export async function renderSourcePage(path: string, sha256: string, kind: string, page: number): Promise<SourcePage> {
  if (kind !== "pdf" && kind !== "pdf-ocr" && kind !== "image") return { error: "not_paged" };
  const bytes = await readUnchanged(path, sha256, MAX_SOURCE_PAGE_BYTES);
  if ("error" in bytes) return bytes;
  try {
    if (kind === "image") {
      const image = await openImage(bytes);
      if (page > image.pages) return { error: "no_page" };
      const { gray, dpi } = await image.page(page - 1);
      return { png: toPng(gray), width: (gray.width * 72) / dpi, height: (gray.height * 72) / dpi };
    }
    return await withPdf(bytes, async (doc) => {
      if (page > doc.numPages) return { error: "no_page" } as const;
      const p = await doc.getPage(page);
      try {
        const { width, height } = p.getViewport({ scale: 1 });
        return { png: toPng(await renderPage(doc, p, SOURCE_PAGE_DPI)), width, height };
      } finally {
        p.cleanup();
      }
    });
  } catch {
    return { error: "unreadable" };
  }
}
