/**
 * How many bytes compressed data inflates to, counted as it streams and given up past a budget:
 * a bomb is found out without ever holding what it would inflate to (a 1 MB Flate stream can
 * declare nothing and inflate to a gigabyte). Damaged data counts what inflated before the damage;
 * the reader that decodes it for real reports the damage.
 */
import { createInflate, createInflateRaw, constants, inflateRawSync, inflateSync } from "node:zlib";

/**
 * Output inflated in one synchronous call before the data is streamed instead. A PDF's streams are
 * a few KiB: streaming each one made a round trip through the libuv pool that cost more than the
 * inflating (~2.5 ms of a generated PDF's reading, issue 14). Anything that would inflate past this
 * — a bomb — is counted by the stream, so no more than this is ever held.
 */
const SYNC_MAX_OUTPUT = 16 * 1024 * 1024;

/** Inflated size of `data` (zlib-wrapped unless `raw`), or `budget + 1` as soon as it goes over `budget`. */
export async function inflatedSize(data: Uint8Array, budget: number, raw = false): Promise<number> {
  const cap = Math.min(budget + 1, SYNC_MAX_OUTPUT);
  try {
    // Same zlib settings as the stream below: a truncated stream gives what inflated, as there.
    return (raw ? inflateRawSync : inflateSync)(data, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: cap }).length;
  } catch (e) {
    // Over the budget itself; anything else (over the cap, damaged data) is counted by the stream.
    if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" && cap === budget + 1) return budget + 1;
  }
  return inflatedSizeStreamed(data, budget, raw);
}

/** The count by the stream alone, whatever the size (exported: tests compare the two ways). */
export function inflatedSizeStreamed(data: Uint8Array, budget: number, raw = false): Promise<number> {
  return new Promise((resolve) => {
    const z = raw ? createInflateRaw({ finishFlush: constants.Z_SYNC_FLUSH }) : createInflate({ finishFlush: constants.Z_SYNC_FLUSH });
    let n = 0;
    let settled = false;
    const done = (v: number): void => {
      if (settled) return;
      settled = true;
      z.destroy();
      resolve(v);
    };
    z.on("data", (chunk: Buffer) => {
      n += chunk.length;
      if (n > budget) done(budget + 1);
    });
    z.on("error", () => done(n));
    z.on("end", () => done(n));
    z.end(data);
  });
}
