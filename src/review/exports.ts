/**
 * Rebuilds the folder's exports (cells.csv, …, nianbao.sqlite, corrected.jsonl) after reviewers act,
 * so that the files always show the log. Rebuilds are serialized and coalesced: a burst of quick
 * actions costs one rebuild running plus at most one queued, never one per keystroke. Each runs in
 * a worker thread (rebuild-thread.ts) when the compiled code is there, so requests never wait on it.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { rebuildTables } from "../pipeline/finalize.js";
import type { ReviewStore } from "./store.js";

/** The thread's compiled entry; from src/ (vitest) it is the one in dist/, built by `npm run build`. */
function threadEntry(): string | null {
  const here = import.meta.url;
  const url = here.endsWith(".ts") ? new URL("../../dist/review/rebuild-thread.js", here) : new URL("./rebuild-thread.js", here);
  const path = fileURLToPath(url);
  return existsSync(path) ? path : null;
}

function rebuildInThread(outDir: string, entry: string): Promise<void> {
  return new Promise((ok, fail) => {
    const worker = new Worker(entry, { workerData: { outDir } });
    let answered = false;
    worker.once("message", (m: { ok: boolean; error?: string }) => {
      answered = true;
      if (m.ok) ok();
      else fail(new Error(m.error ?? "export rebuild failed"));
    });
    worker.once("error", fail);
    worker.once("exit", (code) => {
      if (!answered) fail(new Error(`export rebuild thread exited with code ${code}`));
    });
  });
}

export class ExportRebuilder {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly entry = threadEntry();
  lastError: string | null = null;
  lastDoneAt: string | null = null;

  constructor(private readonly store: ReviewStore) {}

  get pending(): boolean {
    return this.running !== null;
  }

  schedule(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when no rebuild is running or queued (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        // The batch's own rebuild (panel, cross-year checks included); it applies the log itself.
        // Its cross-year flags rewrite records: the store reads those again (only those) when it ends.
        await this.store.whileWriting(() => (this.entry ? rebuildInThread(this.store.outDir, this.entry) : rebuildTables(this.store.outDir).then(() => undefined)));
        this.lastError = null;
        this.lastDoneAt = new Date().toISOString();
      } catch (err) {
        this.lastError = err instanceof Error ? err.message : String(err);
      }
    } while (this.again);
  }
}
