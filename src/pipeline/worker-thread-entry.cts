/**
 * The file a document thread's pool is given (executor.ts). piscina's thread first require()s that
 * file; on Node ≥ 20.19 require() of an ES module links its whole graph synchronously, and a thread
 * terminated while it links (a per-file timeout, a pool closing) aborts the whole process with V8's
 * fatal "IsGraphAsync must be used on an instantiated module" (tests/thread-entry.test.ts). This
 * CommonJS entry keeps require() off the ES graph: the worker is loaded with import(), which a
 * termination simply stops.
 */
import type { ThreadJob } from "./worker-thread.js" with { "resolution-mode": "import" };
import type { TaskResult } from "./task.js" with { "resolution-mode": "import" };

// Loaded as the thread starts, not with its first document: the pool starts threads to use them.
const loading = import("./worker-thread.js");
loading.catch(() => undefined); // a failure is thrown to the first document, by work()

async function work(job: ThreadJob): Promise<TaskResult> {
  return (await loading).default(job);
}

export = work;
