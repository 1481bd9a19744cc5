/**
 * pdfjs-dist inflates every Flate stream (page contents, ToUnicode maps, font programs) through the
 * platform's `DecompressionStream` when there is one. In Node 20 that is a web stream over a zlib
 * stream: each PDF stream, a few KiB, makes a round trip through the libuv pool and a dozen promise
 * hops, ~0.3 ms of the thread's CPU where inflating it takes 0.02 ms — 10 % of reading a generated
 * PDF (issue 14). pdfjs only ever writes the whole stream, closes it and reads the result, so here the
 * same shape is given by zlib's synchronous inflate.
 *
 * It replaces the global of the thread it is installed in, so it is installed only where every
 * user of that global is known: the document threads (worker-thread.ts) and the command line's own
 * process (cli/index.ts), never in a host process that calls the library. A failure (damaged data) rejects the read as the web stream does, and
 * pdfjs then falls back to its own decoder, which keeps what inflated before the damage.
 */
import { gunzipSync, inflateRawSync, inflateSync, type ZlibOptions } from "node:zlib";

type Inflate = (data: Buffer, options?: ZlibOptions) => Buffer;

const FORMATS: Record<string, Inflate> = { deflate: inflateSync, "deflate-raw": inflateRawSync, gzip: gunzipSync };

/** Largest output of one stream (stream-budget.ts refused anything bigger before pdfjs saw the file). */
const MAX_OUTPUT = 256 * 1024 * 1024;

interface Writer {
  readonly ready: Promise<void>;
  readonly closed: Promise<void>;
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
  releaseLock(): void;
}

/** `DecompressionStream`'s use by pdfjs (write the data, close, iterate the readable), done synchronously. */
export class SyncDecompressionStream {
  readonly writable: { getWriter(): Writer };
  readonly readable: AsyncIterable<Uint8Array>;

  constructor(format: string) {
    const inflate = FORMATS[format];
    if (!inflate) throw new TypeError(`unsupported compression format: ${format}`);
    const parts: Buffer[] = [];
    let finish: (ok: boolean) => void = () => undefined;
    const ended = new Promise<boolean>((resolve) => (finish = resolve));
    const writer: Writer = {
      ready: Promise.resolve(),
      closed: ended.then(() => undefined),
      write: async (chunk) => {
        parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      },
      close: async () => finish(true),
      abort: async () => finish(false),
      releaseLock: () => undefined,
    };
    this.writable = { getWriter: () => writer };
    this.readable = {
      async *[Symbol.asyncIterator]() {
        if (!(await ended)) throw new Error("the stream was aborted");
        // pdfjs copies the chunks it reads into one array of its own: the Buffer itself will do.
        yield inflate(parts.length === 1 ? parts[0]! : Buffer.concat(parts), { maxOutputLength: MAX_OUTPUT });
      },
    };
  }
}

let ownThread = false;

/** Makes pdfjs inflate synchronously in this thread (see above: only in the project's own threads). */
export function installSyncDecompression(): void {
  ownThread = true;
  (globalThis as { DecompressionStream?: unknown }).DecompressionStream = SyncDecompressionStream;
}

/** Whether installSyncDecompression ran in this thread: a project's own thread, whose globals pdfjs's loading may swap for a moment (document.ts). */
export function isOwnThread(): boolean {
  return ownThread;
}
