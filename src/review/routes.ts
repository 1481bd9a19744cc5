/**
 * The review server's routes as a table of named handlers: the JSON API by exact path, the app's
 * own files (pages, static assets, downloads) by pattern. Every handler gets the server's context
 * (its folder, the record store, the source locator, the export rebuilder) instead of closing over
 * it; server.ts only checks the Host and dispatches. Nothing outside these names is served.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { correctionProblem } from "../pipeline/correction-check.js";
import { readRunTemplates } from "../pipeline/run-templates.js";
import { appendCorrection, correctionFor, CORRECTED_JSONL_FILE, CORRECTIONS_FILE, OUTPUT_FILES, writeFileAtomic } from "../emit/index.js";
import { renderSourcePage } from "../pipeline/source-pages.js";
import { readSourceLines } from "../pipeline/source-text.js";
import type { ExportRebuilder } from "./exports.js";
import { checkWriteOrigin, HttpError, readJsonBody, send, sendJson } from "./http.js";
import type { SourceLocator } from "./locate.js";
import type { ReviewStore, Doc } from "./store.js";
import { cellView, overviewView, queueView, reportView } from "./views.js";

/** What the handlers share: one per server. */
export interface ReviewContext {
  outDir: string;
  reviewer: string;
  store: ReviewStore;
  locator: SourceLocator;
  exports: ExportRebuilder;
  /** Host names the server answers to (set once it listens; writes check their Origin against them). */
  allowed: Set<string>;
}

export interface Request {
  req: IncomingMessage;
  res: ServerResponse;
  /** Parsed against a fixed base: the request's Host never reaches a URL. */
  url: URL;
}

type Snapshot = Awaited<ReturnType<ReviewStore["snapshot"]>>;
type ApiHandler = (ctx: ReviewContext, r: Request, snap: Snapshot) => Promise<void>;
type FileHandler = (ctx: ReviewContext, r: Request, match: RegExpExecArray) => Promise<void>;

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

// ---- the JSON API ----

const queue: ApiHandler = async (ctx, { url, res }, snap) => {
  const filter = { flag: param(url, "flag"), table: param(url, "table"), agency: param(url, "agency"), year: param(url, "year"), doc: param(url, "doc"), show: param(url, "show") };
  sendJson(res, { ...queueView(snap, filter), exports: { pending: ctx.exports.pending, error: ctx.exports.lastError } });
};

const cell: ApiHandler = async (_ctx, { url, res }, snap) => {
  const view = cellView(snap, docOf(snap.byId, param(url, "doc")), param(url, "key"));
  if (!view) throw new HttpError(404, "no such cell");
  sendJson(res, view);
};

const report: ApiHandler = async (_ctx, { url, res }, snap) => sendJson(res, reportView(snap, docOf(snap.byId, param(url, "doc"))));

const overview: ApiHandler = async (_ctx, { res }, snap) => sendJson(res, overviewView(snap));

const status: ApiHandler = async (ctx, { res }) =>
  sendJson(res, { exports: { pending: ctx.exports.pending, error: ctx.exports.lastError, at: ctx.exports.lastDoneAt } });

const source: ApiHandler = async (ctx, { url, res }, snap) => sendJson(res, await sourceView(ctx, docOf(snap.byId, param(url, "doc")), url));

const pageImage: ApiHandler = async (ctx, { url, res }, snap) => {
  const doc = docOf(snap.byId, param(url, "doc"));
  const page = Number(param(url, "page"));
  if (!Number.isInteger(page) || page < 1) throw new HttpError(400, "bad page");
  if (!(await ensurePageImage(ctx, doc, page))) throw new HttpError(404, "no page image");
  send(res, 200, "image/png", await readFile(pageImagePath(ctx, doc, page)));
};

const action: ApiHandler = async (ctx, { req, res }) => {
  if (req.method !== "POST") throw new HttpError(405, "POST only");
  checkWriteOrigin(req, ctx.allowed);
  sendJson(res, await act(ctx, await readJsonBody(req)));
};

