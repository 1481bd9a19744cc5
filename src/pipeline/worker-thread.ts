/**
 * Entry of a document worker thread (piscina). Worker threads load compiled JavaScript only, so the
 * pool always starts `dist/pipeline/worker-thread.js` — also when the runner itself is loaded from
 * source by vitest (see executor.ts). `npm ci` builds dist (prepare script); tests that use threads
 * run `npm run build` first (tests/global-setup.ts).
 */
import { runTask, type DocumentTask, type TaskResult } from "./task.js";

export default function work(task: DocumentTask): Promise<TaskResult> {
  return runTask(task);
}
