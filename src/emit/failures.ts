/**
 * failures.csv and the SQLite `failures` table: every input of the manifest that was not read — failed,
 * or refused (structured data, excluded kinds) — with its code and message, so that a user of Excel
 * or a database browser sees them without reading manifest.jsonl.
 */
import type { CsvRow } from "./csv.js";
import type { ManifestEntry } from "./manifest.js";

export const FAILURES_COLUMNS = ["path", "sha256", "status", "code", "message", "at"] as const;

/** Manifest entries that carry an error: failed inputs and inputs refused as not reports. */
export function notRead(entries: Iterable<ManifestEntry>): ManifestEntry[] {
  return [...entries].filter((e) => e.error !== null && (e.status === "failed" || e.status === "skipped"));
}

export function failureRow(e: ManifestEntry): CsvRow {
  return [e.path, e.sha256, e.status, e.error?.code ?? "", e.error?.message ?? "", e.at];
}
