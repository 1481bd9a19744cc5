/**
 * Structured data (JSON, CSV, XML) is not a report: a gold file or an export lying beside the PDFs
 * must not be read as a pre-2019 report with numbers picked from its notes. Recognised by name
 * (.json, .csv …) or by its first bytes (a JSON object or array; an XML declaration that is not
 * XHTML), so that a renamed file is caught too.
 */
import { extname } from "node:path";

export type StructuredKind = "JSON" | "CSV" | "XML";

const BY_EXTENSION: Record<string, StructuredKind> = {
  ".json": "JSON",
  ".jsonl": "JSON",
  ".ndjson": "JSON",
  ".geojson": "JSON",
  ".csv": "CSV",
  ".tsv": "CSV",
  ".xml": "XML",
};

/** Bytes to read from the start of a file to decide. */
export const STRUCTURED_HEAD_BYTES = 4096;

export function structuredDataKind(path: string, head: Uint8Array): StructuredKind | null {
  const byName = BY_EXTENSION[extname(path).toLowerCase()];
  if (byName) return byName;
  const text = Buffer.from(head).toString("utf8").replace(/^\uFEFF/, "").trimStart();
  // A report never opens with a JSON object or array; `{"` / `[{` / `[1` / `[]` are data.
  if (/^\{\s*("|\})/.test(text) || /^\[\s*(\{|\[|"|-?\d|\]|true|false|null)/.test(text)) return "JSON";
  if (/^<\?xml/i.test(text) && !/<html[\s>]|<!doctype html/i.test(text)) return "XML";
  return null;
}

export function structuredDataMessage(path: string, kind: StructuredKind): string {
  return `${path}: ${kind} data, not a report (structured data is not read; leave it out with --exclude, or out of the folder)`;
}