/** The JSON API by exact path; any method but where a handler says otherwise. */
export const API_ROUTES: Readonly<Record<string, ApiHandler>> = {
  "/api/queue": queue,
  "/api/cell": cell,
  "/api/report": report,
  "/api/overview": overview,
  "/api/status": status,
  "/api/source": source,
  "/api/page-image": pageImage,
  "/api/action": action,
};

// ---- the app's own files (GET and HEAD only) ----

const favicon: FileHandler = async (_ctx, { res }) => send(res, 204, "text/plain", "");

const appPage: FileHandler = async (_ctx, { res }, m) => send(res, 200, "text/html; charset=utf-8", await readFile(new URL(PAGES[m[0]]!, APP_DIR)));

const staticAsset: FileHandler = async (_ctx, { res }, m) => {
  try {
    send(res, 200, STATIC_TYPES[m[2]!]!, await readFile(new URL(`${m[1]}.${m[2]}`, APP_DIR)));
  } catch {
    throw new HttpError(404, "not found");
  }
};

const download: FileHandler = async (ctx, { res }, m) => {
  const name = decodeURIComponent(m[1]!);
  if (!Object.hasOwn(DOWNLOADS, name)) throw new HttpError(404, "not found");
  if (name === OUTPUT_FILES.cells || name === OUTPUT_FILES.reviewQueue || name === OUTPUT_FILES.reportsCsv) await ctx.exports.idle();
  let data: Buffer;
  try {
    data = await readFile(join(ctx.outDir, name));
  } catch {
    throw new HttpError(404, "not written yet");
  }
  send(res, 200, DOWNLOADS[name]!, data, { "Content-Disposition": `attachment; filename="${name}"` });
};

/** The app's files by pattern, first match wins. */
export const FILE_ROUTES: readonly { name: string; pattern: RegExp; handle: FileHandler }[] = [
  { name: "favicon", pattern: /^\/favicon\.ico$/, handle: favicon },
  { name: "page", pattern: /^\/(?:report|overview)?$/, handle: appPage },
  { name: "static", pattern: /^\/static\/([a-z0-9-]+)\.(js|css|svg)$/, handle: staticAsset },
  { name: "download", pattern: /^\/files\/([^/]+)$/, handle: download },
];

/** Dispatches one request to its route, or 404 (405 for a write to the app's files). */
export async function route(ctx: ReviewContext, r: Request): Promise<void> {
  const path = r.url.pathname;
  if (path.startsWith("/api/")) {
    const snap = await ctx.store.snapshot();
    const handler = Object.hasOwn(API_ROUTES, path) ? API_ROUTES[path] : undefined;
    if (!handler) throw new HttpError(404, "not found");
    return handler(ctx, r, snap);
  }
  if (r.req.method !== "GET" && r.req.method !== "HEAD") throw new HttpError(405, "GET only");
  for (const { pattern, handle } of FILE_ROUTES) {
    const m = pattern.exec(path);
    if (m) return handle(ctx, r, m);
  }
  throw new HttpError(404, "not found");
}

// ---- what the handlers do ----

/**
 * Lines around `line` (or the whole file with all=1), and whether a page image exists for the page,
 * with the box of `table`'s values on that page (so the page can open with the table's headers in
 * view). `missing` names the input file when it is not where the record says, nor under a source root.
 */
