/** Temp files left by killed processes (a run, the review server) in an output folder. */
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";

/** Atomic writes' temp files (atomic.ts: `.<name>.<pid>.<hex>.tmp`) whose writer process is gone. */
export async function removeStaleTemps(dirs: readonly string[]): Promise<number> {
  let removed = 0;
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const m = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name);
      if (!m || processAlive(Number(m[1]))) continue;
      await rm(join(dir, name), { force: true, recursive: true });
      removed++;
    }
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

