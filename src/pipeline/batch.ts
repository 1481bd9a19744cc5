/**
 * The batch runner: many inputs through the same per-document task, on worker threads (or inline,
 * or on a Redis queue — see executor.ts and queue/), never stopping for a bad one; then the output
 * folder's tables are rebuilt from every record in it (finalize.ts: panel, cross-year checks).
 *
 * Resume: the manifest is keyed by content hash. An input whose bytes already have a record in the
 * folder is `skipped` (unless `force`); the same bytes under a second name in one run are read once
 * and the second name is reported as `duplicate`. Each finished input appends a journal line to
 * manifest.jsonl after its record is in place, so a run killed at any point (SIGKILL included) is
 * continued by the next run without losing or duplicating a record: a record written just before
 * the kill has no journal line, is redone, and lands on the same file name (same name + hash).
 *
 * Re-running into the same folder replaces the records of the inputs it ran (same path, whatever
 * the content now is — a now-failing input loses its old record) and keeps those of other inputs.
 */
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { mkdir, open, readdir } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import {
  ManifestJournal,
  OUTPUT_FILES,
  foldManifest,
  mergeManifest,
  readManifest,
  releaseWarmWorkbookThread,
  warmWorkbookThread,
  writeManifest,
  type ManifestEntry,
} from "../emit/index.js";
import { holdOcr, ocrSettings, ocrStats } from "../ocr/index.js";
import type { OcrEngineKind } from "../ocr/index.js";
import type { OcrProgress } from "../ocr/index.js";
import type { ReportRecord } from "../model/index.js";
import { isTemplateFile, resolveTemplates } from "../templates/index.js";
import type { DocIndexEntry } from "./doc-index.js";
import { createExecutor, type Executor, type ExecutorKind } from "./executor.js";
import { finalizeOutput, knownRecords } from "./finalize.js";
import { sha256File } from "./hash.js";
import { filterInputs } from "./input-filter.js";
import { collectInputs } from "./inputs.js";
import { lockOutput } from "./out-lock.js";
import { DEFAULT_TIMEOUT_SECONDS, resolvePipelineOptions, type PipelineOptions, type PipelineOptionsInput } from "./pipeline-options.js";
import type { RunProfile } from "./profile.js";
import { runTemplatesList, writeRunTemplates } from "./run-templates.js";
import { removeStaleTemps } from "./stale-temps.js";
import { reportPath, reportsDir } from "./out-dir.js";
import { OUTPUT_FULL } from "./task.js";

export type BatchStatus = ManifestEntry["status"];

export interface BatchProgress {
  /** How many inputs are finished, this one included (1-based); `total` in all. */
  index: number;
  total: number;
  path: string;
  status: BatchStatus;
  ms: number;
  id: string | null;
  error: { code: string; message: string } | null;
  /** Milliseconds since the batch started (for rates and ETA). */
  elapsedMs: number;
  /** For `duplicate`: the input read in its place. */
  duplicateOf?: string;
}

/** A page of an input finished OCR (from whichever thread read it). */
export interface OcrPageProgress extends OcrProgress {
  path: string;
}

