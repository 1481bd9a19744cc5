/**
 * The workbook's own thread (xlsx-link.ts starts it): it streams the cells sheet from cells.csv
 * while the main thread is still writing that file, then adds the other sheets from their finished
 * CSV files. Told how far cells.csv is written (`grown`), it parses up to there; told `finish`, it
 * ends the workbook and answers with its warnings.
 *
 * A thread started warm (no workerData: a batch starts it with the reading, xlsx-link.ts
 * `warmWorkbookThread`) loads its libraries and writes a made-up workbook into nothing at once
 * (xlsx.ts `warmUpWorkbook`), then waits for `begin` with the workbook's data: a small run's
 * workbook then costs neither the thread's start, the libraries' loading nor the compiling of their
 * code after the reading (issue 14: one small PDF).
 */
import { parentPort, workerData } from "node:worker_threads";
import { CsvFileFeed, WorkbookFile, addCsvSheet, warmUpWorkbook, type XlsxSource } from "./xlsx.js";

export interface WorkbookThreadData {
  /** The workbook's temp file. */
  path: string;
  /** The cells sheet's resource and the CSV file being written. */
  cells: XlsxSource;
  /** Rows kept at most in a sheet. */
  limit: number;
}

export type ToWorkbookThread =
  | { type: "begin"; data: WorkbookThreadData }
  | { type: "grown"; size: number }
  | { type: "finish"; size: number; sources: XlsxSource[] }
  | { type: "abandon" };
export type FromWorkbookThread = { type: "done"; warnings: string[] } | { type: "error"; message: string } | { type: "closed" };

type Open = { book: WorkbookFile; feed: CsvFileFeed };

const port = parentPort;
if (port) {
  const fail = (err: unknown): void => port.postMessage({ type: "error", message: err instanceof Error ? err.message : String(err) } satisfies FromWorkbookThread);
  const open = async ({ path, cells, limit }: WorkbookThreadData): Promise<Open> => {
    const book = await WorkbookFile.open(path);
    return { book, feed: await CsvFileFeed.open(cells.csvPath, book.sheet(cells.resource, limit)) };
  };
  let ready: Promise<Open> | null = workerData ? open(workerData as WorkbookThreadData) : null;
  // Warm: the libraries load now, while nothing is asked of the thread (a failure shows when the workbook is begun).
  if (!ready) void warmUpWorkbook().catch(() => undefined);
  let failed = false;
  // Messages are handled one after the other: each waits for the one before.
  let last: Promise<void> = Promise.resolve();
  port.on("message", (m: ToWorkbookThread) => {
    if (m.type === "abandon") {
      // At once, not after the messages before it: the thread is stopped next, and a file it has
      // open would stay open in the process.
      failed = true;
      void (async () => {
        const open = await ready?.catch(() => null);
        open?.feed.close();
        await open?.book.close().catch(() => undefined);
        port.postMessage({ type: "closed" } satisfies FromWorkbookThread);
      })();
      return;
    }
    last = last.then(async () => {
      if (failed) return;
      try {
        if (m.type === "begin") {
          ready = open(m.data);
          await ready;
          return;
        }
        if (!ready) throw new Error(`"${m.type}" before the workbook was begun`);
        const { book, feed } = await ready;
        if (m.type === "grown") {
          await feed.readTo(m.size);
          return;
        }
        const warnings = await feed.finish(m.size);
        for (const src of m.sources) warnings.push(...(await addCsvSheet(book, src)));
        await book.commit();
        port.postMessage({ type: "done", warnings } satisfies FromWorkbookThread);
      } catch (err) {
        failed = true;
        const open = await ready?.catch(() => null);
        open?.feed.close();
        await open?.book.close().catch(() => undefined);
        fail(err);
      }
    });
  });
}
