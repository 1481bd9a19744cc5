/**
 * panel.csv and the SQLite `panel` table: the panel data set in wide form, one row per agency and
 * year, one column per key (every key of every template, so that 2019 and 2021 reports share one
 * header; a key a report's template lacks is empty). Rows are built by the batch runner
 * (src/pipeline/panel.ts: agency names normalized, years chosen); this module only serializes them.
 */
import type Database from "better-sqlite3";
import type { ReportRecord } from "../model/index.js";
import { LIST_SEPARATOR, type CsvRow } from "./csv.js";
import { recordId } from "./id.js";

export interface PanelRow {
  /** Canonical agency name (normalized; the longest written form). */
  agency: string;
  year: number;
  /** Record id the values come from; with several reports for the agency-year, the first by id. */
  document: string;
  /** Every record of this agency-year (more than one is flagged agency_year_duplicate). */
  documents: string[];
  /** The agency names as printed in the reports of this row. */
  agency_names: string[];
  /** Where the year came from: title, text or file. */
  year_source: string;
  /** Panel-level flags (year_conflict, agency_year_duplicate) and the cross-year flags of the row's cells. */
  flags: string[];
  values: Record<string, number | null>;
}

export const PANEL_FIXED_COLUMNS = ["agency", "year", "document", "documents", "agency_names", "year_source", "flags"] as const;

export function panelColumns(keys: readonly string[]): string[] {
  return [...PANEL_FIXED_COLUMNS, ...keys];
}

export function panelCsvRow(row: PanelRow, keys: readonly string[]): CsvRow {
  return [
    row.agency,
    row.year,
    row.document,
    row.documents.join(LIST_SEPARATOR),
    row.agency_names.join(LIST_SEPARATOR),
    row.year_source,
    row.flags.join(LIST_SEPARATOR),
    ...keys.map((k) => row.values[k] ?? null),
  ];
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** `panel(agency, year, …, "<key>" NUMERIC …)`, PRIMARY KEY (agency, year). Keys contain dots: quote them. */
export function panelTableSql(keys: readonly string[]): string {
  const cols = keys.map((k) => `${quote(k)} NUMERIC`).join(", ");
  return `CREATE TABLE panel (agency TEXT NOT NULL, year INTEGER NOT NULL, document TEXT NOT NULL, documents TEXT NOT NULL,
  agency_names TEXT NOT NULL, year_source TEXT NOT NULL, flags TEXT NOT NULL, ${cols}, PRIMARY KEY (agency, year));`;
}

export function panelInserter(db: Database.Database, keys: readonly string[]): (row: PanelRow) => void {
  const stmt = db.prepare(`INSERT INTO panel VALUES (${panelColumns(keys).map(() => "?").join(",")})`);
  return (row) => {
    stmt.run(panelCsvRow(row, keys).map((v) => (typeof v === "boolean" ? (v ? 1 : 0) : v)));
  };
}

/**
 * Panel rows straight from records, for callers without the batch runner's index (writeTables on a
 * list): agency names as printed, the extractor's year, the first record per agency-year by id.
 * The batch runner builds better rows (normalized names, year evidence): src/pipeline/panel.ts.
 */
export function simplePanelRows(records: readonly ReportRecord[]): PanelRow[] {
  const byAgencyYear = new Map<string, ReportRecord[]>();
  for (const r of records) {
    if (r.report.agency === null || r.report.year === null) continue;
    const k = `${r.report.agency}\u0000${r.report.year}`;
    byAgencyYear.set(k, [...(byAgencyYear.get(k) ?? []), r]);
  }
  return [...byAgencyYear.values()].map((rs) => {
    const sorted = [...rs].sort((a, b) => (recordId(a) < recordId(b) ? -1 : 1));
    const first = sorted[0]!;
    return {
      agency: first.report.agency!,
      year: first.report.year!,
      document: recordId(first),
      documents: sorted.map(recordId),
      agency_names: [first.report.agency!],
      year_source: "record",
      flags: sorted.length > 1 ? ["agency_year_duplicate"] : [],
      values: Object.fromEntries(first.cells.map((c) => [c.key, c.value])),
    };
  });
}
