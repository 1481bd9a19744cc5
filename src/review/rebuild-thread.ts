/**
 * The export rebuild of the review app in a worker thread: rebuilding every table of a folder of
 * 10,000 records takes tens of seconds of CPU (parsing, CSV, SQLite), which on the server's own
 * thread would hold every request — a reviewer's next correction included — until it ended.
 */
import { parentPort, workerData } from "node:worker_threads";
import { rebuildTables } from "../pipeline/finalize.js";

if (parentPort) {
  const port = parentPort;
  rebuildTables((workerData as { outDir: string }).outDir).then(
    () => port.postMessage({ ok: true }),
    (err: unknown) => port.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
}
