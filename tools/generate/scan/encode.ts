/**
 * Grayscale images → PNG, JPEG or (multi-page) TIFF bytes, and scanned pages → an image-only PDF.
 * PNG and JPEG use @napi-rs/canvas, the copy pdfjs-dist resolves; TIFF uses utif2; PDF pdfkit.
 */
import PDFDocument from "pdfkit";
import type { Gray } from "../../../src/ocr/index.js";
import { canvas as loadCanvas } from "../../../src/native.js";

export async function encodeImage(img: Gray, format: "png" | "jpeg", quality = 85): Promise<Buffer> {
  const { createCanvas } = loadCanvas();
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext("2d");
  const im = ctx.createImageData(img.width, img.height);
  for (let i = 0, j = 0; i < img.data.length; i++, j += 4) {
    const v = img.data[i]!;
    im.data[j] = v;
    im.data[j + 1] = v;
    im.data[j + 2] = v;
    im.data[j + 3] = 255;
  }
  ctx.putImageData(im, 0, 0);
  // Synchronous on purpose: the async encode() runs on libuv's thread pool while nothing keeps the
  // canvas alive, and a garbage collection meanwhile frees its pixels under the encoder — the
  // SIGSEGV that used to end long generation runs (reproduced with forced GCs; gone with encodeSync).
  return format === "png" ? canvas.encodeSync("png") : canvas.encodeSync("jpeg", quality);
}

/** A multi-page TIFF: uncompressed 8-bit grayscale pages, with their resolution. */
export async function encodeTiff(pages: readonly Gray[], dpi: number): Promise<Buffer> {
  const UTIF = (await import("utif2")).default as unknown as { encode(ifds: Record<string, unknown>[]): ArrayBuffer };
  // utif2 writes the directories only: the pixel strips go after them, at offsets known once the
  // directories' size is (it does not change when the offsets do).
  const ifds = (offsets: number[]): Record<string, unknown>[] =>
    pages.map((p, i) => ({
      t256: [p.width], t257: [p.height], t258: [8], t259: [1], t262: [1], t273: [offsets[i]!], t277: [1],
      t278: [p.height], t279: [p.width * p.height], t282: [[dpi, 1]], t283: [[dpi, 1]], t284: [1], t296: [2],
    }));
  const head = UTIF.encode(ifds(pages.map(() => 0))).byteLength;
  const offsets: number[] = [];
  let at = head + 16;
  for (const p of pages) {
    offsets.push(at);
    at += p.width * p.height;
  }
  const dirs = Buffer.from(UTIF.encode(ifds(offsets)));
  const out = Buffer.alloc(at);
  dirs.copy(out, 0);
  pages.forEach((p, i) => out.set(p.data, offsets[i]!));
  return out;
}

/** An image-only PDF: each page one JPEG filling a page of the scan's size in points. */
export async function scannedPdf(pages: readonly { jpeg: Buffer; widthPt: number; heightPt: number }[]): Promise<Buffer> {
  // A fixed date: same seed, same bytes (pdfkit would stamp the current time).
  const doc = new PDFDocument({ autoFirstPage: false, compress: true, info: { Producer: "nianbao scan generator", CreationDate: new Date(Date.UTC(2025, 0, 1)) } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  for (const p of pages) {
    doc.addPage({ size: [p.widthPt, p.heightPt], margin: 0 });
    doc.image(p.jpeg, 0, 0, { width: p.widthPt, height: p.heightPt });
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
