/**
 * Limits on what one input may make the readers allocate. Every reader that decodes untrusted
 * bytes (images, PDF streams, ZIP entries, markup) checks the figure the file declares against
 * these before allocating, and refuses with a LimitError (manifest code `too_large`) that names
 * the figure. The figures are far above any real annual report and far below what hurts a run
 * (docs/hostile-inputs.md lists them with the measurements behind them).
 */
import { ReaderError } from "./backend.js";

export const INPUT_LIMITS = {
  /** Pixels of one decoded page (an image, a TIFF page, a rendered PDF page). A3 at 600 dpi is 70 MP. */
  maxPagePixels: 80_000_000,
  /** Pages of a multi-page TIFF, and IFDs walked to find them. */
  maxImagePages: 1000,
  /** Bytes all Flate streams of a PDF may inflate to (a 40-page scanned report inflates to ~300 MiB). */
  maxPdfInflatedBytes: 1024 * 1024 * 1024,
  /** Bytes all entries of a .docx may inflate to (a report's XML is a few MiB; images a few more). */
  maxZipInflatedBytes: 256 * 1024 * 1024,
  /** Entries in a .docx archive (Word writes 10–40). */
  maxZipEntries: 10_000,
  /** Table cells of a web page or a .docx (a report has about 300). */
  maxTableCells: 200_000,
  /** Markup of a web page, in bytes after decoding (a saved report page is well under 2 MiB). */
  maxHtmlBytes: 64 * 1024 * 1024,
  /** Heap of one document thread, MiB (resourceLimits.maxOldGenerationSizeMb): a reader that still runs away dies alone. */
  threadHeapMb: 1536,
} as const;

/** A declared figure over a limit: refused before anything of that size is allocated. */
export class LimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LimitError";
  }
}

/** 30000 → "30,000" (figures in messages are read by people). */
export const figure = (n: number): string => Math.round(n).toLocaleString("en-US");
export const mebibytes = (n: number): string => `${figure(n / 1024 / 1024)} MiB`;

/** Throws when a page of `width` × `height` pixels is over the limit (or not a sane size at all). */
export function checkPagePixels(what: string, width: number, height: number): void {
  if (!Number.isFinite(width) || !Number.isFinite(height) || width < 1 || height < 1) {
    throw new ReaderError("corrupt", `${what} declares a size of ${width} × ${height} pixels, which is no image`);
  }
  const px = width * height;
  if (px > INPUT_LIMITS.maxPagePixels) {
    throw new LimitError(`${what} is ${figure(width)} × ${figure(height)} pixels (${figure(px / 1e6)} MP), over the ${figure(INPUT_LIMITS.maxPagePixels / 1e6)} MP limit for one page`);
  }
}
