/**
 * One run at a time per output folder. Two runs writing one folder interleave their manifests and
 * each rebuilds the tables from what it saw (160 of 320 records went missing, both exited 0), so a
 * run takes `DIR/.nianbao.lock` — created exclusively, holding who took it — and a second run
 * refuses naming the holder, or waits for it (`--wait`). A lock whose process is gone (killed
 * with SIGKILL) is stale and taken over; a lock from another host is trusted until removed.
 */
import { hostname } from "node:os";
import { open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";

export const LOCK_FILE = ".nianbao.lock";

interface Holder {
  pid: number;
  host: string;
  started: string;
  command: string;
}

export class OutputLockedError extends Error {
  constructor(
    readonly outDir: string,
    readonly holder: Holder | null,
  ) {
    const who = holder ? `process ${holder.pid} on ${holder.host}, started ${holder.started}: ${holder.command}` : "another run (its lock file cannot be read)";
    super(`output folder ${outDir} is in use by ${who}; wait for it to finish, run with --wait, or remove ${join(outDir, LOCK_FILE)} if that run is gone`);
    this.name = "OutputLockedError";
  }
}

export interface OutputLock {
  release(): Promise<void>;
}

export interface LockOptions {
  /** Wait for the holder to finish instead of refusing (ms between looks). */
  wait?: boolean;
  pollMs?: number;
  /** Called once when the run starts waiting. */
  onWait?: (holder: Holder | null) => void;
}

async function readHolder(path: string): Promise<Holder | null> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as Holder;
  } catch {
    return null;
  }
}

function alive(h: Holder): boolean {
  if (h.host !== hostname()) return true;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function lockOutput(outDir: string, opts: LockOptions = {}): Promise<OutputLock> {
  const path = join(outDir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command: process.argv.slice(1).join(" ") };
  let told = false;
  for (;;) {
    try {
      const fh = await open(path, "wx");
      try {
        await fh.writeFile(JSON.stringify(me));
      } finally {
        await fh.close();
      }
      return { release: () => rm(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = await readHolder(path);
    // A lock just created may not have its content yet: only a readable lock of a dead process is stale.
    if (holder && !alive(holder)) {
      await rm(path, { force: true });
      continue;
    }
    if (!opts.wait) throw new OutputLockedError(outDir, holder);
    if (!told) opts.onWait?.(holder);
    told = true;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
}
