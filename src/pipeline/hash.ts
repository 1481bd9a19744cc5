/** Content hashes of inputs: the manifest is keyed by them (resume, duplicate detection). */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";

/** sha256 of a file, streamed (inputs can be large PDFs); null when the file cannot be read. */
export async function sha256File(path: string): Promise<string | null> {
  try {
    const hash = createHash("sha256");
    await pipeline(createReadStream(path), hash);
    return hash.digest("hex");
  } catch {
    return null;
  }
}
