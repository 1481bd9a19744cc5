/** cells.csv: one row per value, the long-form panel (agency × year × key). */
import type { ReportRecord } from "../model/index.js";
import { LIST_SEPARATOR, roundConfidence, type CsvRow } from "./csv.js";
import { recordId } from "./id.js";

export const CELLS_COLUMNS = [
  "document",
  "source_path",
  "agency",
  "agency_normalized",
  "year",
  "template",
  "key",
  "table",
  "row",
  "column",
  "label_zh",
  "value",
  "raw",
  "confidence",
  "status",
  "flags",
  "needs_review",
] as const;

/**
 * `agencyOf`: the normalized agency of a record (the batch runner passes the name panel.csv uses,
 * src/pipeline/panel.ts); without it the printed name is repeated.
 */
export function* cellRows(records: Iterable<ReportRecord>, agencyOf: (r: ReportRecord) => string | null = (r) => r.report.agency): Generator<CsvRow> {
  for (const r of records) {
    const id = recordId(r);
    const normalized = agencyOf(r);
    for (const c of r.cells) {
      // The template of the cell's own table: real reports mix the 2019 and 2021 layouts.
      const template = r.report.tables[c.table] ?? r.report.template;
      yield [
        id,
        r.source.path,
        r.report.agency,
        normalized,
        r.report.year,
        template,
        c.key,
        c.table,
        c.row,
        c.column,
        c.label_zh,
        c.value,
        c.raw,
        roundConfidence(c.confidence),
        c.status,
        c.flags.join(LIST_SEPARATOR),
        c.needs_review,
      ];
    }
  }
}
