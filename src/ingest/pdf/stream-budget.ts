/**
 * A PDF's streams checked before pdfjs reads it. pdfjs inflates a Flate stream whole, in a buffer
 * that doubles as it grows, whatever the stream's dictionary says: a 1 MB Flate bomb took 2.3 GiB.
 * Each stream's real inflated size is counted here (inflate-budget.ts) against a per-stream and a
 * per-document budget, and each image's declared size against the pixel limit, so that such a file
 * is refused (`too_large`, with the figure) before pdfjs allocates anything.
 */
import { INPUT_LIMITS, LimitError, checkPagePixels, mebibytes } from "../limits.js";
import { inflatedSize } from "../inflate-budget.js";

/** One stream may inflate to at most this (an 80 MP RGB page image is 240 MB). */
const MAX_STREAM_BYTES = 256 * 1024 * 1024;
/** The dictionary of a stream is looked for this far back from its `stream` keyword. */
const DICT_WINDOW = 4096;

const STREAM = /stream\r?\n/g;

export async function checkPdfStreams(bytes: Uint8Array): Promise<void> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buf.toString("latin1");
  let total = 0;
  for (const m of text.matchAll(STREAM)) {
    const start = m.index + m[0].length;
    // `endstream` also matches /stream\r?\n/: only a keyword after a dictionary starts a stream.
    const before = text.slice(Math.max(0, m.index - DICT_WINDOW), m.index);
    if (!/>>\s*$/.test(before) || before.endsWith("end")) continue;
    const dict = before.slice(before.lastIndexOf("obj") + 1);
    const end = text.indexOf("endstream", start);
    const data = buf.subarray(start, end < 0 ? buf.length : end);
    if (/\/Subtype\s*\/Image/.test(dict)) {
      const w = Number(/\/Width\s+(\d+)/.exec(dict)?.[1] ?? NaN);
      const h = Number(/\/Height\s+(\d+)/.exec(dict)?.[1] ?? NaN);
      if (w > 0 && h > 0) checkPagePixels("an image in the PDF", w, h);
    }
    if (!/\/(?:FlateDecode|Fl)\b/.test(dict)) continue;
    const budget = Math.min(MAX_STREAM_BYTES, INPUT_LIMITS.maxPdfInflatedBytes - total);
    const n = await inflatedSize(data, budget);
    if (n > MAX_STREAM_BYTES) throw new LimitError(`a compressed stream of ${mebibytes(data.length)} in the PDF inflates to more than ${mebibytes(MAX_STREAM_BYTES)} (a compression bomb)`);
    total += n;
    if (total > INPUT_LIMITS.maxPdfInflatedBytes) throw new LimitError(`the PDF's compressed streams inflate to more than ${mebibytes(INPUT_LIMITS.maxPdfInflatedBytes)} in all`);
  }
}
