/**
 * Rebuilds the folder's exports (cells.csv, …, nianbao.sqlite, corrected.jsonl) after reviewers act,
 * so that the files always show the log. Rebuilds are serialized and coalesced: a burst of quick
 * actions costs one rebuild running plus at most one queued, never one per keystroke.
 */
import { rebuildTables } from "../pipeline/finalize.js";
import type { ReviewStore } from "./store.js";

export class ExportRebuilder {
  private running: Promise<void> | null = null;
  private again = false;
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
        await rebuildTables(this.store.outDir);
        this.store.invalidate();
        this.lastError = null;
        this.lastDoneAt = new Date().toISOString();
      } catch (err) {
        this.lastError = err instanceof Error ? err.message : String(err);
      }
    } while (this.again);
  }
}
