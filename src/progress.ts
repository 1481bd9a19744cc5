/**
 * How `nianbao extract` shows its progress: a bar with counts, rate and ETA when stderr is a
 * terminal, with a line per document being OCR'd under it (`scan.pdf: OCR page 3/7`); plain lines
 * otherwise (CI logs, files), one per input, one per OCR'd page, plus a rate/ETA line every few
 * seconds. Failures always print, with the file's name and the problem.
 */
import { basename } from "node:path";
import { createRequire } from "node:module";
import type cliProgressTypes from "cli-progress";
import type { BatchProgress, OcrPageProgress } from "./pipeline/batch.js";

export interface ProgressReporter {
  /** The inputs are counted (before the first is read): the bar shows its total at once. */
  start(total: number): void;
  update(p: BatchProgress): void;
  /** A page of a document finished OCR. */
  ocrPage(p: OcrPageProgress): void;
  /** A message about the run (a phase, a warning), printed without breaking the bar. */
  log(line: string): void;
  stop(): void;
}

export interface ReporterOptions {
  stream: NodeJS.WriteStream;
  quiet: boolean;
  /** Force the bar on or off (default: when the stream is a terminal and not quiet). */
  bar?: boolean;
}

/** Seconds between rate/ETA lines in plain mode. */
const PLAIN_EVERY_MS = 10_000;

export function rateAndEta(p: Pick<BatchProgress, "index" | "total" | "elapsedMs">): { rate: number; etaS: number } {
  const rate = p.elapsedMs > 0 ? (p.index * 1000) / p.elapsedMs : 0;
  return { rate, etaS: rate > 0 ? (p.total - p.index) / rate : 0 };
}

export function plainLine(p: BatchProgress, quiet: boolean): string | null {
  const at = `[${p.index}/${p.total}]`;
  if (p.status === "failed") return `${at} failed  ${p.error?.message ?? p.path}`;
  if (quiet) return null;
  if (p.status === "ok") return `${at} ok      ${p.path} (${p.ms} ms)`;
  if (p.status === "duplicate") return `${at} duplicate ${p.path} (same content as ${p.duplicateOf ?? "another input"}; read once)`;
  return `${at} skipped ${p.path} (${p.error ? `${p.error.code}: not a report` : "unchanged"})`;
}

/**
 * Pages of OCR done and known, and an ETA from them: a scan takes seconds a page, so the documents'
 * rate says little until many have finished. Seconds per page come from the wall time since the
 * first page (it already reflects the engines working in parallel); the pages still to come are those
 * of the documents in OCR plus, for the documents not started, the pages a scan has had on average
 * times the share of documents that were scans so far.
 */
export class PageTally {
  private readonly inFlight = new Map<string, { pages: number; done: number }>();
  private firstAt: number | null = null;
  pagesDone = 0;
  pagesKnown = 0;
  private ocrDocs = 0;

  page(p: OcrPageProgress, nowMs: number): void {
    this.firstAt ??= nowMs - p.ms;
    const doc = this.inFlight.get(p.path);
    if (doc) doc.done += 1;
    else {
      this.inFlight.set(p.path, { pages: p.pages, done: 1 });
      this.pagesKnown += p.pages;
      this.ocrDocs += 1;
    }
    this.pagesDone += 1;
  }

  finished(path: string): void {
    const doc = this.inFlight.get(path);
    if (!doc) return;
    // Pages never reported (an error mid-document) no longer count as to come.
    this.pagesKnown -= doc.pages - doc.done;
    this.inFlight.delete(path);
  }

  /** Seconds left, or null before the first page. `finished`: documents done; `total`: all inputs. */
  etaS(finished: number, total: number, nowMs: number): number | null {
    if (this.firstAt === null || this.pagesDone === 0) return null;
    const perPage = (nowMs - this.firstAt) / 1000 / this.pagesDone;
    const seen = finished + this.inFlight.size;
    const notStarted = Math.max(0, total - seen);
    const share = seen > 0 ? Math.min(1, this.ocrDocs / seen) : 1;
    const ahead = this.pagesKnown - this.pagesDone + notStarted * share * (this.pagesKnown / this.ocrDocs);
    return Math.max(0, perPage * ahead);
  }
}

