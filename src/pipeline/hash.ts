/** Content hashes of inputs: the manifest is keyed by them (resume, duplicate detection). */
import { createHash } from "node:crypto";
import { createReadStream, readFileSync, statSync } from "node:fs";
import { pipeline } from "node:stream/promises";

/** Files up to this size are read whole and hashed at once (a text report is ~30 KB). */
const READ_WHOLE_BYTES = 1 << 20;

/**
 * sha256 of a file; null when the file cannot be read. A small file is read in one synchronous
 * call (a stream costs ~2 ms a file in the batch's main thread: 10,000 text reports spent 20 s
 * hashing, issue 14); a large one (PDFs, scans) is streamed.
 */
export async function sha256File(path: string): Promise<string | null> {
  try {
    const st = statSync(path);
    if (st.isFile() && st.size <= READ_WHOLE_BYTES) return createHash("sha256").update(readFileSync(path)).digest("hex");
    const hash = createHash("sha256");
    await pipeline(createReadStream(path), hash);
    return hash.digest("hex");
  } catch {
    return null;
  }
}
