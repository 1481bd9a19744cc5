import type { ReportRecord } from "../model/index.js";

/** The record as written to `reports/<id>.json`: pretty-printed, UTF-8, trailing newline. */
export function recordToJson(record: ReportRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}
