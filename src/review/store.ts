/**
 * What the review app reads: the records of an output folder (as extracted) and the review log,
 * reloaded when either changes on disk — a re-extraction while the app is open shows up on the next
 * request, and corrections are re-applied to the new records by document hash and key.
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { OUTPUT_FILES, applyCorrections, correctionsPath, readCorrections, recordId, type CorrectionLog } from "../emit/index.js";
import type { ReportRecord } from "../model/index.js";
import { loadRecords, reportsDir } from "../pipeline/out-dir.js";

export interface Doc {
  id: string;
  extracted: ReportRecord;
  /** The record with the log applied: what the exports show. */
  record: ReportRecord;
}

export interface Snapshot {
  docs: Doc[];
  byId: Map<string, Doc>;
  log: CorrectionLog;
  /** Every source path a record names: the only input files the app will read. */
  sources: Set<string>;
}

async function signature(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return "none";
  }
}

export class ReviewStore {
  private cached: { key: string; snap: Snapshot } | null = null;
  private loading: Promise<Snapshot> | null = null;

  constructor(readonly outDir: string) {}

  /** Records and log, from cache when neither the reports folder nor the log changed. */
  async snapshot(): Promise<Snapshot> {
    // Records are renamed into place (a new directory mtime); every run also rewrites the manifest.
    const key = [reportsDir(this.outDir), join(this.outDir, OUTPUT_FILES.manifest), correctionsPath(this.outDir)];
    const sig = (await Promise.all(key.map(signature))).join("|");
    if (this.cached?.key === sig) return this.cached.snap;
    if (!this.loading) {
      const loading = this.load().finally(() => {
        if (this.loading === loading) this.loading = null;
      });
      this.loading = loading;
    }
    const snap = await this.loading;
    this.cached = { key: sig, snap };
    return snap;
  }

  /** After an append, so that the next request sees it even within the file system's mtime granularity. */
  invalidate(): void {
    this.cached = null;
    // A load already running may have read the log before the append: do not reuse it.
    this.loading = null;
  }

  private async load(): Promise<Snapshot> {
    const [{ stored }, log] = await Promise.all([loadRecords(this.outDir), readCorrections(this.outDir)]);
    const byId = new Map<string, Doc>();
    for (const { record } of stored) {
      const id = recordId(record);
      // Same rule as the batch: of two records with one id only the first counts.
      if (!byId.has(id)) byId.set(id, { id, extracted: record, record: applyCorrections(record, log) });
    }
    const docs = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { docs, byId, log, sources: new Set(docs.map((d) => d.extracted.source.path)) };
  }
}
