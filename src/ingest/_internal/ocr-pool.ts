/**
 * The OCR engines of this process: a pool created on first use and reused across pages and
 * documents (loading the Chinese model costs about a second per engine), sized to the cores —
 * one engine per worker thread when documents already run on threads of their own. It closes
 * itself after a short idle time so that a finished command exits; closeOcr() closes it at once.
 *
 * Settings come from the environment so that the batch runner's worker threads inherit them:
 * NIANBAO_OCR_ENGINE (tesseract.js | tesseract), NIANBAO_OCR_WORKERS (engines in the pool).
 */
import { availableParallelism } from "node:os";
import { isMainThread } from "node:worker_threads";
import { createNativeTesseract, createTesseractJs, type OcrEngine, type OcrEngineKind } from "./engine.js";

export interface OcrSettings {
  engine: OcrEngineKind;
  workers: number;
}

/** The pool closes after this long without work (ms). */
const IDLE_CLOSE_MS = 1500;

export const OCR_ENGINE_KINDS: readonly OcrEngineKind[] = ["tesseract.js", "tesseract"];

export function ocrSettings(env: NodeJS.ProcessEnv = process.env): OcrSettings {
  const engine = (env["NIANBAO_OCR_ENGINE"] ?? "tesseract.js") as OcrEngineKind;
  if (!OCR_ENGINE_KINDS.includes(engine)) {
    throw new Error(`NIANBAO_OCR_ENGINE=${engine}: the OCR engine must be one of ${OCR_ENGINE_KINDS.join(", ")}`);
  }
  const n = Number(env["NIANBAO_OCR_WORKERS"] ?? "");
  const workers = Number.isInteger(n) && n > 0 ? n : isMainThread ? availableParallelism() : 1;
  return { engine, workers };
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

function open(settings: OcrSettings): Pool {
  const key = `${settings.engine}×${settings.workers}`;
  if (pool && pool.key === key) return pool;
  if (pool) void closeOcr();
  const make = (): Promise<OcrEngine> => (settings.engine === "tesseract" ? Promise.resolve(createNativeTesseract()) : createTesseractJs());
  // Engines start lazily, when a page first needs one: a one-page document loads one model.
  const p: Pool = { key, engines: new Array(settings.workers), idle: [], waiting: [], busy: 0, timer: null, make };
  for (let i = settings.workers - 1; i >= 0; i--) p.idle.push(i);
  pool = p;
  return p;
}

/** Run `fn` with an engine of the pool (waiting for a free one). */
export async function withOcrEngine<T>(fn: (engine: OcrEngine) => Promise<T>, settings: OcrSettings = ocrSettings()): Promise<T> {
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
    if (p.busy === 0 && pool === p) {
      p.timer = setTimeout(() => void closeOcr(), IDLE_CLOSE_MS);
      p.timer.unref();
    }
  }
}

/** Terminate the pool's engines now (tests, benchmarks, the end of a command). */
export async function closeOcr(): Promise<void> {
  const p = pool;
  pool = null;
  if (!p) return;
  if (p.timer) clearTimeout(p.timer);
  await Promise.all(p.engines.filter(Boolean).map(async (e) => (await e).close()));
}
