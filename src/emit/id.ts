import { basename, extname } from "node:path";
import type { ReportRecord } from "../model/index.js";

// Keeps ids usable as file names everywhere (Windows too) and well under the 255-byte name limit.
const UNSAFE = /[\\/:*?"<>|\s\p{Cc}]+/gu;
const MAX_STEM_BYTES = 150;

/** `<file stem>-<first 8 hex of sha256>`: stable for the same name and content, distinct otherwise. */
export function recordIdFor(path: string, sha256: string): string {
  let stem = basename(path, extname(path)).replace(UNSAFE, "_").replace(/^\.+/, "");
  while (Buffer.byteLength(stem) > MAX_STEM_BYTES) stem = Array.from(stem).slice(0, -1).join("");
  return `${stem || "document"}-${sha256.slice(0, 8).toLowerCase()}`;
}

export function recordId(record: ReportRecord): string {
  return recordIdFor(record.source.path, record.source.sha256);
}
