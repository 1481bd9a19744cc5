/**
 * The OCR engines of a run: one pool, in the main thread, created on first use and reused across
 * pages and documents (loading the Chinese model costs about a second per engine), sized to the
 * cores. Document worker threads do not own engines: they borrow this pool over a MessagePort
 * (thread-link.ts), so the number of engines is the pool size whatever the number of threads — and a
 * single scanned document can use every engine. tesseract.js engines are worker threads of their
 * own, so serving them from the main thread costs it only the messages.
 *
 * The pool closes itself after a short idle time so that a finished command exits, unless a batch
 * holds it open for the whole run (holdOcr); closeOcr() closes it at once.
 *
 * Settings are passed in (the run's pipeline options: ocr.engine, ocr.workers), never read from the
 * environment; ocrSettings() fills in the defaults.
 */
import { availableParallelism } from "node:os";
import { createNativeTesseract, createTesseractJs, type OcrEngine, type OcrEngineKind } from "./engines.js";

export interface OcrSettings {
  engine: OcrEngineKind;
  workers: number;
  /** Resolution (dots per inch) scanned PDF pages are rendered at for OCR; absent: the reader's default (RENDER_DPI). */
  dpi?: number;
}

/** The pool closes after this long without work (ms), unless held. */
const IDLE_CLOSE_MS = 1500;

export const OCR_ENGINE_KINDS: readonly OcrEngineKind[] = ["tesseract.js", "tesseract"];

/**
 * The settings with defaults filled in: tesseract.js, one engine per core ("auto"), pages rendered
 * at the reader's resolution. The pipeline's schema bounds dpi (pipeline-options.ts); here only
 * what no render can take is refused.
 */
export function ocrSettings(o: { engine?: OcrEngineKind; workers?: number | "auto"; dpi?: number } = {}): OcrSettings {
  const engine = o.engine ?? "tesseract.js";
  if (!OCR_ENGINE_KINDS.includes(engine)) throw new Error(`ocr.engine: must be one of ${OCR_ENGINE_KINDS.join(", ")}, got ${String(engine)}`);
  const workers = o.workers === undefined || o.workers === "auto" ? availableParallelism() : o.workers;
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`ocr.workers: must be a whole number ≥ 1 or "auto", got ${String(o.workers)}`);
  if (o.dpi !== undefined && !(Number.isFinite(o.dpi) && o.dpi > 0)) throw new Error(`ocr.dpi: must be a positive number of dots per inch, got ${String(o.dpi)}`);
  return { engine, workers, ...(o.dpi === undefined ? {} : { dpi: o.dpi }) };
}

/**
 * Engines that live elsewhere: a document thread sets this to the main thread's pool (thread-link.ts)
 * for the duration of a document, and withOcrEngine then hands out that engine instead of a local one.
 */
export interface RemoteOcr {
  engine: OcrEngine;
  /** Engines behind it: how many pages are worth keeping in flight. */
  engines: number;
}

let remote: RemoteOcr | null = null;

export function setRemoteOcr(r: RemoteOcr | null): void {
  remote = r;
}

/** Pages of one document worth recognizing at once: one per engine that can take them. */
export function ocrConcurrency(settings: OcrSettings = ocrSettings()): number {
  return remote ? remote.engines : settings.workers;
}

/** The engine that reads the pages: the remote pool's in a linked document thread, else the settings'. */
export function ocrEngineKind(settings: OcrSettings): OcrEngineKind {
  return remote ? remote.engine.kind : settings.engine;
}

interface Pool {
  key: string;
  engines: Promise<OcrEngine>[];
  idle: number[];
  waiting: ((i: number) => void)[];
  busy: number;
  timer: NodeJS.Timeout | null;
  make: () => Promise<OcrEngine>;
}

let pool: Pool | null = null;
let holds = 0;
const stats = { enginesStarted: 0 };

/** Engines this process has started so far (the run's summary, benchmarks). */
export function ocrStats(): Readonly<typeof stats> {
  return { ...stats };
}

function open(settings: OcrSettings): Pool {
  const key = `${settings.engine}×${settings.workers}`;
  if (pool && pool.key === key) return pool;
  if (pool) void closeOcr();
  const make = (): Promise<OcrEngine> => {
    stats.enginesStarted++;
    return settings.engine === "tesseract" ? Promise.resolve(createNativeTesseract()) : createTesseractJs();
  };
  // Engines start lazily, when a page first needs one: a one-page document loads one model.
  const p: Pool = { key, engines: new Array(settings.workers), idle: [], waiting: [], busy: 0, timer: null, make };
  for (let i = settings.workers - 1; i >= 0; i--) p.idle.push(i);
  pool = p;
  return p;
}

function armIdleClose(p: Pool): void {
  if (p.busy === 0 && holds === 0 && pool === p && !p.timer) {
    p.timer = setTimeout(() => void closeOcr(), IDLE_CLOSE_MS);
    p.timer.unref();
  }
}

/** Run `fn` with an engine (the remote one in a linked document thread; else one of this process's pool, waiting for a free one). */
export async function withOcrEngine<T>(fn: (engine: OcrEngine) => Promise<T>, settings: OcrSettings = ocrSettings()): Promise<T> {
  if (remote) return fn(remote.engine);
  const p = open(settings);
  if (p.timer) {
    clearTimeout(p.timer);
    p.timer = null;
  }
  p.busy++;
  const i = p.idle.length ? p.idle.pop()! : await new Promise<number>((resolve) => p.waiting.push(resolve));
  try {
    p.engines[i] ??= p.make();
    return await fn(await p.engines[i]!);
  } finally {
    p.busy--;
    const next = p.waiting.shift();
    if (next) next(i);
    else p.idle.push(i);
    armIdleClose(p);
  }
}

/**
 * Keep the pool open (no idle close) until the returned function is called, which closes it:
 * a batch holds it for its whole run, so a text report between two scans never costs a model load.
 */
export function holdOcr(): () => Promise<void> {
  holds++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    holds--;
    if (holds === 0) await closeOcr();
  };
}

/** Terminate the pool's engines now (tests, benchmarks, the end of a command). */
export async function closeOcr(): Promise<void> {
  const p = pool;
  pool = null;
  if (!p) return;
  if (p.timer) clearTimeout(p.timer);
  await Promise.all(p.engines.filter(Boolean).map(async (e) => (await e).close()));
}
