/**
 * Atomic file writes: the content goes to a hidden temp file in the destination's folder (same file
 * system, so rename is atomic), is flushed to disk, then renamed over the destination. A crash or a
 * throwing serializer leaves the previous file intact and no temp file behind (except on a hard kill
 * mid-write, where a hidden `.<name>.<pid>.<rand>.tmp` may remain; readers ignore hidden files).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

/** Calls `write(tmpPath)` to produce the file, then renames it over `path`; removes the temp file on failure. */
export interface AtomicOptions {
  /**
   * Flush to disk before the rename (default true). Without it the write still survives a killed
   * process (the kernel has the data) but not a power cut; the batch runner writes records this way,
   * because one fsync per record costs more than reading a text report.
   */
  durable?: boolean;
}

export async function writeAtomicWith(path: string, write: (tmpPath: string) => Promise<void> | void, opts: AtomicOptions = {}): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    try {
      await write(tmp);
    } catch (err) {
      // The folder is created only when missing: a recursive mkdir per file costs about as much as
      // writing a record (the batch runner writes thousands).
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      await mkdir(dirname(path), { recursive: true });
      await write(tmp);
    }
    if (opts.durable !== false) await fsyncFile(tmp);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: AtomicOptions = {}): Promise<void> {
  await writeAtomicWith(
    path,
    async (tmp) => {
      const fh = await open(tmp, "wx");
      try {
        await fh.writeFile(data);
      } finally {
        await fh.close();
      }
    },
    opts,
  );
}

// Without the flush, a power loss right after the rename can leave an empty file under the final name.
async function fsyncFile(path: string): Promise<void> {
  const fh = await open(path, "r+");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * writeFileAtomic without the flush, synchronously: for a document thread, where each async call
 * is a round trip through the libuv pool (the batch runner's records; see AtomicOptions.durable).
 */
export function writeFileAtomicSyncNoFlush(path: string, data: string | Uint8Array): void {
  const tmp = tempPathFor(path);
  try {
    try {
      writeFileSync(tmp, data, { flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(tmp, data, { flag: "wx" });
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
