/** review-queue.csv: the values flagged for review, least confident first, with what to check them against. */
import type { Check, ReportRecord } from "../model/index.js";
import { LIST_SEPARATOR, roundConfidence, type CsvRow } from "./csv.js";
import { recordId } from "./id.js";

export const REVIEW_COLUMNS = [
  "document",
  "agency",
  "year",
  "key",
  "label_zh",
  "value",
  "raw",
  "confidence",
  "status",
  "flags",
  "failed_checks",
  "check_messages",
  "page",
  "line",
  "source_path",
] as const;

function num(v: number | null): string {
  return v === null ? "null" : String(v);
}

/** `rule (expected E, actual A)` for each failed check that contains the key. */
export function failedChecksText(failed: readonly Check[]): string {
  return failed.map((k) => `${k.rule} (expected ${num(k.expected)}, actual ${num(k.actual)})`).join(LIST_SEPARATOR);
}

export interface ReviewItem {
  id: string;
  index: number;
  confidence: number;
  row: CsvRow;
}

/** Sorted by confidence ascending; ties keep document id order, then the record's cell order. */
export function reviewRows(records: Iterable<ReportRecord>): CsvRow[] {
  const items: ReviewItem[] = [];
  for (const r of records) items.push(...reviewItems(r));
  items.sort((a, b) => a.confidence - b.confidence || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.index - b.index);
  return items.map((i) => i.row);
}

/** The review-queue rows of one record, unsorted, with their sort keys (the streaming writer sorts in SQLite). */
export function reviewItems(r: ReportRecord): ReviewItem[] {
  const items: ReviewItem[] = [];
  {
    const id = recordId(r);
    const failedByKey = new Map<string, Check[]>();
    for (const k of r.checks) {
      if (k.ok) continue;
      for (const key of k.keys) failedByKey.set(key, [...(failedByKey.get(key) ?? []), k]);
    }
    r.cells.forEach((c, index) => {
      if (!c.needs_review) return;
      const failed = failedByKey.get(c.key) ?? [];
      items.push({
        id,
        index,
        confidence: c.confidence,
        row: [
          id,
          r.report.agency,
          r.report.year,
          c.key,
          c.label_zh,
          c.value,
          c.raw,
          roundConfidence(c.confidence),
          c.status,
          c.flags.join(LIST_SEPARATOR),
          failedChecksText(failed),
          failed.flatMap((k) => (k.message_zh ? [k.message_zh] : [])).join(LIST_SEPARATOR),
          c.source.page,
          c.source.line,
          r.source.path,
        ],
      });
    });
  }
  return items;
}
