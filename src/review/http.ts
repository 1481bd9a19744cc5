/**
 * HTTP plumbing for the review app and its security rules, kept apart from the routes:
 * - the Host header must name this server (a foreign Host is a DNS-rebinding page trying to read
 *   the data through a name it controls), else 421;
 * - a write must be JSON from this origin (a cross-site form cannot send application/json without
 *   a CORS preflight, which is never granted), else 403;
 * - every answer carries a Content-Security-Policy that allows only this server's own scripts, so
 *   even a missed escape in a page could not run injected script.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { hostname, networkInterfaces } from "node:os";

export const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cache-Control": "no-store",
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The Host values this server answers to, with the port: the loopback names and the bound host; when
 * bound to every interface (0.0.0.0, ::), also this machine's addresses and name — never a name
 * the server cannot know is its own.
 */
export function allowedHosts(boundHost: string, port: number): Set<string> {
  const names = new Set<string>();
  const add = (h: string): void => void names.add(h.includes(":") && !h.startsWith("[") ? `[${h}]` : h);
  for (const h of ["127.0.0.1", "localhost", "::1", boundHost]) add(h);
  if (boundHost === "0.0.0.0" || boundHost === "::") {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) add(a.address);
    add(hostname());
  }
  return new Set([...names].map((n) => `${n}:${port}`.toLowerCase()));
}

export function checkHost(req: IncomingMessage, allowed: Set<string>): void {
  const host = (req.headers.host ?? "").toLowerCase();
  if (!allowed.has(host)) throw new HttpError(421, `Host "${host}" is not this server; open the address nianbao review printed`);
}

/** Writes (POST) must come from a page of this server. */
export function checkWriteOrigin(req: IncomingMessage, allowed: Set<string>): void {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new HttpError(415, "expected application/json");
  const origin = req.headers.origin;
  if (origin !== undefined && !allowed.has(origin.replace(/^http:\/\//, "").toLowerCase())) {
    throw new HttpError(403, "cross-origin write refused");
  }
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") throw new HttpError(403, "cross-site write refused");
}

const MAX_BODY = 64 * 1024;

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, "request too large");
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "invalid JSON");
  }
}

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, "Content-Type": type, "Content-Length": String(Buffer.byteLength(body)), ...extra });
  res.end(body);
}

export function sendJson(res: ServerResponse, value: unknown, status = 200): void {
  send(res, status, "application/json; charset=utf-8", JSON.stringify(value));
}

export function sendError(res: ServerResponse, err: unknown): void {
  const status = err instanceof HttpError ? err.status : 500;
  const message = err instanceof Error ? err.message : String(err);
  if (!res.headersSent) send(res, status, "text/plain; charset=utf-8", `${status} ${message}\n`);
  else res.end();
}
