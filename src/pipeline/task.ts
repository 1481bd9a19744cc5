/**
 * The unit of work of every batch mode — inline, worker threads and the Redis queue all call
 * `runTask`, so a document is read by the same code whoever schedules it (STYLE.md P10). The task
 * reads the file, runs the document pipeline, writes `reports/<id>.json` itself (serializing in the
 * worker keeps the main thread free) and returns only a small index entry.
 */
import { ZodError } from "zod";
import { recordId } from "../emit/id.js";
import { ReportRecordSchema, type ReportRecord } from "../model/index.js";
import type { OcrSettings } from "../ocr/index.js";
import { docIndexEntry, type DocIndexEntry } from "./doc-index.js";
import { InputError } from "./errors.js";
import { saveRecordSync } from "./out-dir.js";
import { addThreadStage, takeThreadStages, type ProfileStage } from "./profile.js";
import { runDocument, type RunOptions } from "./run-document.js";

export interface DocumentTask {
  /** Absolute path of the input. */
  path: string;
  /**
   * Output folder the record is written into; null to return the record instead (the queue worker,
   * which may not share the coordinator's disk).
   */
  outDir: string | null;
  maxBytes?: number;
  /** Largest input of any other kind (PDF, scan, image, HTML, DOCX), bytes. */
  maxBinaryBytes?: number;
  /** Below this confidence a value needs review (pipeline options review.threshold). */
  reviewThreshold?: number;
  /** Templates read with (pipeline options templates: built-in ids, absolute template file paths). */
  templates?: readonly string[];
  /** Row labels found with a lower similarity are not taken (pipeline options match.labelCutoff). */
  labelCutoff?: number;
  /**
   * OCR settings for a document read in this thread (the inline executor). A document thread
   * borrows the main thread's pool instead (thread-link.ts), whose settings the executor holds.
   */
  ocr?: OcrSettings;
}

export interface TaskError {
  /** InputError code, `internal` for a bug, `timeout` when the per-file limit ran out. */
  code: string;
  message: string;
}

export type TaskResult =
  | { status: "ok"; id: string; sha256: string; entry: DocIndexEntry; ms: number; record?: ReportRecord; stages?: Partial<Record<ProfileStage, number>> }
  | { status: "failed"; error: TaskError; ms: number; stages?: Partial<Record<ProfileStage, number>> };

/** The manifest's error for a failed input: the InputError as is, anything else as "internal", naming the file. */
export function describeFailure(path: string, err: unknown): TaskError {
  if (err instanceof InputError) return { code: err.code, message: err.message };
  if (err instanceof ZodError) {
    const first = err.issues[0];
    const where = first ? `${first.path.join(".")}: ${first.message}` : "schema";
    return { code: "internal", message: `${path}: the extractor produced an invalid record (${where})` };
  }
  const errno = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof errno === "string" && OUTPUT_FULL.has(errno)) return { code: "output_full", message: `${path}: the output folder is full (${errno}); the record could not be written` };
  if (typeof errno === "string" && UNREADABLE.has(errno)) return { code: "unreadable", message: `${path}: cannot be read (${errorText(err)})` };
  const msg = errorText(err);
  return { code: "internal", message: msg.startsWith(path) ? msg : `${path}: ${msg}` };
}

/** Errors that mean the disk is full (or the user's quota is used up): the run stops, no input is blamed. */
export const OUTPUT_FULL = new Set(["ENOSPC", "EDQUOT"]);
const UNREADABLE = new Set(["EACCES", "EPERM", "EIO", "EISDIR", "ENOENT", "ELOOP", "ENXIO", "EAGAIN"]);

/** An error in words: its message, never `[object Object]`. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === "string") return err;
  try {
    const json = JSON.stringify(err);
    if (json && json !== "{}") return `a non-error value was thrown: ${json.slice(0, 200)}`;
  } catch {
    // fall through
  }
  return `a non-error value was thrown (${Object.prototype.toString.call(err)})`;
}

/**
 * Runs one document. Bad input (InputError) is a result, not an exception; any other error is
 * thrown, so that a scheduler can decide (the queue retries it; the batch runner records it as
 * `internal`). A failure to write the record is thrown too: it is not the input's fault.
 */
export async function runTask(task: DocumentTask): Promise<TaskResult> {
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  const options: Partial<RunOptions> = {
    ...(task.maxBytes === undefined ? {} : { maxBytes: task.maxBytes }),
    ...(task.maxBinaryBytes === undefined ? {} : { maxBinaryBytes: task.maxBinaryBytes }),
    ...(task.reviewThreshold === undefined ? {} : { reviewThreshold: task.reviewThreshold }),
    ...(task.ocr === undefined ? {} : { ocr: task.ocr }),
    ...(task.templates === undefined ? {} : { templates: task.templates }),
    ...(task.labelCutoff === undefined ? {} : { labelCutoff: task.labelCutoff }),
  };
  let record;
  takeThreadStages();
  try {
    const extracted = await runDocument(task.path, options);
    const t1 = performance.now();
    // The stages for --profile (profile.ts): validation is timed by tables.ts, the rest is matching.
    const reading = (extracted.timings["read"] ?? 0) + (extracted.timings["layout"] ?? 0);
    const validation = takeThreadStages().validation ?? 0;
    addThreadStage("reading", reading);
    addThreadStage("validation", validation);
    addThreadStage("matching", Math.max(0, t1 - started - reading - validation));
    record = ReportRecordSchema.parse(extracted);
    addThreadStage("record write", performance.now() - t1);
  } catch (err) {
    if (err instanceof InputError) return { status: "failed", error: describeFailure(task.path, err), ms: ms(), stages: takeThreadStages() };
    throw err;
  }
  if (task.outDir === null) {
    const id = recordId(record);
    return { status: "ok", id, sha256: record.source.sha256, entry: docIndexEntry(id, record), ms: ms(), record, stages: takeThreadStages() };
  }
  // Not fsynced: it survives a killed process; see atomic.ts for why.
  let id: string;
  const t2 = performance.now();
  try {
    id = saveRecordSync(task.outDir, record);
  } catch (err) {
    // A full disk is no fault of this input: the batch runner stops on it (batch.ts).
    if (OUTPUT_FULL.has((err as NodeJS.ErrnoException).code ?? "")) return { status: "failed", error: describeFailure(task.path, err), ms: ms() };
    throw err;
  }
  addThreadStage("record write", performance.now() - t2);
  return { status: "ok", id, sha256: record.source.sha256, entry: docIndexEntry(id, record), ms: ms(), stages: takeThreadStages() };
}