export interface BatchOptions {
  outDir: string;
  onProgress?: (p: BatchProgress) => void;
  onOcrPage?: (p: OcrPageProgress) => void;
  /** The inputs are counted, before the first is read (a progress display shows its total at once). */
  onStart?: (info: { total: number }) => void;
  /** Messages about the phases after the documents (indexing, cross-year checks, tables). */
  onPhase?: (message: string) => void;
  /**
   * The run's options (a pipeline: limits, OCR, review threshold, timeout), as in pipelines/*.json;
   * defaults for what is not given. The fields below override it (the CLI's flags).
   */
  pipeline?: PipelineOptionsInput;
  /** Largest text input accepted, in bytes (overrides pipeline limits.maxBytes). */
  maxBytes?: number;
  /** Largest input of any other kind, in bytes (overrides pipeline limits.maxBinaryBytes). */
  maxBinaryBytes?: number;
  /** OCR engine and pool size (override pipeline ocr.engine, ocr.workers). */
  ocrEngine?: OcrEngineKind;
  ocrWorkers?: number;
  /** Below this confidence a value needs review (overrides pipeline review.threshold). */
  reviewThreshold?: number;
  /** Write nianbao.xlsx: true always, false never, default when every value fits in a sheet (TablesWriterOptions.xlsx). */
  xlsx?: boolean;
  /** Globs over the files found in folders: read only these (input-filter.ts). */
  include?: string[];
  /** Globs over the files found in folders: never read these (input-filter.ts). */
  exclude?: string[];
  /** Read inputs again even when their content already has a record in this folder. */
  force?: boolean;
  /** Kept for old scripts: skipping unchanged inputs is the default now (`force` turns it off). */
  resume?: boolean;
  /** Documents at the same time (worker threads); default every core. */
  jobs?: number;
  /** Per-document limit in ms (threads only; overrides pipeline timeoutSeconds, default 300 s). */
  timeoutMs?: number;
  /** threads | inline; default threads when running compiled, inline from source (executor.ts). */
  executor?: ExecutorKind;
  /** Run documents elsewhere (the Redis queue); the runner closes it at the end. */
  customExecutor?: Executor;
  /** Another run holds the output folder: wait for it instead of refusing (out-lock.ts). */
  wait?: boolean;
  /** Called once when the run starts waiting for another one to release the folder. */
  onWait?: (message: string) => void;
  /** Filled with the time of each stage (`--profile`, profile.ts). */
  profile?: RunProfile;
}

/** The disk of the output folder filled up: the run stopped, the folder's tables are as they were. */
export class OutputFullError extends Error {
  constructor(readonly outDir: string) {
    super(`output folder full: ${outDir}`);
    this.name = "OutputFullError";
  }
}

export interface BatchFailure {
  path: string;
  code: string;
  message: string;
}

export interface BatchSummary {
  outDir: string;
  total: number;
  ok: number;
  failed: number;
  skipped: number;
  /** Of the skipped: inputs refused as not reports (structured data). */
  refused: number;
  /** Files in the folders given that the --include / --exclude globs left out (not in the manifest). */
  excluded: number;
  duplicates: number;
  failures: BatchFailure[];
  /** Records in the output folder after the run (this run's and earlier ones'). */
  records: number;
  /** Cross-year findings over the whole folder (each flags its cells in every year involved). */
  crossYear: number;
  /** Problems with the output folder itself (an unreadable record file, bad manifest lines). */
  warnings: string[];
  /** Wall time of the document phase and of the whole run, ms. */
  documentsMs: number;
  totalMs: number;
  /** Pages read by OCR in this run, and the engines this process started for them (the shared pool). */
  ocrPages: number;
  ocrEngines: number;
  /** The options the run used (its pipeline with the overrides applied and the defaults filled in; ocr.workers as a number). */
  options: PipelineOptions;
}

