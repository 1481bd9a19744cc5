/**
 * Rebuilds the folder's exports (cells.csv, …, nianbao.sqlite, corrected.jsonl) after reviewers act,
 * so that the files always show the log. Rebuilds are serialized and coalesced: a burst of quick
 * actions costs one rebuild running plus at most one queued, never one per keystroke.
 */
import { writeTables } from "../emit/index.js";
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
        const snap = await this.store.snapshot();
        // writeTables applies the log itself; it gets the records as extracted.
        await writeTables(this.store.outDir, snap.docs.map((d) => d.extracted));
        this.lastError = null;
        this.lastDoneAt = new Date().toISOString();
      } catch (err) {
        this.lastError = err instanceof Error ? err.message : String(err);
      }
    } while (this.again);
  }
}
