/**
 * Options of one document run, apart from the extractor so that the CLI reads its defaults without
 * loading it. They are the per-document part of the pipeline options (pipeline-options.ts).
 */
import type { OcrSettings } from "../ocr/index.js";
import { DEFAULT_MAX_BINARY_BYTES, DEFAULT_MAX_BYTES, DEFAULT_REVIEW_THRESHOLD, InvalidOptionsError } from "./pipeline-options.js";

export interface RunOptions {
  /** Largest text input accepted, in bytes (default 16 MiB: a text report is well under 1 MiB). */
  maxBytes: number;
  /** Largest binary input (PDF …) accepted, in bytes (default 512 MiB). */
  maxBinaryBytes: number;
  /** A value whose confidence (0..1) is below this needs review (default 0.7, validate/confidence.ts). */
  reviewThreshold: number;
  /** OCR engine and pool size for scans and images (default: tesseract.js, one engine per core). */
  ocr?: OcrSettings;
  /** Templates read with (pipeline option `templates`: built-in ids, template files); default the built-in ones. */
  templates?: readonly string[];
  /** Row labels found with a lower similarity are not taken (pipeline option match.labelCutoff; default 0.75). */
  labelCutoff?: number;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = { maxBytes: DEFAULT_MAX_BYTES, maxBinaryBytes: DEFAULT_MAX_BINARY_BYTES, reviewThreshold: DEFAULT_REVIEW_THRESHOLD };

export function resolveRunOptions(partial: Partial<RunOptions> = {}): RunOptions {
  const o = { ...DEFAULT_RUN_OPTIONS, ...partial };
  for (const name of ["maxBytes", "maxBinaryBytes"] as const) {
    if (!Number.isFinite(o[name]) || o[name] <= 0) throw new InvalidOptionsError(`${name} must be a positive number of bytes, got ${o[name]}`);
  }
  if (!(o.reviewThreshold >= 0 && o.reviewThreshold <= 1)) throw new InvalidOptionsError(`reviewThreshold must be between 0 and 1, got ${o.reviewThreshold}`);
  return o;
}
