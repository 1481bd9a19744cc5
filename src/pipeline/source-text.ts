/**
 * The lines of a text input as the text reader numbered them (`source.line` is 1-based in the file),
 * for showing a value beside its source. Decoded exactly as ingest decodes it (UTF-8, UTF-16 with
 * BOM, GB18030), so that line n here is line n there. The review app reaches ingest through here
 * (STYLE.md §3: review imports pipeline, never ingest).
 */
import { readFile, stat } from "node:fs/promises";
import { decodeText } from "../ingest/text/decode.js";

/** Larger than any report text; a source this large is not shown (it is not the file that was read). */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

/** The file's lines (form feeds, pdftotext's page breaks, removed), or null when it cannot be read as text. */
export async function readSourceLines(path: string): Promise<string[] | null> {
  try {
    if ((await stat(path)).size > MAX_SOURCE_BYTES) return null;
    const decoded = decodeText(await readFile(path));
    if ("error" in decoded) return null;
    return decoded.text.split(/\r\n|\r|\n/).map((l) => l.replaceAll("\f", ""));
  } catch {
    return null;
  }
}
