/**
 * Entry of a document worker thread (piscina). Worker threads load compiled JavaScript only, so the
 * pool always starts `dist/pipeline/worker-thread.js` — also when the runner itself is loaded from
 * source by vitest (see executor.ts). `npm ci` builds dist (prepare script); tests that use threads
 * run `npm run build` first (tests/global-setup.ts).
 *
 * A document's OCR goes to the main thread's engine pool over the link that comes with the task
 * (thread-link.ts), which also carries its per-page progress back.
 */
import { installSyncDecompression } from "../ingest/pdf/sync-inflate.js";
import { joinOcrLink, type OcrLinkInit } from "../ocr/index.js";
import { describeFailure, runTask, type DocumentTask, type TaskResult } from "./task.js";

// This thread is the project's own: pdfjs may inflate synchronously here (sync-inflate.ts).
installSyncDecompression();

export interface ThreadJob {
  task: DocumentTask;
  ocr: OcrLinkInit;
}

export default async function work(job: ThreadJob): Promise<TaskResult> {
  const leave = joinOcrLink(job.ocr);
  try {
    return await runTask(job.task);
  } catch (err) {
    // Described here, where the error is whole: crossing to the main thread keeps only its message.
    return { status: "failed", error: describeFailure(job.task.path, err), ms: 0 };
  } finally {
    leave();
  }
}
