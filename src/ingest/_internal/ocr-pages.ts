/**
 * Pages of one document through OCR: images are produced one at a time (rendering a PDF page,
 * decoding a TIFF frame), and up to one page per engine of the pool is recognized at once. Pages
 * come back in order; each finished page is reported to the progress listener (in a document
 * thread, ocr-link.ts forwards it to the main thread).
 */
import type { PositionedPage } from "../../model/index.js";
import { ocrPage } from "./ocr-page.js";
import { ocrConcurrency, ocrSettings, withOcrEngine } from "./ocr-pool.js";
import type { Gray } from "./raster.js";

export interface OcrProgress {
  page: number;
  pages: number;
  ms: number;
  /** Skew corrected on this page, degrees. */
  skew: number;
  engine: string;
}

let listener: ((p: OcrProgress) => void) | null = null;

/** Progress per OCR'd page (the CLI prints it); null to stop listening. */
export function onOcrProgress(fn: ((p: OcrProgress) => void) | null): void {
  listener = fn;
}

export interface PageImage {
  gray: Gray;
  dpi: number;
}

export async function ocrPages(
  pages: readonly number[],
  total: number,
  image: (page: number) => Promise<PageImage>,
  done: (page: PositionedPage) => void,
): Promise<void> {
  const settings = ocrSettings();
  const concurrency = ocrConcurrency(settings);
  const inFlight = new Set<Promise<void>>();
  const results = new Map<number, PositionedPage>();
  let next = 0;
  const flush = (): void => {
    while (next < pages.length && results.has(pages[next]!)) {
      done(results.get(pages[next]!)!);
      results.delete(pages[next]!);
      next++;
    }
  };
  for (const n of pages) {
    const img = await image(n);
    const job = withOcrEngine(async (engine) => {
      const t0 = performance.now();
      const { skew, ...page } = await ocrPage(img.gray, n, engine, { dpi: img.dpi });
      listener?.({ page: n, pages: total, ms: performance.now() - t0, skew, engine: engine.kind });
      results.set(n, page);
    }, settings);
    const tracked: Promise<void> = job.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
    flush();
  }
  await Promise.all(inFlight);
  flush();
}
