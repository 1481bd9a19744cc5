/**
 * `nianbao review`: a local web app over an output folder (node:http, static pages, JSON API).
 * It serves only: its own pages (a fixed list of names), JSON views of the records, lines of the
 * input files the records name (looked up by record id — a client never sends a path), page images
 * under `<out>/pages/`, and the folder's export files by name. Writes go to corrections.jsonl only.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import { appendCorrection, correctionFor, CORRECTED_JSONL_FILE, CORRECTIONS_FILE, OUTPUT_FILES, writeFileAtomic } from "../emit/index.js";
import { renderSourcePage } from "../pipeline/source-pages.js";
import { readSourceLines } from "../pipeline/source-text.js";
import { ExportRebuilder } from "./exports.js";
import { allowedHosts, checkHost, checkWriteOrigin, HttpError, readJsonBody, send, sendError, sendJson } from "./http.js";
import { SourceLocator } from "./locate.js";
import { ReviewStore, type Doc } from "./store.js";
import { cellView, overviewView, queueView, reportView } from "./views.js";

export interface ReviewServerOptions {
  outDir: string;
  /** Interface to listen on; loopback unless the user says otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Name written into each log entry. */
  reviewer?: string;
  /** Folders to look for inputs that are no longer where their records say (see locate.ts). */
  sourceRoots?: readonly string[];
}

export interface ReviewServer {
  url: string;
  server: Server;
  exports: ExportRebuilder;
  close(): Promise<void>;
}

export const DEFAULT_REVIEW_PORT = 4300;

