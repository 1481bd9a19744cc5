/** Serializers of records into the outputs of a run (DESIGN.md "Outputs of a run"). */
import type { ReportRecord } from "../model/index.js";
import { readCorrections } from "./corrections.js";
import { simplePanelRows, type PanelRow } from "./panel.js";
import { TablesWriter } from "./tables-writer.js";

export * from "./atomic.js";
export * from "./cells-csv.js";
export * from "./codebook.js";
export * from "./corrections.js";
export * from "./csv.js";
export * from "./datapackage.js";
export * from "./failures.js";
export * from "./id.js";
export * from "./json.js";
export * from "./manifest.js";
export * from "./panel.js";
export * from "./reports-csv.js";
export * from "./review-queue.js";
export * from "./show-text.js";
export * from "./sqlite.js";
export * from "./summary.js";
export * from "./tables-writer.js";
export * from "./xlsx.js";
export { releaseWarmWorkbookThread, warmWorkbookThread } from "./xlsx-link.js";

/** File names inside an output folder. */
export const OUTPUT_FILES = {
  reports: "reports",
  cells: "cells.csv",
  reportsCsv: "reports.csv",
  reviewQueue: "review-queue.csv",
  sqlite: "nianbao.sqlite",
  manifest: "manifest.jsonl",
  panel: "panel.csv",
  keys: "keys.csv",
  failures: "failures.csv",
  datapackage: "datapackage.json",
  xlsx: "nianbao.xlsx",
  /** The templates the records were read with (pipeline option templates), for every rebuild of the tables. */
  templates: "templates.json",
} as const;

/**
 * Writes cells.csv, reports.csv, review-queue.csv, panel.csv, nianbao.sqlite and corrected.jsonl
 * from the given records, each atomically, with the review log (corrections.jsonl) applied:
 * reports/*.json stay as extracted, every export shows the reviewers' values. Streams through
 * TablesWriter (one pass, memory flat in the number of records; it calls applyCorrections and
 * syncCorrectionsTable). Without `panel`, panel rows come from the records as printed
 * (simplePanelRows); the batch runner passes normalized ones — to rebuild a whole output folder
 * as the batch does, use `rebuildTables(outDir)` from the pipeline.
 */
export async function writeTables(
  outDir: string,
  extracted: readonly ReportRecord[],
  panel?: { keys: readonly string[]; rows: Iterable<PanelRow> },
): Promise<void> {
  const log = await readCorrections(outDir);
  const keys = panel?.keys ?? [...new Set(extracted.flatMap((r) => r.cells.map((c) => c.key)))];
  const writer = new TablesWriter(outDir, { panelKeys: keys, log });
  try {
    const corrected: ReportRecord[] = [];
    for (const r of extracted) corrected.push(await writer.add(r));
    for (const row of panel?.rows ?? simplePanelRows(corrected)) writer.addPanelRow(row);
    await writer.commit();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
