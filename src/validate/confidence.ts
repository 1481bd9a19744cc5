/**
 * The one formula that turns a cell's signals into its confidence, and the one rule that turns
 * confidence, flags and the run's review threshold into `needs_review`.
 *
 * confidence = min(label, placement, arithmetic[, ocr]) — gated on the weakest signal, not the mean,
 * because one bad signal is enough to make a value wrong.
 *   label:      the row label's match score (1 exact; 0.75–1 fuzzy; 0.6 when the row was placed
 *               without finding its label).
 *   placement:  1 printed in place; 0.9 placed by row order or by the rules when the rules leave
 *               exactly one choice; 0.85 computed from a rule (not printed); 0.4 ambiguous; 0 missing.
 *   arithmetic: 1 when every rule containing the cell holds; 0.9 when no rule can check it (table 2);
 *               0.3 when a rule containing it fails.
 *   ocr:        (OCR readers only) the engine's confidence in the reading, raised to OCR_CONFIRMED
 *               when every rule containing the cell holds (a misread digit would have broken one).
 */
import { FLAG_CODES, type CellSignals, type FlagCode } from "../model/index.js";

/** The record's signals (model's CellSignals), under the name this module has always used. */
export type Signals = CellSignals;

/**
 * Below this a value goes to review, unless the run says otherwise (pipeline option
 * review.threshold, whose default is this figure). 0.7 sits under every "settled" signal (0.85–1) and over
 * every doubtful one (ambiguous 0.4, failed rule 0.3, unfound label 0.6): on the generated corpus
 * this sends all wrong values to review while keeping false alarms to the flagged kinds.
 */
export const REVIEW_THRESHOLD = 0.7;

/**
 * OCR readings under this confidence are flagged `low_ocr_confidence` (unless the rules confirm
 * them) and may be repaired by the rules. Tesseract gives a clean digit 0.9 or more; the misreads
 * seen on scans of the real reports came with 0.5 or less, and a thin "1" often with 0.5–0.8.
 */
export const OCR_LOW = 0.7;
/** The OCR signal of a reading that every rule containing it confirms. */
export const OCR_CONFIRMED = 0.9;

export const PLACEMENT = { read: 1, byOrder: 0.9, byRules: 0.9, inferred: 0.85, ambiguous: 0.4, missing: 0 } as const;
export const ARITHMETIC = { holds: 1, unchecked: 0.9, fails: 0.3 } as const;
export const LABEL_NOT_FOUND = 0.6;

export function combine(s: Signals): number {
  const parts = [s.label_score >= 0.95 ? 1 : s.label_score, s.placement, s.arithmetic];
  if (s.ocr !== undefined) parts.push(s.ocr);
  return Math.round(Math.min(...parts) * 1000) / 1000;
}

/**
 * A value needs review when its confidence is below the run's threshold (REVIEW_THRESHOLD unless
 * the pipeline sets review.threshold), or when it carries a flag that alone sends it to review
 * (FLAG_CODES[…].review), whatever its confidence.
 */
export function needsReview(confidence: number, flags: readonly FlagCode[], threshold: number): boolean {
  return confidence < threshold || flags.some((f) => FLAG_CODES[f].review);
}
