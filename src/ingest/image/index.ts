/** Page images (PNG, JPEG, TIFF with one or many pages) → positioned page model by OCR. */
import type { PageLine, PageModel, PositionedPage } from "../../model/index.js";
import type { ReadHooks } from "../backend.js";
import { ocrPages } from "../../ocr/index.js";
import { openImage } from "./decode.js";

export { ImageDecodeError, imageFormat, type ImageFormat } from "./decode.js";

export async function imageToPageModel(bytes: Buffer, hooks: ReadHooks = {}): Promise<PageModel> {
  const doc = await openImage(bytes);
  const lines: PageLine[] = [];
  const positioned: PositionedPage[] = [];
  const pages = Array.from({ length: doc.pages }, (_, i) => i + 1);
  await ocrPages(pages, doc.pages, (n) => doc.page(n - 1), (p) => {
    if (hooks.pageLines) lines.push(...hooks.pageLines(p));
    else positioned.push(p);
  }, ...(hooks.ocr ? [hooks.ocr] : []));
  return { kind: "image", geometry: "exact", pages: doc.pages, lines, positioned, warnings: [] };
}
