/**
 * The main thread's end of the workbook's thread (xlsx-thread.ts). A big run's workbook took as
 * long as all its other tables together (2,000 reports: ~10 ms a document, on the main thread, after
 * everything else); in its own thread the cells sheet is written while cells.csv is, on the core
 * the document threads no longer use (issue 14).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { FromWorkbookThread, ToWorkbookThread, WorkbookThreadData } from "./xlsx-thread.js";
import { inSheetOrder, type XlsxSource } from "./xlsx.js";

/** How long an abandoned workbook thread is given to close its file before it is stopped. */
const ABANDON_WAIT_MS = 2000;

/** The thread's compiled entry; from src/ (vitest) it is the one in dist/, built by `npm run build`. */
function threadEntry(): string | null {
  const here = import.meta.url;
  const url = here.endsWith(".ts") ? new URL("../../dist/emit/xlsx-thread.js", here) : new URL("./xlsx-thread.js", here);
  const path = fileURLToPath(url);
  return existsSync(path) ? path : null;
}

/** The thread started warm for this process's next workbook (one batch at a time: a run holds its output's lock). */
let warm: Worker | null = null;

/**
 * Starts a workbook thread now, so that its libraries load while the documents are read; the next
 * `WorkbookThread.claimWarm` takes it. A batch starts one when it may write a workbook and
 * `releaseWarmWorkbookThread` stops it if no workbook was begun.
 */
export function warmWorkbookThread(): void {
  if (warm) return;
  const entry = threadEntry();
  if (!entry) return;
  const worker = new Worker(entry, { workerData: null });
  // Until claimed it must not keep the process alive, nor crash it: a thread that failed to load is dropped (the workbook is then written without it).
  worker.unref();
  const drop = (): void => {
    if (warm === worker) warm = null;
  };
  worker.once("error", drop);
  worker.once("exit", drop);
  warm = worker;
}

/** Stops the warm thread if nothing claimed it. */
export async function releaseWarmWorkbookThread(): Promise<void> {
  const worker = warm;
  warm = null;
  if (worker) await worker.terminate();
}

export class WorkbookThread {
  private readonly answer: Promise<string[]>;
  private posted = 0;

  private constructor(private readonly worker: Worker) {
    this.answer = new Promise<string[]>((resolve, reject) => {
      const onMessage = (m: FromWorkbookThread): void => {
        if (m.type === "closed") return;
        worker.off("message", onMessage);
        if (m.type === "done") resolve(m.warnings);
        else reject(new Error(`nianbao.xlsx: ${m.message}`));
      };
      worker.on("message", onMessage);
      worker.once("error", (err) => reject(new Error(`nianbao.xlsx: ${err.message}`)));
      worker.once("exit", (code) => reject(new Error(`nianbao.xlsx: the workbook's thread stopped (exit code ${code})`)));
    });
    this.answer.catch(() => undefined); // thrown when awaited by finish
  }

  /** Starts the thread writing `data.path`; null when its compiled entry is missing (then the caller writes the workbook itself). */
  static start(data: WorkbookThreadData): WorkbookThread | null {
    const entry = threadEntry();
    return entry ? new WorkbookThread(new Worker(entry, { workerData: data })) : null;
  }

  /** The warm thread (warmWorkbookThread) begun on `data.path`; null when there is none. */
  static claimWarm(data: WorkbookThreadData): WorkbookThread | null {
    const worker = warm;
    if (!worker) return null;
    warm = null;
    worker.ref();
    const thread = new WorkbookThread(worker);
    worker.postMessage({ type: "begin", data } satisfies ToWorkbookThread);
    return thread;
  }

  /** cells.csv is written up to `size` bytes. */
  grown(size: number): void {
    if (size <= this.posted) return;
    this.posted = size;
    this.worker.postMessage({ type: "grown", size } satisfies ToWorkbookThread);
  }

  /** cells.csv ended at `size` bytes; the other sheets' CSV files are complete (those without a sheet are left out). Resolves with the workbook's warnings when it is written. */
  async finish(size: number, sources: XlsxSource[]): Promise<string[]> {
    this.worker.postMessage({ type: "finish", size, sources: inSheetOrder(sources) } satisfies ToWorkbookThread);
    try {
      return await this.answer;
    } finally {
      await this.worker.terminate();
    }
  }

  /** Stops the thread (no workbook this run, or an error), its file closed first; its temp file is the caller's to remove. */
  async abandon(): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      const onMessage = (m: FromWorkbookThread): void => {
        if (m.type === "closed") resolve();
      };
      this.worker.on("message", onMessage);
      this.worker.once("exit", () => resolve());
      // A thread that cannot answer (stuck in a parse) is stopped anyway.
      setTimeout(resolve, ABANDON_WAIT_MS).unref();
    });
    this.worker.postMessage({ type: "abandon" } satisfies ToWorkbookThread);
    await closed;
    await this.worker.terminate();
  }
}
