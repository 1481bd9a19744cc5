/**
 * The contract of a reader (one per input format): recognize its bytes, turn them into a page model.
 * Readers say what they can promise about positions through the model's `geometry`; later stages
 * branch on that, never on the format. A problem with the input is a ReaderError with a code.
 */
import type { PageModel, SourceKind } from "../model/index.js";

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
  read(bytes: Buffer): Promise<PageModel>;
}
