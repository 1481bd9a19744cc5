/** Serializers of records into the outputs of a run (DESIGN.md "Outputs of a run"). */
import { join } from "node:path";
import type { ReportRecord } from "../model/index.js";
import { CELLS_COLUMNS, cellRows } from "./cells-csv.js";
import { writeCsvFile } from "./csv.js";
import { REPORTS_COLUMNS, reportRows } from "./reports-csv.js";
import { REVIEW_COLUMNS, reviewRows } from "./review-queue.js";
import { writeSqlite } from "./sqlite.js";

export * from "./atomic.js";
export * from "./cells-csv.js";
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

/** Writes cells.csv, reports.csv, review-queue.csv and nianbao.sqlite from the given records, each atomically. */
export async function writeTables(outDir: string, records: readonly ReportRecord[]): Promise<void> {
  await writeCsvFile(join(outDir, OUTPUT_FILES.cells), CELLS_COLUMNS, cellRows(records));
  await writeCsvFile(join(outDir, OUTPUT_FILES.reportsCsv), REPORTS_COLUMNS, reportRows(records));
  await writeCsvFile(join(outDir, OUTPUT_FILES.reviewQueue), REVIEW_COLUMNS, reviewRows(records));
  await writeSqlite(join(outDir, OUTPUT_FILES.sqlite), records);
}
