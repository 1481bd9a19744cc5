/** Per-document figures shared by reports.csv and the SQLite `documents` table. */
import type { CellStatus, ReportRecord } from "../model/index.js";

export interface DocumentSummary {
  cells: number;
  byStatus: Record<CellStatus, number>;
  needsReview: number;
  checks: number;
  checksFailed: number;
  failedRules: string[];
  /** 10th percentile (nearest rank) of cell confidences; null without cells. */
  confidence: number | null;
  minConfidence: number | null;
}

/**
 * Overall confidence is the 10th percentile, not the mean (which hides the few bad values a reviewer
 * must find) nor the minimum (one doubtful cell out of ~250 would rate every real report as bad).
 * With fewer than 10 cells it is the minimum. The minimum is reported beside it.
 */
export function overallConfidence(confidences: readonly number[]): number | null {
  if (confidences.length === 0) return null;
  const sorted = [...confidences].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(0.1 * sorted.length));
  return sorted[rank - 1] ?? null;
}

export function summarize(r: ReportRecord): DocumentSummary {
  const byStatus: Record<CellStatus, number> = { read: 0, inferred: 0, repaired: 0, missing: 0, corrected: 0 };
  let needsReview = 0;
  for (const c of r.cells) {
    byStatus[c.status] += 1;
    if (c.needs_review) needsReview += 1;
  }
  const failed = r.checks.filter((k) => !k.ok);
  const confidences = r.cells.map((c) => c.confidence);
  return {
    cells: r.cells.length,
    byStatus,
    needsReview,
    checks: r.checks.length,
    checksFailed: failed.length,
    failedRules: [...new Set(failed.map((k) => k.rule))],
    confidence: overallConfidence(confidences),
    minConfidence: confidences.length ? Math.min(...confidences) : null,
  };
}
