/**
 * A document thread borrowing the main thread's OCR pool (engine-pool.ts) for one document, over a
 * MessageChannel made for that document: the thread sends the images to recognize (strips of
 * cells, copied — the page code may read a strip again) and its finished pages; the main thread
 * answers with the words and passes the pages to the progress listener. One channel per document
 * tells the main thread whose page it is, and a thread killed by the per-file timeout closes its
 * end, so the pool drops that document's queued images instead of recognizing them for nobody.
 */
import { MessageChannel, type MessagePort } from "node:worker_threads";
import type { OcrEngine, OcrEngineKind, OcrMode, OcrWord } from "./engines.js";
import { onOcrProgress, type OcrProgress } from "./read-pages.js";
import { ocrSettings, setRemoteOcr, withOcrEngine, type OcrSettings } from "./engine-pool.js";
import type { Gray } from "./image-ops.js";

/** What a document thread is given (transfer `port`). */
export interface OcrLinkInit {
  port: MessagePort;
  engine: OcrEngineKind;
  engines: number;
}

type ToMain = { type: "recognize"; id: number; image: Gray; mode: OcrMode } | { type: "page"; progress: OcrProgress } | { type: "started" } | { type: "done" };
type ToThread = { type: "words"; id: number; words: OcrWord[] } | { type: "error"; id: number; message: string };

/** Main thread: a channel to this process's pool for one document; `close` when the document is done. */
export function openOcrLink(onPage: (p: OcrProgress) => void, onStart: () => void = () => {}, settings: OcrSettings = ocrSettings()): { init: OcrLinkInit; close(): void; drained: Promise<void> } {
  const { port1, port2 } = new MessageChannel();
  let closed = false;
  // The thread says "done" when its document is done, after its last page's message: waiting for
  // it (not only for the task's result, which comes by another channel) loses no page.
  let done: () => void = () => {};
  const drained = new Promise<void>((resolve) => (done = resolve));
  port1.on("message", (msg: ToMain) => {
    if (msg.type === "page") {
      onPage(msg.progress);
      return;
    }
    if (msg.type === "done") {
      done();
      return;
    }
    // The thread took the document up: its per-file clock starts now, not while it waited in the pool's queue.
    if (msg.type === "started") {
      onStart();
      return;
    }
    withOcrEngine((engine) => (closed ? Promise.resolve<OcrWord[]>([]) : engine.recognize(msg.image, msg.mode)), settings).then(
      (words) => reply({ type: "words", id: msg.id, words }),
      (err: unknown) => reply({ type: "error", id: msg.id, message: err instanceof Error ? err.message : String(err) }),
    );
  });
  const reply = (m: ToThread): void => {
    if (!closed) port1.postMessage(m);
  };
  const close = (): void => {
    closed = true;
    port1.close();
  };
  port1.on("close", () => (done(), close()));
  return { init: { port: port2, engine: settings.engine, engines: settings.workers }, close, drained };
}

/** Document thread: route this thread's OCR to the main thread until the returned function is called. */
export function joinOcrLink(init: OcrLinkInit): () => void {
  const { port } = init;
  const pending = new Map<number, { resolve: (w: OcrWord[]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  port.on("message", (msg: ToThread) => {
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.type === "words") p?.resolve(msg.words);
    else p?.reject(new Error(`OCR engine: ${msg.message}`));
  });
  const engine: OcrEngine = {
    kind: init.engine,
    recognize(image: Gray, mode: OcrMode) {
      const id = nextId++;
      return new Promise<OcrWord[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        port.postMessage({ type: "recognize", id, image, mode } satisfies ToMain);
      });
    },
    // The engines belong to the main thread's pool.
    close: async () => undefined,
  };
  port.postMessage({ type: "started" } satisfies ToMain);
  setRemoteOcr({ engine, engines: init.engines });
  onOcrProgress((progress) => port.postMessage({ type: "page", progress } satisfies ToMain));
  return () => {
    setRemoteOcr(null);
    onOcrProgress(null);
    port.postMessage({ type: "done" } satisfies ToMain);
    port.close();
  };
}
