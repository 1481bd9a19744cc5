/**
 * Pages of one document through OCR: images are produced and prepared (deskew, grid, crops) one at
 * a time, and up to one page per engine of the pool is recognized at once while the next is
 * prepared. Pages
 * come back in order; each finished page is reported to the progress listener (in a document
 * thread, thread-link.ts forwards it to the main thread).
 */
import type { PositionedPage } from "../model/index.js";
import { prepareOcrPage, readPreparedPage } from "./read-page.js";
import { ocrConcurrency, ocrEngineKind, ocrSettings, withOcrEngine, type OcrSettings } from "./engine-pool.js";
import type { OcrEngine } from "./engines.js";
import type { Gray } from "./image-ops.js";

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
  settings: OcrSettings = ocrSettings(),
): Promise<void> {
  const concurrency = ocrConcurrency(settings);
  // An engine is taken for each pass, not for a whole page: while a page builds its next strip,
  // its engine reads another page's, so no engine waits on this thread's work.
  const engine: OcrEngine = {
    kind: ocrEngineKind(settings),
    recognize: (image, mode) => withOcrEngine((e) => e.recognize(image, mode), settings),
    close: async () => {},
  };
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
    const t0 = performance.now();
    const img = await image(n);
    // The image work needs no engine: it runs here while the engines read the pages before.
    const prepared = await prepareOcrPage(img.gray, n, { dpi: img.dpi });
    const job = (async () => {
      const { skew, ...page } = await readPreparedPage(prepared, engine);
      listener?.({ page: n, pages: total, ms: performance.now() - t0, skew, engine: engine.kind });
      results.set(n, page);
    })();
    const tracked: Promise<void> = job.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    // One page per engine being read, and two more prepared: with an engine taken per pass, the
    // engines always have a strip to read while this thread cuts the next page.
    if (inFlight.size > concurrency + 1) await Promise.race(inFlight);
    flush();
  }
  await Promise.all(inFlight);
  flush();
}
