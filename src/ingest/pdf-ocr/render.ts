/**
 * PDF pages → grayscale images, rendered by pdfjs-dist on the canvas factory it brings
 * (@napi-rs/canvas, the copy pdfjs resolves: a second copy of the native module at another version
 * breaks rendering). One page at a time; the canvas is released before the next.
 */
import type { PDFDocumentProxy } from "../pdf/document.js";
import { rgbaToGray, type Gray } from "../../ocr/index.js";
import { INPUT_LIMITS, LimitError, figure } from "../limits.js";
import { canvas } from "../../native.js";

type PDFPageProxy = Awaited<ReturnType<PDFDocumentProxy["getPage"]>>;

interface CanvasEntry {
  canvas: { width: number; height: number };
  context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}

interface CanvasFactoryLike {
  create(width: number, height: number): CanvasEntry;
  destroy(entry: CanvasEntry): void;
}

/** Render a page at `dpi` (72 = one pixel per point) to a grayscale image, white background. */
export async function renderPage(doc: PDFDocumentProxy, page: PDFPageProxy, dpi: number): Promise<Gray> {
  const viewport = page.getViewport({ scale: dpi / 72 });
  const factory = (doc as unknown as { canvasFactory: CanvasFactoryLike }).canvasFactory;
  const width = Math.ceil(viewport.width);
  const height = Math.ceil(viewport.height);
  // Checked before the canvas is made: skia cannot make a surface of a page 1e9 pt wide ("Create
  // skia surface failed"), and one just under its own limit would take gigabytes.
  const { width: pt, height: ptH } = page.getViewport({ scale: 1 });
  if (!(width * height <= INPUT_LIMITS.maxPagePixels)) {
    throw new LimitError(
      `page ${page.pageNumber} is ${figure(pt)} × ${figure(ptH)} pt; drawn at ${dpi} dpi for OCR that is ${figure(width)} × ${figure(height)} pixels, over the ${figure(INPUT_LIMITS.maxPagePixels / 1e6)} MP limit for one page`,
    );
  }
  canvas(); // pdfjs's factory needs it; said plainly here when it cannot load
  const entry = factory.create(width, height);
  try {
    await page.render({
      canvas: entry.canvas as never,
      canvasContext: entry.context as never,
      viewport,
      background: "#ffffff",
    }).promise;
    const { data } = entry.context.getImageData(0, 0, width, height);
    return rgbaToGray(data, width, height);
  } finally {
    factory.destroy(entry);
  }
}
