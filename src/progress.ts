/**
 * How `nianbao extract` shows its progress: a bar with counts, rate and ETA when stderr is a
 * terminal, with a line per document being OCR'd under it (`scan.pdf: OCR page 3/7`); plain lines
 * otherwise (CI logs, files), one per input, one per OCR'd page, plus a rate/ETA line every few
 * seconds. Failures always print, with the file's name and the problem.
 */
import { basename } from "node:path";
import cliProgress from "cli-progress";
import type { BatchProgress, OcrPageProgress } from "./pipeline/batch.js";

export interface ProgressReporter {
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

export function rateAndEta(p: BatchProgress): { rate: number; etaS: number } {
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

/** The plain line of an OCR'd page (format kept stable for log readers; README documents it). */
export function ocrLine(p: OcrPageProgress): string {
  return `ocr ${p.path} page ${p.page}/${p.pages} (${(p.ms / 1000).toFixed(1)} s, ${p.engine})`;
}

export function createReporter(opts: ReporterOptions): ProgressReporter {
  const useBar = opts.bar ?? (opts.stream.isTTY === true && !opts.quiet);
  if (!useBar) {
    let lastRateLine = 0;
    return {
      update(p) {
        const line = plainLine(p, opts.quiet);
        if (line) opts.stream.write(`${line}\n`);
        if (!opts.quiet && p.elapsedMs - lastRateLine >= PLAIN_EVERY_MS && p.index < p.total) {
          lastRateLine = p.elapsedMs;
          const { rate, etaS } = rateAndEta(p);
          opts.stream.write(`progress ${p.index}/${p.total}, ${rate.toFixed(1)} documents/s, ETA ${Math.ceil(etaS)} s\n`);
        }
      },
      ocrPage(p) {
        if (!opts.quiet) opts.stream.write(`${ocrLine(p)}\n`);
      },
      log: (line) => void opts.stream.write(`${line}\n`),
      stop: () => undefined,
    };
  }
  const counts = { ok: 0, failed: 0, skipped: 0, duplicate: 0 };
  const multi = new cliProgress.MultiBar(
    {
      stream: opts.stream,
      format: "{bar} {value}/{total} | {rate}/s | ETA {eta_formatted} | ok {ok} failed {failed} skipped {skipped} dup {duplicate}",
      hideCursor: true,
      etaBuffer: 200,
      clearOnComplete: false,
      emptyOnZero: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | null = null;
  // One line per document in OCR, gone when the document is done. It counts the pages finished
  // (with several engines, page 3 may finish before page 2).
  const ocrBars = new Map<string, { bar: cliProgress.SingleBar; done: number }>();
  return {
    ocrPage(p) {
      // The main bar first, so that it stays on top (its total comes with the first finished input).
      bar ??= multi.create(0, 0, { rate: "0.0", ...counts });
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
      counts[p.status] += 1;
      bar ??= multi.create(p.total, 0, { rate: "0.0", ...counts });
      bar.setTotal(p.total);
      bar.update(p.index, { rate: rateAndEta(p).rate.toFixed(1), ...counts });
      if (p.status === "failed") multi.log(`${plainLine(p, true)}\n`);
    },
    log: (line) => multi.log(`${line}\n`),
    stop: () => multi.stop(),
  };
}
