/**
 * What the review app reads: the records of an output folder (as extracted) and the review log.
 *
 * Loaded once and then kept up to date incrementally, so that a correction costs the same in a
 * folder of 10,000 records as in one of 10:
 * - a reviewer's action appends one log entry; only the documents with that sha256 are re-applied;
 * - when the reports folder changes (a re-extraction, the export rebuild's cross-year flags), only
 *   the record files whose size, mtime or inode changed are read again;
 * - when the log changes on disk by another hand, it is read again and applied to every document.
 * The app's own log appends never make a request wait for a reload. A request made while an export
 * rebuild runs still takes in the folder's changes: the rebuild takes minutes at 10,000 records, and
 * a record rewritten meanwhile by another hand (a re-extraction) must not be shown as it was.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { OUTPUT_FILES, applyCorrections, buildLog, correctionsPath, readCorrections, recordId, type CorrectionEntry, type CorrectionLog } from "../emit/index.js";
import { ReportRecordSchema, type ReportRecord } from "../model/index.js";
import { reportsDir } from "../pipeline/out-dir.js";

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
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return "none";
  }
}

/** Stats many files with a bounded number in flight (a folder may hold tens of thousands). */
async function signatures(paths: readonly string[], inFlight = 64): Promise<string[]> {
  const out = new Array<string>(paths.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, paths.length) }, async () => {
      while (next < paths.length) {
        const i = next++;
        out[i] = await signature(paths[i]!);
      }
    }),
  );
  return out;
}

const READS_IN_FLIGHT = 8;

interface FileEntry {
  sig: string;
  /** null: not a valid record (left out, as the batch leaves it out of the tables). */
  record: ReportRecord | null;
}

export class ReviewStore {
  private snap: Snapshot | null = null;
  /** Signatures of [reports folder, manifest, log] when `snap` was last brought up to date. */
  private folderSig = "";
  private logSig = "";
  private files = new Map<string, FileEntry>();
  private bySha = new Map<string, Doc[]>();
  /** Log entries per document and key, to fold one cell's history after an append. */
  private entriesByCell = new Map<string, CorrectionEntry[]>();
  private refreshing: Promise<void> | null = null;
  /** Entries this process appended, for a refresh that may have read the log before them. */
  private appended: CorrectionEntry[] = [];

  constructor(readonly outDir: string) {}

  private folderPaths(): string[] {
    return [reportsDir(this.outDir), join(this.outDir, OUTPUT_FILES.manifest)];
  }

  /** Records and log, brought up to date with the folder when another hand changed it. */
  async snapshot(): Promise<Snapshot> {
    const [reports, manifest, log] = await signatures([...this.folderPaths(), correctionsPath(this.outDir)]);
    // Changes of the folder are looked for even while the app's own export rebuild runs: the stat
    // cannot tell its cross-year rewrites from another hand's, and only changed records are read.
    const folderChanged = `${reports}|${manifest}` !== this.folderSig;
    if (!this.snap || folderChanged || log !== this.logSig) await this.refresh();
    return this.snap!;
  }

