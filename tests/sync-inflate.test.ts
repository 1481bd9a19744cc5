/**
 * pdfjs inflating through a synchronous zlib call in the document threads
 * (src/ingest/pdf/sync-inflate.ts): the same bytes as the web stream for whole and damaged data,
 * used in the threads (and the CLI), and the same text layer from pdfjs on generated and real PDFs.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { Rng } from "../tools/generate/index.js";
import { generatePdfReport } from "../tools/generate/pdf/corpus.js";
import { pdfToPageModel } from "../src/ingest/pdf/index.js";
import { SyncDecompressionStream, installSyncDecompression } from "../src/ingest/pdf/sync-inflate.js";
import { workerEntry } from "../src/pipeline/executor.js";

const REAL = fileURLToPath(new URL("../../shared/real/", import.meta.url));
const NATIVE = globalThis.DecompressionStream;

type Like = { readable: AsyncIterable<Uint8Array>; writable: WritableStream<Uint8Array> | { getWriter(): { ready: Promise<void>; write(c: Uint8Array): Promise<void>; close(): Promise<void> } } };

/** Inflates as pdfjs does (FlateStream.asyncGetBytesFromDecompressionStream): null when it fails. */
async function asPdfjsDoes(stream: Like, bytes: Uint8Array): Promise<Buffer | null> {
  try {
    const writer = stream.writable.getWriter();
    await writer.ready;
    writer
      .write(bytes)
      .then(async () => {
        await writer.ready;
        await writer.close();
      })
      .catch(() => undefined);
    const chunks: Uint8Array[] = [];
    for await (const chunk of stream.readable) chunks.push(chunk);
    return Buffer.concat(chunks);
  } catch {
    return null;
  }
}

afterEach(() => {
  globalThis.DecompressionStream = NATIVE;
});

describe("synchronous DecompressionStream for pdfjs", () => {
  it("gives the web stream's bytes for whole, damaged and truncated data in every format", async () => {
    const plain = Buffer.from("BT /F1 12 Tf 72 720 Td <4e2d6587> Tj ET\n".repeat(500));
    const cases: [CompressionFormat, Buffer][] = [
      ["deflate", deflateSync(plain)],
      ["deflate-raw", deflateRawSync(plain)],
      ["gzip", gzipSync(plain)],
    ];
    for (const [format, packed] of cases) {
      const damaged = Buffer.from(packed);
      damaged[Math.floor(damaged.length / 2)]! ^= 0xff;
      for (const data of [packed, damaged, packed.subarray(0, packed.length - 7)]) {
        const native = await asPdfjsDoes(new NATIVE(format) as Like, data);
        const sync = await asPdfjsDoes(new SyncDecompressionStream(format), data);
        expect(sync).toEqual(native);
      }
      expect(await asPdfjsDoes(new SyncDecompressionStream(format), packed)).toEqual(plain);
    }
    expect(() => new SyncDecompressionStream("brotli")).toThrow(TypeError);
  });

  it("is what pdfjs finds in a document thread", async () => {
    // The module the threads' CommonJS entry loads (worker-thread-entry.cts).
    const worker = new URL("./worker-thread.js", pathToFileURL(workerEntry())).href;
    const code = `import(${JSON.stringify(worker)}).then(() => require("node:worker_threads").parentPort.postMessage(globalThis.DecompressionStream.name))`;
    const thread = new Worker(code, { eval: true });
    const name = await new Promise((resolve, reject) => {
      thread.once("message", resolve);
      thread.once("error", reject);
    });
    await thread.terminate();
    expect(name).toBe("SyncDecompressionStream");
  });

  it("pdfjs reads the same page model with it, generated and real PDFs", async () => {
    const pdfs: Uint8Array[] = [];
    for (let i = 0; i < 4; i++) pdfs.push((await generatePdfReport(Rng.forItem(7100, i), { index: i })).pdf);
    for (const id of ["js-huaian-hongze-qu_2024", "js-huaian-shi_2024"]) pdfs.push(new Uint8Array(await readFile(`${REAL}${id}.pdf`)));
    for (const pdf of pdfs) {
      globalThis.DecompressionStream = NATIVE;
      const native = await pdfToPageModel(pdf);
      installSyncDecompression();
      expect(await pdfToPageModel(pdf)).toEqual(native);
    }
  });
});
