/**
 * The contract of a reader (one per input format): recognize its bytes, turn them into a page model.
 * Readers say what they can promise about positions through the model's `geometry`; later stages
 * branch on that, never on the format. A problem with the input is a ReaderError with a code.
 */
import type { PageLine, PageModel, PositionedPage, SourceKind } from "../model/index.js";
import type { OcrSettings } from "../ocr/index.js";

/**
 * What the caller may do with each page as soon as it is read. Readers with geometry call
 * `pageLines` page by page, so a long document is held as lines, not as every token of every page.
 */
export interface ReadHooks {
  pageLines?: (page: PositionedPage) => PageLine[];
  /** The run's OCR settings (pipeline options ocr.*), for the readers that OCR; defaults when absent. */
  ocr?: OcrSettings;
}

export type ReaderErrorCode = "binary" | "encrypted" | "corrupt" | "empty" | "needs_ocr" | "unreadable";

export class ReaderError extends Error {
  constructor(
    readonly code: ReaderErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ReaderError";
  }
}

export interface IngestBackend {
  kind: SourceKind;
  /** A few words for messages, e.g. "PDF with a text layer". */
  description: string;
  /** True when these bytes are this reader's format (magic numbers, markup), whatever the file is called. */
  sniff(bytes: Buffer): boolean;
  read(bytes: Buffer, hooks?: ReadHooks): Promise<PageModel>;
}
