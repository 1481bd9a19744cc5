/**
 * The review log: reviewers' decisions kept apart from the extracted data, in
 * `<out>/corrections.jsonl`, append-only (one JSON line per action, fsynced before the app answers).
 * Entries are keyed by the document's sha256 and the cell key, not by record id or path, so that a
 * re-extraction of the same bytes (same hash) finds them again whatever the extractor now reads.
 *
 * `reports/*.json` stay the extractor's output; every export (cells.csv, reports.csv,
 * review-queue.csv, corrected.jsonl, nianbao.sqlite) goes through `applyCorrections`.
 */
import { randomUUID } from "node:crypto";
import { open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { openSqlite } from "../native.js";
import { z } from "zod";
import type { CellRecord, FlagCode, ReportRecord } from "../model/index.js";
import { writeAtomicWith } from "./atomic.js";

export const CORRECTIONS_FILE = "corrections.jsonl";
export const CORRECTED_JSONL_FILE = "corrected.jsonl";

export const CorrectionAction = z.enum(["correct", "accept", "unreadable", "undo"]);
export type CorrectionAction = z.infer<typeof CorrectionAction>;

export const CorrectionEntrySchema = z.object({
  /** Random id, so that an undo can name the entry it takes back. */
  id: z.string().min(1),
  /** ISO 8601 time of the action. */
  at: z.string(),
  reviewer: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  key: z.string().min(1),
  action: CorrectionAction,
  /** The extracted value the reviewer saw; a later extraction that reads otherwise makes the entry stale. */
  old: z.number().nullable(),
  /** The value after the action: typed (correct), `old` (accept), null (unreadable, undo). */
  new: z.number().nullable(),
  /** For `undo`: the entry taken back. */
  undoes: z.string().optional(),
  note: z.string().optional(),
});
export type CorrectionEntry = z.infer<typeof CorrectionEntrySchema>;

export interface CorrectionLog {
  entries: CorrectionEntry[];
  /** sha256 → key → the decision in force (undone entries removed). */
  effective: Map<string, Map<string, CorrectionEntry>>;
  /** Lines that are not valid entries (a torn last line after a crash, hand edits). */
  invalid: number;
}

/** Folds the log: the last action not taken back wins for each (document, key). */
export function buildLog(entries: readonly CorrectionEntry[], invalid = 0): CorrectionLog {
  const stacks = new Map<string, CorrectionEntry[]>();
  for (const e of entries) {
    const id = `${e.sha256}\u0000${e.key}`;
    const stack = stacks.get(id) ?? [];
    if (e.action === "undo") {
      const at = e.undoes === undefined ? stack.length - 1 : stack.findIndex((x) => x.id === e.undoes);
      if (at >= 0) stack.splice(at, 1);
    } else stack.push(e);
    stacks.set(id, stack);
  }
  const effective = new Map<string, Map<string, CorrectionEntry>>();
  for (const stack of stacks.values()) {
    const top = stack[stack.length - 1];
    if (!top) continue;
    const byKey = effective.get(top.sha256) ?? new Map<string, CorrectionEntry>();
    byKey.set(top.key, top);
    effective.set(top.sha256, byKey);
  }
  return { entries: [...entries], effective, invalid };
}

export function parseCorrections(text: string): CorrectionLog {
  const entries: CorrectionEntry[] = [];
  let invalid = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    try {
      const parsed = CorrectionEntrySchema.safeParse(JSON.parse(line));
      if (parsed.success) entries.push(parsed.data);
      else invalid += 1;
    } catch {
      invalid += 1;
    }
  }
  return buildLog(entries, invalid);
}

export function correctionsPath(outDir: string): string {
  return join(outDir, CORRECTIONS_FILE);
}

