/**
 * The lines of a text input as the text reader numbered them (`source.line` is 1-based in the file),
 * for showing a value beside its source. Decoded exactly as ingest decodes it (UTF-8, UTF-16 with
 * BOM, GB18030), so that line n here is line n there. The review app reaches ingest through here
 * (STYLE.md §3: review imports pipeline, never ingest).
 */
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { decodeText } from "../ingest/text/decode.js";
import { textLines } from "../ingest/text/run-on.js";

/** Larger than any report text; a source this large is not shown (it is not the file that was read). */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

export type SourceLines = { lines: string[] } | { error: "unreadable" | "changed" };

/**
 * The file's lines (form feeds, pdftotext's page breaks, removed) — only if its bytes still hash to
 * `sha256`, the document the record was read from: a changed file would put the wrong line beside a
 * value, and this way nothing but the bytes that were read is ever shown.
 */
export async function readSourceLines(path: string, sha256: string): Promise<SourceLines> {
  const bytes = await readUnchanged(path, sha256, MAX_SOURCE_BYTES);
  if ("error" in bytes) return bytes;
  const decoded = decodeText(bytes);
  if ("error" in decoded) return { error: "unreadable" };
  // Cut exactly as the reader cut it (a run-on body into its lines), so that line n is the same line.
  return { lines: textLines(decoded.text).lines.map((l) => l.replaceAll("\f", "")) };
}

/** An input's bytes, only if they still hash to `sha256` (the bytes a record was read from) and are at most `maxBytes`. */
export async function readUnchanged(path: string, sha256: string, maxBytes: number): Promise<Buffer | { error: "unreadable" | "changed" }> {
  let bytes: Buffer;
  try {
    if ((await stat(path)).size > maxBytes) return { error: "unreadable" };
    bytes = await readFile(path);
  } catch {
    return { error: "unreadable" };
  }
  if (createHash("sha256").update(bytes).digest("hex") !== sha256.toLowerCase()) return { error: "changed" };
  return bytes;
}