async function sourceView(ctx: ReviewContext, doc: Doc, url: URL) {
  const page = Math.trunc(Number(param(url, "page"))) || 1;
  const { source } = doc.extracted;
  const located = await ctx.locator.locate(source.path, source.sha256);
  const missing = "missing" in located ? located.missing : null;
  const image = (await ensurePageImage(ctx, doc, page)) ? { url: `/api/page-image?doc=${encodeURIComponent(doc.id)}&page=${page}`, page, ...(await pageMeta(ctx, doc, page)), table: tableBox(doc, param(url, "table"), page) } : null;
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
async function pageMeta(ctx: ReviewContext, doc: Doc, page: number): Promise<{ width?: number; height?: number; skew?: number; drawing?: number }> {
  try {
    const s = JSON.parse(await readFile(pageImagePath(ctx, doc, page).replace(/\.png$/, ".json"), "utf8")) as { width?: unknown; height?: unknown; skew?: unknown; drawing?: unknown };
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
async function ensurePageImage(ctx: ReviewContext, doc: Doc, page: number): Promise<boolean> {
  const path = pageImagePath(ctx, doc, page);
  const have = existsSync(path);
  // One drawn by this version is kept; an older one (OCR'd pages were not straightened) is drawn
  // again while the input is at hand, and kept as it is when it is not.
  if (have && (await pageMeta(ctx, doc, page)).drawing === PAGE_DRAWING) return true;
  const { source } = doc.extracted;
  if (page > source.pages) return have;
  const located = await ctx.locator.locate(source.path, source.sha256);
  if (!("path" in located)) return have;
  const ocr = doc.extracted.cells.some((c) => c.source.page === page && c.signals?.ocr !== undefined);
  const drawn = await renderSourcePage(located.path, source.sha256, source.kind, page, { ocr });
  if ("error" in drawn) return have;
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, drawn.png);
  await writeFileAtomic(path.replace(/\.png$/, ".json"), JSON.stringify({ width: drawn.width, height: drawn.height, skew: drawn.skew, drawing: PAGE_DRAWING }));
  return true;
}

function pageImagePath(ctx: ReviewContext, doc: Doc, page: number): string {
  return join(ctx.outDir, "pages", doc.id, `${Math.trunc(page)}.png`);
}

const appendOpts = { onTornLine: (m: string) => process.stderr.write(`warning: ${m}\n`) };

/** A reviewer's action on one cell, appended to the review log; returns the cell as now shown. */
async function act(ctx: ReviewContext, body: unknown) {
  const b = (body ?? {}) as Record<string, unknown>;
  const snap = await ctx.store.snapshot();
  const doc = docOf(snap.byId, String(b.doc ?? ""));
  const key = String(b.key ?? "");
  const extracted = doc.extracted.cells.find((c) => c.key === key);
  const shown = doc.record.cells.find((c) => c.key === key);
  if (!extracted || !shown) throw new HttpError(404, "no such cell");
  const base = { reviewer: ctx.reviewer, sha256: doc.extracted.source.sha256, key, old: extracted.value };
  const action = String(b.action ?? "");
  let entry;
  if (action === "correct") {
    const value = typeof b.value === "number" ? b.value : Number.NaN;
    if (!Number.isFinite(value)) throw new HttpError(400, "value must be a number");
    // The kind of the key's column in the templates the folder's records were read with.
    const problem = correctionProblem(key, value, readRunTemplates(ctx.outDir));
    if (problem) throw new HttpError(400, problem);
    entry = await appendCorrection(ctx.outDir, { ...base, action, new: value }, appendOpts);
  } else if (action === "accept") {
    entry = await appendCorrection(ctx.outDir, { ...base, action, new: shown.value }, appendOpts);
  } else if (action === "unreadable") {
    entry = await appendCorrection(ctx.outDir, { ...base, action, new: null }, appendOpts);
  } else if (action === "undo") {
    const current = correctionFor(snap.log, base.sha256, extracted);
    if (!current) throw new HttpError(409, "nothing to undo");
    entry = await appendCorrection(ctx.outDir, { ...base, action, new: null, undoes: current.entry.id }, appendOpts);
  } else throw new HttpError(400, "action must be correct, accept, unreadable or undo");
  // Applied to this document only (the store is not reloaded: at 10,000 records that took seconds).
  await ctx.store.applyAppended(entry);
  ctx.exports.schedule();
  const now = await ctx.store.snapshot();
  return cellView(now, docOf(now.byId, doc.id), key);
}
