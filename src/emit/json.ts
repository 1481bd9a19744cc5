import type { ReportRecord } from "../model/index.js";

/**
 * The record as written to `reports/<id>.json`: compact JSON (no indentation), UTF-8, trailing
 * newline. Pretty-printing made a record 60 % larger (123 vs 77 KB for a generated report) and is
 * what `nianbao show --json` and any JSON viewer give back (issue 14).
 */
export function recordToJson(record: ReportRecord): string {
  return `${JSON.stringify(record)}\n`;
}
