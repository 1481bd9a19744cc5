/**
 * `nianbao review`: a local web app over an output folder (node:http, static pages, JSON API).
 * It serves only: its own pages (a fixed list of names), JSON views of the records, lines of the
 * input files the records name (looked up by record id — a client never sends a path), page images
 * under `<out>/pages/`, and the folder's export files by name. Writes go to corrections.jsonl only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import { removeStaleTemps } from "../pipeline/stale-temps.js";
import { reportsDir } from "../pipeline/out-dir.js";
import { ExportRebuilder } from "./exports.js";
import { allowedHosts, checkHost, sendError } from "./http.js";
import { SourceLocator } from "./locate.js";
import { route, type ReviewContext } from "./routes.js";
import { ReviewStore } from "./store.js";

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

export async function startReviewServer(opts: ReviewServerOptions): Promise<ReviewServer> {
  const outDir = resolve(opts.outDir);
  // Temp files of a killed review server (export rebuilds) or a killed run, never renamed into place.
  await removeStaleTemps([outDir, reportsDir(outDir), join(outDir, "pages")]);
  const host = opts.host ?? "127.0.0.1";
  const store = new ReviewStore(outDir);
  const ctx: ReviewContext = {
    outDir,
    reviewer: opts.reviewer ?? "reviewer",
    store,
    locator: new SourceLocator([...(opts.sourceRoots ?? []).map((r) => resolve(r)), dirname(outDir)]),
    exports: new ExportRebuilder(store),
    allowed: new Set<string>(),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    checkHost(req, ctx.allowed);
    // Parsed against a fixed base: the request's Host never reaches a URL, and `..` is resolved away
    // before routing; only the exact names of routes.ts are served anyway.
    return route(ctx, { req, res, url: new URL(req.url ?? "/", "http://review.invalid") });
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
  ctx.allowed = allowedHosts(host, port);
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost === "0.0.0.0" || shownHost === "[::]" ? "127.0.0.1" : shownHost}:${port}/`,
    server,
    exports: ctx.exports,
    async close() {
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      await ctx.exports.idle();
    },
  };
}
