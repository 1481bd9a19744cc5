/**
 * The registry of readers: format → backend. A file's reader is the first whose sniff accepts its
 * bytes; text comes last, as the fallback. Adding a format is adding a backend here.
 */
import type { IngestBackend } from "./backend.js";
import { docxBackend } from "./docx/backend.js";
import { htmlBackend } from "./html/backend.js";
import { imageBackend } from "./image/backend.js";
import { pdfBackend } from "./pdf/backend.js";
import { pdfOcrBackend } from "./pdf-ocr/backend.js";
import { textBackend } from "./text/backend.js";

export { ReaderError, type IngestBackend, type ReaderErrorCode } from "./backend.js";
export { closeOcr, ocrSettings, OCR_ENGINE_KINDS } from "../ocr/index.js";
export { onOcrProgress, type OcrProgress } from "../ocr/index.js";

/** Formats recognized but not read yet: refused with a message saying so. */
const NOT_YET: { name: string; sniff: (b: Buffer) => boolean }[] = [];

export const BACKENDS: readonly IngestBackend[] = [pdfBackend, pdfOcrBackend, imageBackend, docxBackend, htmlBackend, textBackend];

export type Detected = { backend: IngestBackend } | { unsupported: string };

export function detectBackend(bytes: Buffer): Detected {
  for (const b of BACKENDS) {
    if (b === textBackend) break;
    if (b.sniff(bytes)) return { backend: b };
  }
  const other = NOT_YET.find((f) => f.sniff(bytes));
  if (other) return { unsupported: other.name };
  return { backend: textBackend };
}

/** The formats that can be read, for messages: "PDF with a text layer, text (…)". */
export function knownFormats(): string {
  return BACKENDS.map((b) => b.description).join(", ");
}