const APP_DIR = new URL("../../review-app/", import.meta.url);
const PAGES: Record<string, string> = { "/": "queue.html", "/report": "report.html", "/overview": "overview.html" };
const STATIC_TYPES: Record<string, string> = { js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8", svg: "image/svg+xml" };
/** Export files a page may link to for download. */
const DOWNLOADS: Record<string, string> = {
  [OUTPUT_FILES.cells]: "text/csv; charset=utf-8",
  [OUTPUT_FILES.reportsCsv]: "text/csv; charset=utf-8",
  [OUTPUT_FILES.reviewQueue]: "text/csv; charset=utf-8",
  [OUTPUT_FILES.sqlite]: "application/vnd.sqlite3",
  [CORRECTED_JSONL_FILE]: "application/x-ndjson; charset=utf-8",
  [CORRECTIONS_FILE]: "application/x-ndjson; charset=utf-8",
};
const SOURCE_CONTEXT = 8;
/** Bumped when page pictures are drawn differently: older ones in `<out>/pages/` are drawn again. */
const PAGE_DRAWING = 2;
const MAX_SOURCE_LINES = 20000;

function param(url: URL, name: string): string {
  return url.searchParams.get(name) ?? "";
}

function docOf(snapDocs: Map<string, Doc>, id: string): Doc {
  const doc = snapDocs.get(id);
  if (!doc) throw new HttpError(404, "no such document");
  return doc;
}

export async function startReviewServer(opts: ReviewServerOptions): Promise<ReviewServer> {
  const outDir = resolve(opts.outDir);
  const host = opts.host ?? "127.0.0.1";
  const reviewer = opts.reviewer ?? "reviewer";
  const store = new ReviewStore(outDir);
  const locator = new SourceLocator([...(opts.sourceRoots ?? []).map((r) => resolve(r)), dirname(outDir)]);
  const exportsRebuild = new ExportRebuilder(store);
  let allowed = new Set<string>();

  async function api(req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const snap = await store.snapshot();
    switch (url.pathname) {
      case "/api/queue": {
        const filter = { flag: param(url, "flag"), table: param(url, "table"), agency: param(url, "agency"), year: param(url, "year"), doc: param(url, "doc"), show: param(url, "show") };
        return sendJson(res, { ...queueView(snap, filter), exports: { pending: exportsRebuild.pending, error: exportsRebuild.lastError } });
      }
      case "/api/cell": {
        const view = cellView(snap, docOf(snap.byId, param(url, "doc")), param(url, "key"));
        if (!view) throw new HttpError(404, "no such cell");
        return sendJson(res, view);
      }
      case "/api/report":
        return sendJson(res, reportView(snap, docOf(snap.byId, param(url, "doc"))));
      case "/api/overview":
        return sendJson(res, overviewView(snap));
      case "/api/status":
        return sendJson(res, { exports: { pending: exportsRebuild.pending, error: exportsRebuild.lastError, at: exportsRebuild.lastDoneAt } });
      case "/api/source":
        return sendJson(res, await sourceView(docOf(snap.byId, param(url, "doc")), url));
      case "/api/page-image":
        return pageImage(docOf(snap.byId, param(url, "doc")), url, res);
      case "/api/action": {
        if (req.method !== "POST") throw new HttpError(405, "POST only");
        checkWriteOrigin(req, allowed);
        return sendJson(res, await act(await readJsonBody(req)));
      }
      default:
        throw new HttpError(404, "not found");
    }
  }

  /**
   * Lines around `line` (or the whole file with all=1), and whether a page image exists for the page,
   * with the box of `table`'s values on that page (so the page can open with the table's headers in
   * view). `missing` names the input file when it is not where the record says, nor under a source root.
   */
  async function sourceView(doc: Doc, url: URL) {
    const page = Math.trunc(Number(param(url, "page"))) || 1;
    const { source } = doc.extracted;
    const located = await locator.locate(source.path, source.sha256);
    const missing = "missing" in located ? located.missing : null;
    const image = (await ensurePageImage(doc, page)) ? { url: `/api/page-image?doc=${encodeURIComponent(doc.id)}&page=${page}`, page, ...(await pageMeta(doc, page)), table: tableBox(doc, param(url, "table"), page) } : null;
    if (missing !== null && !image) return { image, lines: null, from: 1, problem: "missing", missing };
    const read = source.kind === "text" && "path" in located ? await readSourceLines(located.path, source.sha256) : null;
    if (!read || "error" in read) return { image, lines: null, from: 1, problem: read?.error ?? (missing !== null ? "missing" : null), missing };
    const { lines } = read;
    const all = param(url, "all") === "1";
    const line = Number(param(url, "line")) || 1;
    const from = all ? 1 : Math.max(1, line - SOURCE_CONTEXT);
    const to = all ? Math.min(lines.length, MAX_SOURCE_LINES) : Math.min(lines.length, line + SOURCE_CONTEXT);
    return { image, from, lines: lines.slice(from - 1, to), problem: null };
  }

  /**
   * The page's size in PDF points from `<page>.json` beside the image, so that a bbox (in points)
   * can be drawn on an image rendered at any resolution; without it the image's pixels count as points.
   */
  async function pageMeta(doc: Doc, page: number): Promise<{ width?: number; height?: number; skew?: number; drawing?: number }> {
    try {
      const s = JSON.parse(await readFile(pageImagePath(doc, page).replace(/\.png$/, ".json"), "utf8")) as { width?: unknown; height?: unknown; skew?: unknown; drawing?: unknown };
      if (typeof s.width !== "number" || typeof s.height !== "number") return {};
      return { width: s.width, height: s.height, ...(typeof s.skew === "number" ? { skew: s.skew } : {}), ...(typeof s.drawing === "number" ? { drawing: s.drawing } : {}) };
    } catch {
      return {};
    }
  }

  /** The box around the values of one table on one page (points), or null. */
  function tableBox(doc: Doc, table: string, page: number): { x0: number; y0: number; x1: number; y1: number } | null {
    if (!table) return null;
    let box: { x0: number; y0: number; x1: number; y1: number } | null = null;
    for (const c of doc.extracted.cells) {
      const b = c.source.bbox;
      if (c.table !== table || c.source.page !== page || !b) continue;
      box = box
        ? { x0: Math.min(box.x0, b.x), y0: Math.min(box.y0, b.y), x1: Math.max(box.x1, b.x + b.width), y1: Math.max(box.y1, b.y + b.height) }
        : { x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height };
    }
    return box;
  }

  /**
   * Is there a picture of this page? One already in `<out>/pages/`, or one drawn now from the input
   * (a PDF or image whose bytes still hash to the record's) and kept there with its size in points.
   */
  async function ensurePageImage(doc: Doc, page: number): Promise<boolean> {
    const path = pageImagePath(doc, page);
    const have = existsSync(path);
    // One drawn by this version is kept; an older one (OCR'd pages were not straightened) is drawn
    // again while the input is at hand, and kept as it is when it is not.
    if (have && (await pageMeta(doc, page)).drawing === PAGE_DRAWING) return true;
    const { source } = doc.extracted;
    if (page > source.pages) return have;
    const located = await locator.locate(source.path, source.sha256);
    if (!("path" in located)) return have;
    const ocr = doc.extracted.cells.some((c) => c.source.page === page && c.signals?.ocr !== undefined);
    const drawn = await renderSourcePage(located.path, source.sha256, source.kind, page, { ocr });
    if ("error" in drawn) return have;
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, drawn.png);
    await writeFileAtomic(path.replace(/\.png$/, ".json"), JSON.stringify({ width: drawn.width, height: drawn.height, skew: drawn.skew, drawing: PAGE_DRAWING }));
    return true;
  }

  function pageImagePath(doc: Doc, page: number): string {
    return join(outDir, "pages", doc.id, `${Math.trunc(page)}.png`);
  }

  async function pageImage(doc: Doc, url: URL, res: ServerResponse): Promise<void> {
    const page = Number(param(url, "page"));
    if (!Number.isInteger(page) || page < 1) throw new HttpError(400, "bad page");
    if (!(await ensurePageImage(doc, page))) throw new HttpError(404, "no page image");
    send(res, 200, "image/png", await readFile(pageImagePath(doc, page)));
  }

  async function act(body: unknown) {
    const b = (body ?? {}) as Record<string, unknown>;
    const snap = await store.snapshot();
    const doc = docOf(snap.byId, String(b.doc ?? ""));
    const key = String(b.key ?? "");
    const extracted = doc.extracted.cells.find((c) => c.key === key);
    const shown = doc.record.cells.find((c) => c.key === key);
    if (!extracted || !shown) throw new HttpError(404, "no such cell");
    const base = { reviewer, sha256: doc.extracted.source.sha256, key, old: extracted.value };
    const action = String(b.action ?? "");
    let entry;
    if (action === "correct") {
      const value = typeof b.value === "number" ? b.value : Number.NaN;
      if (!Number.isFinite(value)) throw new HttpError(400, "value must be a number");
      entry = await appendCorrection(outDir, { ...base, action, new: value });
    } else if (action === "accept") {
      entry = await appendCorrection(outDir, { ...base, action, new: shown.value });
    } else if (action === "unreadable") {
      entry = await appendCorrection(outDir, { ...base, action, new: null });
    } else if (action === "undo") {
      const current = correctionFor(snap.log, base.sha256, extracted);
      if (!current) throw new HttpError(409, "nothing to undo");
      entry = await appendCorrection(outDir, { ...base, action, new: null, undoes: current.entry.id });
    } else throw new HttpError(400, "action must be correct, accept, unreadable or undo");
    // Applied to this document only (the store is not reloaded: at 10,000 records that took seconds).
    await store.applyAppended(entry);
    exportsRebuild.schedule();
    const now = await store.snapshot();
    return cellView(now, docOf(now.byId, doc.id), key);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    checkHost(req, allowed);
    // Parsed against a fixed base: the request's Host never reaches a URL, and `..` is resolved away
    // before routing; only exact names below are served anyway.
    const url = new URL(req.url ?? "/", "http://review.invalid");
    if (url.pathname.startsWith("/api/")) return api(req, url, res);
    if (req.method !== "GET" && req.method !== "HEAD") throw new HttpError(405, "GET only");
    if (url.pathname === "/favicon.ico") return send(res, 204, "text/plain", "");
    const page = PAGES[url.pathname];
    if (page) return send(res, 200, "text/html; charset=utf-8", await readFile(new URL(page, APP_DIR)));
    const asset = /^\/static\/([a-z0-9-]+)\.(js|css|svg)$/.exec(url.pathname);
    if (asset) {
      try {
        return send(res, 200, STATIC_TYPES[asset[2]!]!, await readFile(new URL(`${asset[1]}.${asset[2]}`, APP_DIR)));
      } catch {
        throw new HttpError(404, "not found");
      }
    }
    const download = /^\/files\/([^/]+)$/.exec(url.pathname);
    const name = download ? decodeURIComponent(download[1]!) : "";
    if (download && Object.hasOwn(DOWNLOADS, name)) {
      if (name === OUTPUT_FILES.cells || name === OUTPUT_FILES.reviewQueue || name === OUTPUT_FILES.reportsCsv) await exportsRebuild.idle();
      try {
        const data = await readFile(join(outDir, name));
        return send(res, 200, DOWNLOADS[name]!, data, { "Content-Disposition": `attachment; filename="${name}"` });
      } catch {
        throw new HttpError(404, "not written yet");
      }
    }
    throw new HttpError(404, "not found");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendError(res, err));
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      const port = opts.port ?? DEFAULT_REVIEW_PORT;
      if (err.code === "EADDRINUSE") fail(new Error(`port ${port} on ${host} is in use; choose another with --port (0: any free port)`));
      else if (err.code === "EADDRNOTAVAIL") fail(new Error(`cannot listen on ${host}: no such address on this machine`));
      else fail(err);
    });
    server.listen(opts.port ?? DEFAULT_REVIEW_PORT, host, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  allowed = allowedHosts(host, port);
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost === "0.0.0.0" || shownHost === "[::]" ? "127.0.0.1" : shownHost}:${port}/`,
    server,
    exports: exportsRebuild,
    async close() {
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      await exportsRebuild.idle();
    },
  };
}
