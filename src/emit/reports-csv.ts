/** reports.csv: one row per document — metadata, counts, failed rules, overall confidence. */
import type { ReportRecord } from "../model/index.js";
import { LIST_SEPARATOR, roundConfidence, type CsvRow } from "./csv.js";
import { recordId } from "./id.js";
import { summarize } from "./summary.js";

export const REPORTS_COLUMNS = [
  "id",
  "path",
  "sha256",
  "kind",
  "pages",
  "agency",
  "agency_normalized",
  "year",
  "template",
  "title",
  "tables",
  "cells",
  "read",
  "inferred",
  "repaired",
  "missing",
  "corrected",
  "needs_review",
  "checks",
  "checks_failed",
  "failed_rules",
  "confidence",
  "min_confidence",
  "warnings",
  "status",
] as const;

/** `t2=gov-info-2021|t3=gov-info-2019`: the template chosen for each table. */
export function tablesText(tables: Record<string, string>): string {
  return Object.entries(tables)
    .map(([t, id]) => `${t}=${id}`)
    .join(LIST_SEPARATOR);
}

/** `agencyNormalized`: as in cellRows (default: the printed name). */
export function reportRow(r: ReportRecord, agencyNormalized: string | null = r.report.agency): CsvRow {
  const s = summarize(r);
  return [
    recordId(r),
    r.source.path,
    r.source.sha256,
    r.source.kind,
    r.source.pages,
    r.report.agency,
    agencyNormalized,
    r.report.year,
    r.report.template,
    r.report.title,
    tablesText(r.report.tables),
    s.cells,
    s.byStatus.read,
    s.byStatus.inferred,
    s.byStatus.repaired,
    s.byStatus.missing,
    s.byStatus.corrected,
    s.needsReview,
    s.checks,
    s.checksFailed,
    s.failedRules.join(LIST_SEPARATOR),
    s.confidence === null ? null : roundConfidence(s.confidence),
    s.minConfidence === null ? null : roundConfidence(s.minConfidence),
    r.warnings.join(LIST_SEPARATOR),
    r.status ?? "complete",
  ];
}

export function* reportRows(records: Iterable<ReportRecord>): Generator<CsvRow> {
  for (const r of records) yield reportRow(r);
}
