/**
 * Opening a PDF with pdfjs-dist (legacy build: the one that runs in Node without a DOM), with the
 * CMaps and standard fonts shipped in the package. Chinese PDFs need the CMaps: without them the
 * text comes out empty or garbled, so a missing CMap folder is an error, not a degraded run.
 * Whoever opens a document closes it (withPdf), whatever happens inside.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { PDFDocumentProxy } from "pdfjs-dist/types/src/display/api.js";

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

let pdfjs: typeof import("pdfjs-dist/legacy/build/pdf.mjs") | null = null;

async function loadPdfjs(): Promise<typeof import("pdfjs-dist/legacy/build/pdf.mjs")> {
  if (!existsSync(join(CMAP_DIR, "UniGB-UCS2-H.bcmap"))) {
    throw new Error(`pdfjs-dist's CMaps are missing (${CMAP_DIR}): Chinese text cannot be decoded; reinstall with npm ci`);
  }
  pdfjs ??= await import("pdfjs-dist/legacy/build/pdf.mjs");
  pdfjs.GlobalWorkerOptions.workerSrc ||= require.resolve("pdfjs-dist/legacy/build/pdf.worker.mjs");
  return pdfjs;
}

export async function withPdf<T>(bytes: Uint8Array, fn: (doc: PDFDocumentProxy) => Promise<T>): Promise<T> {
  const lib = await loadPdfjs();
  // pdfjs takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: CMAP_DIR,
    cMapPacked: true,
    standardFontDataUrl: FONT_DIR,
    isEvalSupported: false,
    useSystemFonts: false,
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
    return await fn(doc);
  } finally {
    await task.destroy();
  }
}