/** 75 → "1m15s", 3725 → "1h02m". */
export function formatEta(s: number): string {
  const t = Math.ceil(s);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, "0")}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, "0")}m`;
}

/** The plain line of an OCR'd page (format kept stable for log readers; README documents it). */
export function ocrLine(p: OcrPageProgress): string {
  return `ocr ${p.path} page ${p.page}/${p.pages} (${(p.ms / 1000).toFixed(1)} s, ${p.engine})`;
}

export function createReporter(opts: ReporterOptions): ProgressReporter {
  const useBar = opts.bar ?? (opts.stream.isTTY === true && !opts.quiet);
  const t0 = performance.now();
  const now = (): number => performance.now() - t0;
  const pages = new PageTally();
  let total = 0;
  let finished = 0;
  /** ETA from pages once OCR has run, from documents otherwise. */
  const eta = (p: { index: number; total: number; elapsedMs: number }): number => pages.etaS(p.index, p.total, now()) ?? rateAndEta(p).etaS;
  const pagesText = (): string => (pages.pagesKnown > 0 ? ` | OCR pages ${pages.pagesDone}/${pages.pagesKnown}` : "");
  if (!useBar) {
    let lastRateLine = 0;
    return {
      start(n) {
        total = n;
        if (!opts.quiet) opts.stream.write(`${n} input(s) to read\n`);
      },
      update(p) {
        pages.finished(p.path);
        finished = p.index;
        const line = plainLine(p, opts.quiet);
        if (line) opts.stream.write(`${line}\n`);
        if (!opts.quiet && p.elapsedMs - lastRateLine >= PLAIN_EVERY_MS && p.index < p.total) {
          lastRateLine = p.elapsedMs;
          const { rate } = rateAndEta(p);
          opts.stream.write(`progress ${p.index}/${p.total}, ${rate.toFixed(1)} documents/s${pagesText()}, ETA ${Math.ceil(eta(p))} s\n`);
        }
      },
      ocrPage(p) {
        pages.page(p, now());
        if (!opts.quiet) opts.stream.write(`${ocrLine(p)}\n`);
        if (!opts.quiet && now() - lastRateLine >= PLAIN_EVERY_MS && total > 0) {
          lastRateLine = now();
          opts.stream.write(`progress ${finished}/${total}${pagesText()}, ETA ${Math.ceil(eta({ index: finished, total, elapsedMs: now() }))} s\n`);
        }
      },
      log: (line) => void opts.stream.write(`${line}\n`),
      stop: () => undefined,
    };
  }
  const counts = { ok: 0, failed: 0, skipped: 0, duplicate: 0 };
  // Loaded only for the bar on a terminal (issue 14: the fixed cost of a quiet or logged run).
  const cliProgress = createRequire(import.meta.url)("cli-progress") as typeof cliProgressTypes;
  const multi = new cliProgress.MultiBar(
    {
      stream: opts.stream,
      format: "{bar} {value}/{total} | {rate}/s | ETA {etaText}{pages} | ok {ok} failed {failed} skipped {skipped} dup {duplicate}",
      hideCursor: true,
      etaBuffer: 200,
      clearOnComplete: false,
      emptyOnZero: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgressTypes.SingleBar | null = null;
  // One line per document in OCR, gone when the document is done. It counts the pages finished
  // (with several engines, page 3 may finish before page 2).
  const ocrBars = new Map<string, { bar: cliProgressTypes.SingleBar; done: number }>();
  const payload = (p: { index: number; total: number; elapsedMs: number }): Record<string, string | number> => ({
    rate: rateAndEta(p).rate.toFixed(1),
    etaText: p.index === 0 && pages.pagesDone === 0 ? "…" : formatEta(eta(p)),
    pages: pagesText(),
    ...counts,
  });
  return {
    start(n) {
      total = n;
      bar ??= multi.create(n, 0, payload({ index: 0, total: n, elapsedMs: 0 }));
      bar.setTotal(n);
    },
    ocrPage(p) {
      pages.page(p, now());
      // The main bar first, so that it stays on top.
      bar ??= multi.create(total, 0, payload({ index: finished, total, elapsedMs: now() }));
      bar.update(finished, payload({ index: finished, total, elapsedMs: now() }));
      const o = ocrBars.get(p.path);
      if (o) o.bar.update(++o.done);
      else ocrBars.set(p.path, { bar: multi.create(p.pages, 1, { file: basename(p.path) }, { format: "  {file}: OCR page {value}/{total}" }), done: 1 });
      multi.update(); // draw now: a page is seconds of work, the next redraw may come after the document is gone
    },
    update(p) {
      const ocr = ocrBars.get(p.path);
      if (ocr) {
        multi.remove(ocr.bar);
        ocrBars.delete(p.path);
      }
      pages.finished(p.path);
      finished = p.index;
      counts[p.status] += 1;
      bar ??= multi.create(p.total, 0, payload(p));
      bar.setTotal(p.total);
      bar.update(p.index, payload(p));
      if (p.status === "failed") multi.log(`${plainLine(p, true)}\n`);
    },
    log: (line) => multi.log(`${line}\n`),
    stop: () => multi.stop(),
  };
}