/** A tiny semaphore: at most `n` documents in flight, so a huge input list never floods the pool. */
function limiter(n: number): { acquire(): Promise<void>; release(): void } {
  let free = n;
  const waiting: (() => void)[] = [];
  return {
    acquire: () => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((r) => waiting.push(r))),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

export async function runBatch(inputs: readonly string[], opts: BatchOptions): Promise<BatchSummary> {
  const t0 = performance.now();
  // Resolved once, before the folder is touched: bad options write nothing.
  const resolved = resolvePipelineOptions(opts.pipeline, pick(opts, "maxBytes", "maxBinaryBytes", "ocrEngine", "ocrWorkers", "reviewThreshold", "timeoutMs"));
  // Template files by absolute path (document threads and queue workers load them again), loaded
  // and checked here: a bad one throws TemplateError naming it.
  const pipeline: PipelineOptions = { ...resolved, templates: resolved.templates.map((t) => (isTemplateFile(t) ? resolve(t) : t)) };
  const templates = resolveTemplates(pipeline.templates);
  const outDir = resolve(opts.outDir);
  // The folder's template list (templates.json) with this run's: a clash with the templates its
  // records were read with stops the run here too. Stored again under the lock, before any record.
  const files = new Map(pipeline.templates.flatMap((entry, i) => (isTemplateFile(entry) ? [[templates[i]!.id, entry] as const] : [])));
  runTemplatesList(outDir, templates, files);
  await mkdir(reportsDir(outDir), { recursive: true });
  const lock = await lockOutput(outDir, {
    ...(opts.wait === undefined ? {} : { wait: opts.wait }),
    onWait: (h) => opts.onWait?.(`waiting for the run holding ${outDir}${h ? ` (process ${h.pid} on ${h.host})` : ""} to finish`),
  });
  try {
    const stored = runTemplatesList(outDir, templates, files);
    await writeRunTemplates(outDir, stored.list);
    // A template the records were not read with: no input is skipped for having a record already.
    return await runBatchLocked(inputs, stored.added ? { ...opts, force: true } : opts, pipeline, outDir, t0);
  } catch (err) {
    if (err instanceof OutputFullError || !OUTPUT_FULL.has((err as NodeJS.ErrnoException).code ?? "")) throw err;
    throw new OutputFullError(outDir);
  } finally {
    await releaseWarmWorkbookThread().catch(() => undefined);
    await lock.release().catch(() => undefined);
  }
}

async function runBatchLocked(inputs: readonly string[], opts: BatchOptions, pipeline: PipelineOptions, outDir: string, t0: number): Promise<BatchSummary> {
  // What killed runs (or a killed review server) left behind: their temp files, never renamed.
  await removeStaleTemps([outDir, reportsDir(outDir)]);
  const manifestPath = join(outDir, OUTPUT_FILES.manifest);
  const old = await readManifest(manifestPath);
  const oldEntries = foldManifest(old.entries);
  const oldByPath = new Map(oldEntries.map((e) => [e.path, e]));
  const priorBySha = new Map<string, ManifestEntry>();
  for (const e of oldEntries) if (e.sha256 && e.id && (e.status === "ok" || e.status === "skipped")) priorBySha.set(e.sha256, e);
  const prof = opts.profile;
  const tDiscovery = performance.now();
  const collected = await collectInputs(inputs, { exclude: [outDir] });
  const { missing } = collected;
  // The last run's entry of an input it read as the file is now (size and modification time): its
  // hash stands, and it is not tested again for structured data.
  const unchangedSince = (path: string, stat?: Stats): ManifestEntry | null => {
    const before = oldByPath.get(path);
    if (opts.force || !before?.sha256 || !before.id || (before.status !== "ok" && before.status !== "skipped")) return null;
    const st = stat ?? statSync(path, { throwIfNoEntry: false });
    return st?.isFile() && before.size === st.size && before.mtime_ms === st.mtimeMs ? before : null;
  };
  // Inputs read by the last run as they are now, with the ids of their records.
  const unchanged = new Map<string, string>();
  const { files, refused, excluded } = await filterInputs(collected.files, inputs, pick(opts, "include", "exclude"), (path) => {
    const before = unchangedSince(path);
    if (before === null) return false;
    unchanged.set(path, before.id!);
    return true;
  });
  prof?.add("discovery", performance.now() - tDiscovery);

  const total = missing.length + refused.length + files.length;
  opts.onStart?.({ total });
  const fresh: (ManifestEntry | undefined)[] = new Array(total);
  const keptIds = new Set<string>();
  const freshIndex = new Map<string, DocIndexEntry>();
  let done = 0;
  const journal = await ManifestJournal.open(manifestPath);
  let appended: Promise<void> = Promise.resolve();
  // Set when the disk of the output folder is full: no more documents start, nothing more is written.
  let full = false;
  const finish = (pos: number, entry: ManifestEntry): void => {
    if (full) return;
    if (entry.error?.code === "output_full") {
      full = true;
      return;
    }
    fresh[pos] = entry;
    done += 1;
    appended = appended.then(() => (full ? undefined : prof ? prof.timeAsync("journal", () => journal.append(entry)) : journal.append(entry))).catch((err: unknown) => {
      if (!OUTPUT_FULL.has((err as NodeJS.ErrnoException).code ?? "")) throw err;
      full = true;
    });
    opts.onProgress?.({
      index: done,
      total,
      path: entry.path,
      status: entry.status,
      ms: entry.ms,
      id: entry.id,
      error: entry.error,
      elapsedMs: Math.round(performance.now() - t0),
      ...(entry.duplicate_of === undefined ? {} : { duplicateOf: entry.duplicate_of }),
    });
  };
  const now = (): string => new Date().toISOString();

  missing.forEach((m, i) => finish(i, { path: m.path, sha256: null, status: "failed", error: { code: m.code, message: m.message }, id: null, ms: 0, at: now() }));
  // Not reports (structured data): skipped with the reason, so the exit status stays 0 and failures.csv lists them.
  refused.forEach((r, i) => finish(missing.length + i, { path: r.path, sha256: null, status: "skipped", error: { code: r.code, message: r.message }, id: null, ms: 0, at: now() }));

  const enginesBefore = ocrStats().enginesStarted;
  let ocrPages = 0;
  const onOcrPage = (path: string) => (p: OcrProgress): void => {
    ocrPages++;
    opts.onOcrPage?.({ ...p, path });
  };
  // No more threads than documents to read: each thread loads the whole extractor (~0.4 s of CPU),
  // which for one small file is most of the run; and one thread for a few small ones (a re-run that
  // changed 10 text reports of 10,000 reads them in ~50 ms), leaving a core to the main thread (issue 14).
  const asked = opts.jobs ?? availableParallelism();
  const jobs = Number.isInteger(asked) && asked >= 1 ? await documentThreads(files, unchanged, outDir, asked) : asked;
  const ocr = ocrSettings(pipeline.ocr);
  // A time limit asked for (flag or pipeline file) is kept: only a thread can be stopped.
  const explicitTimeout = opts.timeoutMs !== undefined || pipeline.timeoutSeconds !== DEFAULT_TIMEOUT_SECONDS;
  const kind = opts.executor ?? (!explicitTimeout && readsInline(files) ? "inline" : undefined);
  const executor = opts.customExecutor ?? createExecutor({ jobs, timeoutMs: pipeline.timeoutSeconds * 1000, ocr, ...(kind ? { kind } : {}) });
  // What every document is read with (a queue job carries all but the OCR settings, which are the worker's own).
  const taskOptions = {
    maxBytes: pipeline.limits.maxBytes,
    maxBinaryBytes: pipeline.limits.maxBinaryBytes,
    reviewThreshold: pipeline.review.threshold,
    ocr,
    templates: pipeline.templates,
    labelCutoff: pipeline.match.labelCutoff,
  };
  // The workbook's thread starts, and its libraries load, while the documents are read.
  if (opts.xlsx !== false) warmWorkbookThread();
  // What the tables phase needs of the records already in the folder, taken while the document
  // threads start (the main thread waits for them then).
  const tKnown = performance.now();
  const known = knownRecords(outDir);
  prof?.add("index records", performance.now() - tKnown);
  // One OCR pool for the whole run (engines start on the first scanned page and stay until the end).
  const releaseOcr = holdOcr();
  // Inline runs one at a time so that progress comes in input order; a pool is kept fed with 2 per thread.
  const slots = limiter(executor.kind === "inline" ? 1 : executor.concurrency * 2);
  const inFlight = new Set<Promise<void>>();
  const firstBySha = new Map<string, { pos: number; path: string }>();
  const duplicates: { pos: number; path: string; sha256: string; of: { pos: number; path: string }; stamp: { size?: number; mtime_ms?: number } }[] = [];
  try {
    for (const [i, path] of files.entries()) {
      if (full) break;
      const pos = missing.length + refused.length + i;
      const tHash = performance.now();
      // Taken again (not the filter's): the file may have changed since the run began.
      const st = statSync(path, { throwIfNoEntry: false });
      const stamp = st?.isFile() ? { size: st.size, mtime_ms: st.mtimeMs } : {};
      const before = unchangedSince(path, st);
      const sha256 = before ? before.sha256! : await sha256File(path);
      prof?.add("hashing", performance.now() - tHash);
      if (sha256 !== null) {
        const first = firstBySha.get(sha256);
        if (first) {
          duplicates.push({ pos, path, sha256, of: first, stamp });
          continue;
        }
        firstBySha.set(sha256, { pos, path });
        const prior = opts.force ? undefined : priorBySha.get(sha256);
        if (prior?.id && existsSync(reportPath(outDir, prior.id))) {
          keptIds.add(prior.id);
          finish(pos, { path, sha256, status: "skipped", error: null, id: prior.id, ms: 0, at: now(), ...stamp });
          continue;
        }
      }
      await slots.acquire();
      if (full) {
        slots.release();
        break;
      }
      const at = now();
      const job = executor
        .run({ path, outDir, ...taskOptions }, { onOcrPage: onOcrPage(path) })
        .then((res) => {
          prof?.addAll(res.stages);
          if (res.status === "ok") {
            keptIds.add(res.id);
            freshIndex.set(res.id, res.entry);
            // The stamp only when the bytes read are those hashed (the file did not change in between).
            finish(pos, { path, sha256: res.sha256, status: "ok", error: null, id: res.id, ms: res.ms, at, ...(res.sha256 === sha256 ? stamp : {}) });
          } else finish(pos, { path, sha256, status: "failed", error: res.error, id: null, ms: res.ms, at });
        })
        .finally(() => {
          slots.release();
          inFlight.delete(job);
        });
      inFlight.add(job);
    }
    await Promise.all(inFlight);
  } finally {
    await executor.close();
    await releaseOcr();
  }
  const ocrEngines = ocrStats().enginesStarted - enginesBefore;
  for (const d of duplicates) {
    const of = fresh[d.of.pos];
    finish(d.pos, { path: d.path, sha256: d.sha256, status: "duplicate", error: null, id: of?.id ?? null, ms: 0, at: now(), duplicate_of: d.of.path, ...d.stamp });
  }
  await appended;
  await journal.close();
  if (full) {
    // A journal line torn by the full disk is cut off; the lines before it stand (their records are written).
    await cutTornTail(manifestPath);
    throw new OutputFullError(outDir);
  }
  const documentsMs = Math.round(performance.now() - t0);

  const entries = fresh.filter((e): e is ManifestEntry => e !== undefined);
  const warnings: string[] = [];
  if (old.invalid > 0) warnings.push(`${manifestPath}: ${old.invalid} unreadable line(s) dropped (a run killed mid-line leaves one)`);
  // Superseded: records of the inputs just run, found by their source path or by the id the manifest gave them.
  // A refused input (skipped with an error) loses any record an older run made of it.
  const ranPaths = new Set(entries.filter((e) => e.status !== "skipped" || e.error !== null).map((e) => e.path));
  const oldIds = new Set([...ranPaths].flatMap((p) => oldByPath.get(p)?.id ?? []));
  const isSuperseded = (file: string, sourcePath: string): boolean => !keptIds.has(file) && (ranPaths.has(resolve(sourcePath)) || oldIds.has(file));
  opts.onPhase?.("indexing records, cross-year checks, writing tables");
  const manifest = mergeManifest(oldEntries, entries);
  const fin = await finalizeOutput(outDir, { fresh: freshIndex, isSuperseded, manifest, reviewThreshold: pipeline.review.threshold, known, ...pick(opts, "xlsx", "profile") });
  warnings.push(...fin.warnings);
  await writeManifest(manifestPath, manifest);

  const failures = entries.flatMap((e) => (e.status === "failed" && e.error ? [{ path: e.path, ...e.error }] : []));
  const count = (s: BatchStatus): number => entries.filter((e) => e.status === s).length;
  const totalMs = Math.round(performance.now() - t0);
  if (prof) {
    prof.documentsMs = documentsMs;
    prof.totalMs = totalMs;
  }
  return {
    outDir,
    total,
    ok: count("ok"),
    failed: count("failed"),
    skipped: count("skipped"),
    refused: refused.length,
    excluded,
    duplicates: count("duplicate"),
    failures,
    records: fin.records,
    crossYear: fin.findings.length,
    warnings,
    documentsMs,
    totalMs,
    ocrPages,
    ocrEngines,
    options: { ...pipeline, ocr: { ...pipeline.ocr, workers: ocr.workers } },
  };
}

/**
 * Largest input read in the main thread when it is the run's only one (`readsInline`). A 3-page
 * report is ~200 KB as a PDF, ~10 KB as text; real PDFs with a text layer are under 1 MB.
 */
export const INLINE_MAX_BYTES = 2 * 1024 * 1024;

/**
 * A run of one small input reads it in the main thread (issue 14): a document thread loads the
 * whole extractor again (~0.3 s of CPU, most of a one-PDF run) that the main thread has loaded
 * already. Larger inputs, any run of two or more and a run given a time limit (--timeout, the
 * pipeline's timeoutSeconds) keep the threads with their per-file timeout and heap limit: a
 * document read inline cannot be stopped by the default limit; the input limits of
 * ingest/limits.ts still apply to it.
 */
function readsInline(files: readonly string[]): boolean {
  if (files.length !== 1) return false;
  const st = statSync(files[0]!, { throwIfNoEntry: false });
  return st !== undefined && st.isFile() && st.size <= INLINE_MAX_BYTES;
}

/**
 * Document threads to start, at most `asked`: one per input to read (an input unchanged since the
 * last run whose record file is there is not read), and one for all when they are a few small texts.
 * `unchanged`: input path → its record's id.
 */
export async function documentThreads(files: readonly string[], unchanged: ReadonlyMap<string, string>, outDir: string, asked: number): Promise<number> {
  return Math.max(1, Math.min(asked, threadsFor(await toRead(files, unchanged, outDir))));
}

/** The inputs a run will read: all but those unchanged since the last run whose record file is there. */
async function toRead(files: readonly string[], unchanged: ReadonlyMap<string, string>, outDir: string): Promise<string[]> {
  const records = new Set(await readdir(reportsDir(outDir)).catch(() => [] as string[]));
  return files.filter((f) => {
    const id = unchanged.get(f);
    return id === undefined || !records.has(`${id}.json`);
  });
}

/** Total size of the inputs to read under which one document thread reads them all (~100 text reports). */
export const ONE_THREAD_MAX_BYTES = 1024 * 1024;

/**
 * Threads worth starting for these inputs: one each, and one for all when they are text (or
 * markup) of ONE_THREAD_MAX_BYTES in all. A PDF, a scan or a .docx of a few hundred KB can take
 * seconds (OCR), so any such input keeps a thread each.
 */
function threadsFor(toRead: readonly string[]): number {
  let bytes = 0;
  const head = Buffer.alloc(512);
  for (const f of toRead) {
    let fd: number | null = null;
    try {
      // Non-blocking: a file swapped for a named pipe since discovery must not hang the run here.
      fd = openSync(f, constants.O_RDONLY | constants.O_NONBLOCK);
      bytes += fstatSync(fd).size;
      const n = readSync(fd, head, 0, head.length, 0);
      // Text has no NUL near its start (images, .docx and UTF-16 have); a PDF may have none.
      if (head.subarray(0, n).includes(0) || head.subarray(0, 5).toString("latin1") === "%PDF-") return toRead.length;
    } catch {
      // Unreadable now: its task reports why; it counts as small.
    } finally {
      if (fd !== null) closeSync(fd);
    }
    if (bytes > ONE_THREAD_MAX_BYTES) return toRead.length;
  }
  return 1;
}

/** The named options that are set (exactOptionalPropertyTypes: never pass `undefined` on). */
function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]): { [P in K]?: Exclude<T[P], undefined> } {
  const out: { [P in K]?: Exclude<T[P], undefined> } = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k] as Exclude<T[K], undefined>;
  return out;
}

/** Cuts a file back to its last complete line (a line torn by a full disk or a kill). */
async function cutTornTail(path: string): Promise<void> {
  const fh = await open(path, "r+").catch(() => null);
  if (!fh) return;
  try {
    const { size } = await fh.stat();
    const tail = Buffer.alloc(Math.min(size, 64 * 1024));
    await fh.read(tail, 0, tail.length, size - tail.length);
    const lastNewline = tail.lastIndexOf(0x0a);
    const keep = lastNewline < 0 ? (size > tail.length ? size : 0) : size - tail.length + lastNewline + 1;
    if (keep < size) await fh.truncate(keep);
  } finally {
    await fh.close();
  }
}
