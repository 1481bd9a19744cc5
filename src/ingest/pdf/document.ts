/**
 * Opening a PDF with pdfjs-dist (legacy build: the one that runs in Node without a DOM), with the
 * CMaps and standard fonts shipped in the package. Chinese PDFs need the CMaps: without them the
 * text comes out empty or garbled, so a missing CMap folder is an error, not a degraded run.
 * Whoever opens a document closes it (withPdf), whatever happens inside.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { PDFDocumentProxy } from "pdfjs-dist/types/src/display/api.js";
import { hideFontPrograms } from "./font-programs.js";
import { isOwnThread } from "./sync-inflate.js";

export type { PDFDocumentProxy };

const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve("pdfjs-dist/package.json"));
const CMAP_DIR = join(PDFJS_DIR, "cmaps") + "/";
const FONT_DIR = join(PDFJS_DIR, "standard_fonts") + "/";

export class PdfOpenError extends Error {
  constructor(
    readonly code: "encrypted" | "corrupt" | "empty",
    message: string,
  ) {
    super(message);
  }
}

type Pdfjs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

/**
 * The package's minified legacy build, the same code as pdf.mjs and pdf.worker.mjs with half the
 * bytes (1.8 instead of 3.4 MB): Node parses both files whole when they load, ~30 ms less CPU for a
 * run that reads one PDF (issue 14). Typed as pdf.mjs (the package has no declarations for it).
 */
const PDFJS_BUILD: string = "pdfjs-dist/legacy/build/pdf.min.mjs";
const PDFJS_WORKER_BUILD = "pdfjs-dist/legacy/build/pdf.worker.min.mjs";
let pdfjs: Pdfjs | null = null;

// The legacy build bundles core-js, which replaces a few built-ins process-wide with slower
// spec-edge-case versions (Array.prototype.push, JSON.parse, JSON.stringify): push alone took a
// third of the time of reading a PDF, and the rest of the pipeline paid for them too. The engine's
// own are kept here, before anything loads pdfjs, and put back once it and its worker module are
// loaded; what core-js only adds (Promise.withResolvers, Set methods, …) stays.
const NATIVES = { push: Array.prototype.push, parse: JSON.parse, stringify: JSON.stringify };

/** pdfjs-dist, loaded once; its "fake worker" runs in this thread, from the module loaded here. */
export async function loadPdfjs(): Promise<Pdfjs> {
  if (!existsSync(join(CMAP_DIR, "UniGB-UCS2-H.bcmap"))) {
    throw new Error(`pdfjs-dist's CMaps are missing (${CMAP_DIR}): Chinese text cannot be decoded; reinstall with npm ci`);
  }
  if (pdfjs) return pdfjs;
  const workerPath = require.resolve(PDFJS_WORKER_BUILD);
  const load = async (): Promise<Pdfjs> => {
    const loaded = (await import(PDFJS_BUILD)) as Pdfjs;
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = (await import(pathToFileURL(workerPath).href)) as unknown;
    return loaded;
  };
  const lib = isOwnThread() ? await withFetchUnloaded(load) : await load();
  lib.GlobalWorkerOptions.workerSrc ||= workerPath;
  Object.defineProperty(Array.prototype, "push", { value: NATIVES.push, writable: true, configurable: true, enumerable: false });
  JSON.parse = NATIVES.parse;
  JSON.stringify = NATIVES.stringify;
  pdfjs = lib;
  return pdfjs;
}

/**
 * Both pdfjs files check `Response.prototype.bytes` when they load (to add it where missing). In
 * Node 20 `Response` is a lazy global: the first touch loads undici, Node's fetch, ~30 ms of CPU
 * (4 % of a one-PDF run's CPU, issue 14) for a class that reading never uses. While they load,
 * `Response` is a stand-in; Node's lazy one is put back, with pdfjs's `bytes` added when it is
 * first used if it lacks it. Only in the project's own threads (isOwnThread): a host process's
 * fetch is never swapped, even for a moment.
 */
async function withFetchUnloaded<T>(load: () => Promise<T>): Promise<T> {
  const lazy = Object.getOwnPropertyDescriptor(globalThis, "Response");
  const get = lazy?.get;
  if (!lazy || !get || !lazy.configurable) return load();
  Object.defineProperty(globalThis, "Response", { value: class Response {}, writable: true, configurable: true, enumerable: lazy.enumerable ?? false });
  try {
    return await load();
  } finally {
    Object.defineProperty(globalThis, "Response", {
      ...lazy,
      get() {
        // Node's getter loads undici and makes `Response` a plain value from then on.
        const real = get.call(globalThis) as { prototype: { bytes?: unknown; arrayBuffer(): Promise<ArrayBuffer> } };
        real.prototype.bytes ??= async function (this: { arrayBuffer(): Promise<ArrayBuffer> }) {
          return new Uint8Array(await this.arrayBuffer());
        };
        return real;
      },
    });
  }
}

export interface OpenOptions {
  /**
   * The document is only read (text layer, operator list), never drawn. Its font programs are
   * hidden from pdfjs where that cannot change the text (see font-programs.ts), and pdfjs keeps
   * fonts as font faces instead of building every glyph's outline while it makes the operator
   * list (in Node it otherwise does, for drawing without a font loader). Such a document must not
   * be rendered: open another for that.
   */
  readOnly?: boolean;
  /** With readOnly: give pdfjs the font programs all the same (a re-read when text came out garbled). */
  keepFontPrograms?: boolean;
}

export interface OpenedPdf {
  /** The font programs were hidden from pdfjs (readOnly): garbled text may mean they were needed. */
  fontProgramsHidden: boolean;
}

export async function withPdf<T>(
  bytes: Uint8Array,
  fn: (doc: PDFDocumentProxy, opened: OpenedPdf) => Promise<T>,
  options: OpenOptions = {},
): Promise<T> {
  const lib = await loadPdfjs();
  // pdfjs takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const hidden = options.readOnly && !options.keepFontPrograms ? hideFontPrograms(bytes) : null;
  const task = lib.getDocument({
    data: hidden ?? new Uint8Array(bytes),
    cMapUrl: CMAP_DIR,
    cMapPacked: true,
    standardFontDataUrl: FONT_DIR,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: !options.readOnly,
    verbosity: 0,
  });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy();
    const name = e instanceof Error ? e.name : "";
    const msg = e instanceof Error ? e.message : String(e);
    if (name === "PasswordException") throw new PdfOpenError("encrypted", "the PDF is encrypted (password protected)");
    throw new PdfOpenError("corrupt", `the PDF cannot be parsed (${msg})`);
  }
  try {
    if (doc.numPages === 0) throw new PdfOpenError("empty", "the PDF has no pages");
    return await fn(doc, { fontProgramsHidden: hidden !== null });
  } finally {
    await task.destroy();
  }
}