/** The log of an output folder; empty when there is none yet. */
export async function readCorrections(outDir: string): Promise<CorrectionLog> {
  try {
    return parseCorrections(await readFile(correctionsPath(outDir), "utf8"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return buildLog([]);
    throw err;
  }
}

export type NewCorrection = Omit<CorrectionEntry, "id" | "at"> & Partial<Pick<CorrectionEntry, "id" | "at">>;

// One writer per process at a time, so that two quick actions never interleave their bytes.
let appendQueue: Promise<unknown> = Promise.resolve();

/**
 * Appends one entry and fsyncs before resolving: once the app says "saved", a power cut cannot lose it.
 * A last line torn by a crash mid-write is left as it is (unparsable, ignored and counted by
 * parseCorrections) and the entry starts on a fresh line, never glued onto the fragment;
 * `onTornLine` is told.
 */
export function appendCorrection(outDir: string, input: NewCorrection, opts: { onTornLine?: (message: string) => void } = {}): Promise<CorrectionEntry> {
  const entry = CorrectionEntrySchema.parse({ id: randomUUID(), at: new Date().toISOString(), ...input });
  const run = appendQueue.then(async () => {
    const path = correctionsPath(outDir);
    const fh = await open(path, "a+");
    try {
      const { size } = await fh.stat();
      let fresh = "";
      if (size > 0) {
        const last = Buffer.alloc(1);
        await fh.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) {
          fresh = "\n";
          opts.onTornLine?.(`${path}: the last line was cut off (a crash while writing it); it is ignored, and this correction starts a new line`);
        }
      }
      await fh.write(`${fresh}${JSON.stringify(entry)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return entry;
  });
  appendQueue = run.catch(() => undefined);
  return run;
}

/** The decision in force for a cell, and whether the extracted value changed since it was made. */
export function correctionFor(log: CorrectionLog, sha256: string, cell: Pick<CellRecord, "key" | "value">): { entry: CorrectionEntry; stale: boolean } | null {
  const entry = log.effective.get(sha256)?.get(cell.key);
  return entry ? { entry, stale: entry.old !== cell.value } : null;
}

function withFlag(flags: readonly string[], flag: FlagCode): string[] {
  return flags.includes(flag) ? [...flags] : [...flags, flag];
}

/**
 * The record with the reviewers' decisions applied (pure; the input is not changed). A decided cell
 * gets the reviewer's value, status `corrected`, confidence 1 and leaves the queue — unless it is
 * stale (the extractor now reads another value than the reviewer saw): then the reviewer's value is
 * still applied (never lost) but the cell is flagged `correction_stale` and goes back to review.
 */
export function applyCorrections(record: ReportRecord, log: CorrectionLog): ReportRecord {
  const byKey = log.effective.get(record.source.sha256);
  if (!byKey || byKey.size === 0) return record;
  const cells = record.cells.map((c): CellRecord => {
    const found = correctionFor(log, record.source.sha256, c);
    if (!found) return c;
    const { entry, stale } = found;
    let flags = c.flags;
    if (entry.action === "unreadable") flags = withFlag(flags, "marked_unreadable");
    if (stale) flags = withFlag(flags, "correction_stale");
    return {
      ...c,
      value: entry.new,
      status: "corrected",
      confidence: stale ? c.confidence : 1,
      flags,
      needs_review: stale,
    };
  });
  return { ...record, cells };
}

/**
 * corrected.jsonl: every record with the log applied, one JSON per line (the corrected JSON export),
 * streamed and atomic. Only in folders that have a review log: without one the records in reports/
 * are already the final data, and a folder nobody reviewed keeps exactly its four tables.
 */
export async function writeCorrectedJsonl(path: string, records: Iterable<ReportRecord>, log: CorrectionLog): Promise<void> {
  if (log.entries.length === 0) {
    await rm(path, { force: true });
    return;
  }
  await writeAtomicWith(path, async (tmp) => {
    const fh = await open(tmp, "wx");
    try {
      for (const r of records) await fh.write(`${JSON.stringify(r)}\n`);
    } finally {
      await fh.close();
    }
  });
}

/**
 * Copies log entries into the SQLite `corrections` table (one row per entry, the audit trail;
 * the corrected values themselves are in `cells`). Rows already there — carried over by writeSqlite
 * from the previous file — are matched by the entry id in `note` and not inserted twice.
 */
export function syncCorrectionsTable(sqlitePath: string, log: CorrectionLog): void {
  if (log.entries.length === 0) return;
  const db = openSqlite(sqlitePath, { fileMustExist: true });
  try {
    const have = new Set(
      (db.prepare("SELECT note FROM corrections").all() as { note: string | null }[]).flatMap((r) => {
        try {
          const id = (JSON.parse(r.note ?? "null") as { id?: unknown } | null)?.id;
          return typeof id === "string" ? [id] : [];
        } catch {
          return [];
        }
      }),
    );
    const insert = db.prepare("INSERT INTO corrections (document_sha256, key, value, reviewer, at, note) VALUES (?,?,?,?,?,?)");
    db.transaction(() => {
      for (const e of log.entries) {
        if (have.has(e.id)) continue;
        const note = { id: e.id, action: e.action, old: e.old, ...(e.undoes ? { undoes: e.undoes } : {}), ...(e.note ? { note: e.note } : {}) };
        insert.run(e.sha256, e.key, e.new, e.reviewer, e.at, JSON.stringify(note));
      }
    })();
  } finally {
    db.close();
  }
}