  /** One refresh at a time; a request that finds one running waits for it. */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      const run = this.load().finally(() => {
        if (this.refreshing === run) this.refreshing = null;
      });
      this.refreshing = run;
    }
    return this.refreshing;
  }

  /** Runs `fn` (which rewrites files of the folder), then takes its changes in, so that the next request finds them read. */
  async whileWriting<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } finally {
      await this.refreshing?.catch(() => undefined);
      await this.refresh();
    }
  }

  /** Forget what is known to be current: the next look compares every record file and re-reads the log. */
  invalidate(): void {
    this.folderSig = "";
    this.logSig = "";
  }

  /** After this process appended `entry` to the log: apply it to the documents it concerns. */
  async applyAppended(entry: CorrectionEntry): Promise<void> {
    this.appended.push(entry);
    this.logSig = await signature(correctionsPath(this.outDir));
    if (this.snap) this.addEntry(this.snap, entry);
  }

  private addEntry(snap: Snapshot, entry: CorrectionEntry): void {
    if (snap.log.entries.some((e) => e.id === entry.id)) return;
    const cell = `${entry.sha256}\u0000${entry.key}`;
    const history = [...(this.entriesByCell.get(cell) ?? []), entry];
    this.entriesByCell.set(cell, history);
    snap.log.entries.push(entry);
    // The decision in force for this one cell, folded from its own history.
    const top = buildLog(history).effective.get(entry.sha256)?.get(entry.key);
    const byKey = snap.log.effective.get(entry.sha256) ?? new Map<string, CorrectionEntry>();
    if (top) byKey.set(entry.key, top);
    else byKey.delete(entry.key);
    snap.log.effective.set(entry.sha256, byKey);
    for (const doc of this.bySha.get(entry.sha256) ?? []) doc.record = applyCorrections(doc.extracted, snap.log);
  }

  private async load(): Promise<void> {
    // Signatures first: a change made while this runs is seen by the next request.
    const [reports, manifest, logSig] = await signatures([...this.folderPaths(), correctionsPath(this.outDir)]);
    const folderSig = `${reports}|${manifest}`;
    const appendedBefore = this.appended.length;
    const logChanged = !this.snap || logSig !== this.logSig;
    const log = logChanged ? await readCorrections(this.outDir) : this.snap!.log;
    const changedFiles = !this.snap || folderSig !== this.folderSig ? await this.readChangedFiles() : false;
    if (!logChanged && !changedFiles) {
      this.folderSig = folderSig;
      return;
    }
    if (logChanged) {
      this.entriesByCell = new Map();
      for (const e of log.entries) {
        const cell = `${e.sha256}\u0000${e.key}`;
        this.entriesByCell.set(cell, [...(this.entriesByCell.get(cell) ?? []), e]);
      }
    }
    const previous = this.snap?.byId;
    const byId = new Map<string, Doc>();
    for (const [name, { record }] of [...this.files.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      if (!record) continue;
      const id = recordId(record);
      // Same rule as the batch: of two records with one id only the first counts.
      if (!byId.has(id)) byId.set(id, this.doc(id, record, log, previous, logChanged));
    }
    const docs = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.bySha = new Map();
    for (const d of docs) this.bySha.set(d.extracted.source.sha256, [...(this.bySha.get(d.extracted.source.sha256) ?? []), d]);
    const snap: Snapshot = { docs, byId, log, sources: new Set(docs.map((d) => d.extracted.source.path)) };
    // Entries this process appended while the log was being read (their signature is already kept).
    const late = this.appended.slice(appendedBefore);
    for (const e of late) this.addEntry(snap, e);
    this.appended = [];
    this.snap = snap;
    this.folderSig = folderSig;
    if (late.length === 0) this.logSig = logSig!;
  }

  /** The same Doc object when neither its record nor the log changed (its applied record is still right). */
  private doc(id: string, record: ReportRecord, log: CorrectionLog, previous: Map<string, Doc> | undefined, logChanged: boolean): Doc {
    const old = previous?.get(id);
    if (old && old.extracted === record && !logChanged) return old;
    return { id, extracted: record, record: applyCorrections(record, log) };
  }

  /** Reads the record files that are new or changed since the last look; forgets removed ones. */
  private async readChangedFiles(): Promise<boolean> {
    let names: string[];
    try {
      names = (await readdir(reportsDir(this.outDir))).filter((n) => !n.startsWith(".") && n.endsWith(".json"));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      names = [];
    }
    const sigs = await signatures(names.map((n) => join(reportsDir(this.outDir), n)));
    let changed = names.length !== this.files.size;
    const seen = new Set(names);
    for (const name of [...this.files.keys()]) if (!seen.has(name)) this.files.delete(name);
    const todo = names.flatMap((name, i) => (this.files.get(name)?.sig === sigs[i] ? [] : [{ name, sig: sigs[i]! }]));
    // Several reads in flight: on a busy disk a folder of 10,000 records loads several times faster.
    let next = 0;
    const reader = async (): Promise<void> => {
      while (next < todo.length) {
        const { name, sig } = todo[next++]!;
        let record: ReportRecord | null = null;
        try {
          const parsed = ReportRecordSchema.safeParse(JSON.parse(await readFile(join(reportsDir(this.outDir), name), "utf8")));
          if (parsed.success) record = parsed.data;
        } catch {
          record = null; // unreadable or half-written by another tool: left out, as the batch does
        }
        this.files.set(name, { sig, record });
      }
    };
    await Promise.all(Array.from({ length: Math.min(READS_IN_FLIGHT, todo.length) }, reader));
    return changed || todo.length > 0;
  }
}
