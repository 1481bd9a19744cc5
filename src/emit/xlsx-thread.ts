/**
 * The workbook's own thread (xlsx-link.ts starts it): it streams the cells sheet from cells.csv
 * while the main thread is still writing that file, then adds the other sheets from their finished
 * CSV files. Told how far cells.csv is written (`grown`), it parses up to there; told `finish`, it
 * ends the workbook and answers with its warnings.
 */
import { parentPort, workerData } from "node:worker_threads";
import { CsvFileFeed, WorkbookFile, addCsvSheet, type XlsxSource } from "./xlsx.js";

export interface WorkbookThreadData {
  /** The workbook's temp file. */
  path: string;
  /** The cells sheet's resource and the CSV file being written. */
  cells: XlsxSource;
  /** Rows kept at most in a sheet. */
  limit: number;
}

export type ToWorkbookThread = { type: "grown"; size: number } | { type: "finish"; size: number; sources: XlsxSource[] };
export type FromWorkbookThread = { type: "done"; warnings: string[] } | { type: "error"; message: string };

const port = parentPort;
if (port) {
  const { path, cells, limit } = workerData as WorkbookThreadData;
  const fail = (err: unknown): void => port.postMessage({ type: "error", message: err instanceof Error ? err.message : String(err) } satisfies FromWorkbookThread);
  const ready = WorkbookFile.open(path).then(async (book) => ({ book, feed: await CsvFileFeed.open(cells.csvPath, book.sheet(cells.resource, limit)) }));
  let failed = false;
  // Messages are handled one after the other: each waits for the one before.
  let last: Promise<void> = Promise.resolve();
  port.on("message", (m: ToWorkbookThread) => {
    last = last.then(async () => {
      if (failed) return;
      try {
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
        (await ready.catch(() => null))?.feed.close();
        fail(err);
      }
    });
  });
}
