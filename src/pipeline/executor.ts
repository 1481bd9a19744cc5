/**
 * Where documents run: in this thread (inline) or in a pool of worker threads (piscina), one task per
 * document, with a per-file timeout that kills the thread running a stuck document. The batch runner
 * and the queue worker only see `Executor`, so scheduling never leaks into the stages.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { Piscina as PiscinaPool } from "piscina";
import { ocrSettings, openOcrLink, type OcrSettings } from "../ocr/index.js";
import { INPUT_LIMITS } from "../ingest/limits.js";
import { onOcrProgress, type OcrProgress } from "../ocr/index.js";
import { describeFailure, runTask, type DocumentTask, type TaskResult } from "./task.js";
import type { ThreadJob } from "./worker-thread.js";

/** `queue` is the Redis executor (queue/coordinator.ts); the runner only sees the interface. */
export type ExecutorKind = "threads" | "inline" | "queue";

/** What a running document reports on the way (the queue executor reports nothing). */
/** Longest wait (ms) for a finished document's OCR link to deliver its last messages. */
const LINK_DRAIN_MS = 2000;

export interface RunHooks {
  /** A page of this document finished OCR. */
  onOcrPage?: (p: OcrProgress) => void;
}

export interface Executor {
  readonly kind: ExecutorKind;
  /** Documents run at the same time. */
  readonly concurrency: number;
  /** Never rejects for a document's own failure; rejects only when the executor itself is broken. */
  run(task: DocumentTask, hooks?: RunHooks): Promise<TaskResult>;
  close(): Promise<void>;
}

export interface ExecutorOptions {
  kind?: ExecutorKind;
  /** Worker threads (default: every core). */
  jobs?: number;
  /** Per-document limit in ms (default 5 min: a text report takes milliseconds, a PDF about a second, a scan OCR'd cell by cell seconds per page). */
  timeoutMs?: number;
  /** The OCR pool that document threads borrow (default: tesseract.js, one engine per core). */
  ocr?: OcrSettings;
}

export const DEFAULT_TIMEOUT_MS = 300_000;

/**
 * Worker threads cannot load TypeScript, so the pool always runs the compiled entry in dist/. When
 * this module is itself compiled (dist/pipeline/executor.js) that is the file beside it; when it is
 * loaded from src/ (vitest), it is ../../dist/pipeline/, built by `npm run build`. The entry is
 * CommonJS (worker-thread-entry.cts says why) and imports worker-thread.js beside it.
 */
export function workerEntry(): string {
  const here = import.meta.url;
  const url = here.endsWith(".ts") ? new URL("../../dist/pipeline/worker-thread-entry.cjs", here) : new URL("./worker-thread-entry.cjs", here);
  return fileURLToPath(url);
}

/** Threads when the compiled worker exists; inline otherwise (running from source without a build). */
export function defaultExecutorKind(): ExecutorKind {
  return import.meta.url.endsWith(".ts") ? "inline" : existsSync(workerEntry()) ? "threads" : "inline";
}

export function createExecutor(opts: ExecutorOptions = {}): Executor {
  const jobs = opts.jobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`jobs must be a whole number ≥ 1, got ${jobs}`);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new Error(`timeoutMs must be positive, got ${timeoutMs}`);
  const kind = opts.kind ?? defaultExecutorKind();
  if (kind === "queue") throw new Error("the queue executor is made by createQueueExecutor (queue/coordinator.ts)");
  return kind === "threads" ? threadExecutor(jobs, timeoutMs, opts.ocr ?? ocrSettings()) : inlineExecutor();
}

async function settle(task: DocumentTask, run: () => Promise<TaskResult>, started: number): Promise<TaskResult> {
  try {
    return await run();
  } catch (err) {
    return { status: "failed", error: describeFailure(task.path, err), ms: Math.round(performance.now() - started) };
  }
}

/**
 * One document at a time in this thread. No timeout can stop synchronous work here, so none is
 * applied; the inline executor serves tests (stand-in extractors) and runs without a build.
 */
function inlineExecutor(): Executor {
  return {
    kind: "inline",
    concurrency: 1,
    run: async (task, hooks) => {
      // One document at a time, so the process-wide page listener is this document's.
      onOcrProgress(hooks?.onOcrPage ?? null);
      try {
        return await settle(task, () => runTask(task), performance.now());
      } finally {
        onOcrProgress(null);
      }
    },
    close: async () => undefined,
  };
}

/**
 * Documents on `jobs` threads. Their OCR runs on this (main) thread's engine pool, reached over a
 * link made per document (thread-link.ts): the engines are shared by all threads, not one set per thread.
 */
function threadExecutor(jobs: number, timeoutMs: number, ocr: OcrSettings): Executor {
  // Loaded only when threads are used (a run of one small document reads it inline, batch.ts).
  const { Piscina } = createRequire(import.meta.url)("piscina") as { Piscina: typeof PiscinaPool };
  const pool = new Piscina<ThreadJob, TaskResult>({
    filename: workerEntry(),
    minThreads: jobs,
    maxThreads: jobs,
    // Threads stay up for the whole batch: starting one costs ~50 ms of module loading.
    idleTimeout: 60_000,
    // A reader that runs away despite the input limits (ingest/limits.ts) kills its own thread
    // (ERR_WORKER_OUT_OF_MEMORY, one failed input), not the process.
    resourceLimits: { maxOldGenerationSizeMb: INPUT_LIMITS.threadHeapMb },
  });
  return {
    kind: "threads",
    concurrency: jobs,
    run: (task, hooks) => {
      let started = performance.now();
      // The clock starts when a thread takes the document (its "started" message), so time spent
      // waiting in the pool's queue behind a slow file is never counted against this one.
      const timer = new AbortController();
      let clock: NodeJS.Timeout | undefined;
      let finished = false;
      const onStart = (): void => {
        // The "started" message may come after the result (another channel): no clock then.
        if (finished) return;
        started = performance.now();
        clock = setTimeout(() => timer.abort(), timeoutMs);
      };
      const signal = timer.signal;
      return settle(
        task,
        async () => {
          const link = openOcrLink((p) => hooks?.onOcrPage?.(p), onStart, ocr);
          try {
            return await pool.run({ task, ocr: link.init }, { signal, transferList: [link.init.port] });
          } catch (err) {
            // Piscina terminates the thread of an aborted running task; the pool starts a new one.
            if (signal.aborted) {
              return { status: "failed", error: { code: "timeout", message: `${task.path}: not finished after ${timeoutMs} ms (per-file timeout); skipped` }, ms: Math.round(performance.now() - started) };
            }
            if ((err as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY") {
              const message = `${task.path}: reading it needed more than ${INPUT_LIMITS.threadHeapMb} MiB of memory (the limit of one document); refused`;
              return { status: "failed", error: { code: "too_large", message }, ms: Math.round(performance.now() - started) };
            }
            throw err;
          } finally {
            finished = true;
            clearTimeout(clock);
            // A finished document's thread closes its end of the link after its last message; a
            // killed one never does, so the wait is bounded.
            if (!signal.aborted) await Promise.race([link.drained, new Promise((r) => setTimeout(r, LINK_DRAIN_MS).unref())]);
            link.close();
          }
        },
        started,
      );
    },
    close: () => pool.destroy(),
  };
}
