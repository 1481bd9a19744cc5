/** Serializers of records into the outputs of a run (DESIGN.md "Outputs of a run"). */
import { join } from "node:path";
import type { ReportRecord } from "../model/index.js";
import { CELLS_COLUMNS, cellRows } from "./cells-csv.js";
import { CORRECTED_JSONL_FILE, applyCorrections, readCorrections, syncCorrectionsTable, writeCorrectedJsonl } from "./corrections.js";
import { writeCsvFile } from "./csv.js";
import { REPORTS_COLUMNS, reportRows } from "./reports-csv.js";
import { REVIEW_COLUMNS, reviewRows } from "./review-queue.js";
import { writeSqlite } from "./sqlite.js";

export * from "./atomic.js";
export * from "./cells-csv.js";
export * from "./corrections.js";
export * from "./csv.js";
export * from "./id.js";
export * from "./json.js";
export * from "./manifest.js";
export * from "./reports-csv.js";
export * from "./review-queue.js";
export * from "./sqlite.js";
export * from "./summary.js";

/** File names inside an output folder. */
export const OUTPUT_FILES = {
  reports: "reports",
  cells: "cells.csv",
  reportsCsv: "reports.csv",
  reviewQueue: "review-queue.csv",
  sqlite: "nianbao.sqlite",
  manifest: "manifest.jsonl",
} as const;

/**
 * Writes cells.csv, reports.csv, review-queue.csv, nianbao.sqlite and corrected.jsonl from the given
 * records, each atomically, with the review log (corrections.jsonl) applied: reports/*.json stay as
 * extracted, every export shows the reviewers' values.
 */
export async function writeTables(outDir: string, extracted: readonly ReportRecord[]): Promise<void> {
  const log = await readCorrections(outDir);
  const records = extracted.map((r) => applyCorrections(r, log));
  await writeCsvFile(join(outDir, OUTPUT_FILES.cells), CELLS_COLUMNS, cellRows(records));
  await writeCsvFile(join(outDir, OUTPUT_FILES.reportsCsv), REPORTS_COLUMNS, reportRows(records));
  await writeCsvFile(join(outDir, OUTPUT_FILES.reviewQueue), REVIEW_COLUMNS, reviewRows(records));
  await writeSqlite(join(outDir, OUTPUT_FILES.sqlite), records);
  syncCorrectionsTable(join(outDir, OUTPUT_FILES.sqlite), log);
  await writeCorrectedJsonl(join(outDir, CORRECTED_JSONL_FILE), records, log);
}
