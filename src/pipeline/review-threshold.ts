/**
 * The pipeline's review threshold (options review.threshold) applied to a record. validate marks
 * needs_review with its own REVIEW_THRESHOLD (validate/confidence.ts); a run with another threshold
 * re-decides each cell here: below the threshold, or carrying a review flag, or marked for a reason
 * other than its confidence (validate marked it although it was over validate's threshold). At the
 * default threshold this is the identity (checked on the real set: records byte-identical).
 */
import { FLAG_CODES, type FlagCode, type ReportRecord } from "../model/index.js";
import { REVIEW_THRESHOLD } from "../validate/index.js";

export function applyReviewThreshold(r: ReportRecord, threshold: number): ReportRecord {
  if (threshold === REVIEW_THRESHOLD) return r;
  return { ...r, cells: r.cells.map((c) => ({ ...c, needs_review: needsReviewAt(threshold, c.confidence, c.flags, c.needs_review) })) };
}

/** needs_review at `threshold`, keeping what validate marked for reasons other than confidence. */
export function needsReviewAt(threshold: number, confidence: number, flags: readonly string[], marked = false): boolean {
  return confidence < threshold || flags.some((f) => Object.hasOwn(FLAG_CODES, f) && FLAG_CODES[f as FlagCode].review) || (marked && confidence >= REVIEW_THRESHOLD);
}
