/**
 * How many bytes compressed data inflates to, counted as it streams and given up past a budget:
 * a bomb is found out without ever holding what it would inflate to (a 1 MB Flate stream can
 * declare nothing and inflate to a gigabyte). Damaged data counts what inflated before the damage;
 * the reader that decodes it for real reports the damage.
 */
import { createInflate, createInflateRaw, constants } from "node:zlib";

/** Inflated size of `data` (zlib-wrapped unless `raw`), or `budget + 1` as soon as it goes over `budget`. */
export function inflatedSize(data: Uint8Array, budget: number, raw = false): Promise<number> {
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
