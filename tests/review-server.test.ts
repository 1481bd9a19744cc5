/**
 * The review server without a browser: its security rules (Host, path traversal, cross-site writes)
 * and its API over an output folder made by the real extractor.
 */
import { request } from "node:http";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hostname } from "node:os";
import { main } from "../src/cli/index.js";
import { allowedHosts } from "../src/review/http.js";
import { appendCorrection } from "../src/emit/index.js";
import { serveReview, startReviewServer, type ReviewServer } from "../src/review/index.js";
import { makeReviewFixture, XSS, type ReviewFixture } from "./helpers/review-fixture.js";

let fx: ReviewFixture;
let srv: ReviewServer;
let port: number;

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw request: the path is sent as written (no URL normalization), headers as given. */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request({ host: "127.0.0.1", port, path, method: opts.method ?? "GET", headers: { Host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: res.headers }));
    });
    req.on("error", fail);
    req.end(opts.body);
  });
}

const post = (body: unknown, headers: Record<string, string> = {}) =>
  raw("/api/action", { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });

beforeAll(async () => {
  fx = await makeReviewFixture(6);
  srv = await startReviewServer({ outDir: fx.outDir, port: 0, reviewer: "tester" });
  port = Number(new URL(srv.url).port);
}, 60_000);
afterAll(async () => {
  await srv?.close();
  await rm(fx.root, { recursive: true, force: true });
});

describe("review server security", () => {
  it("listens on loopback and refuses a foreign Host header (DNS rebinding)", async () => {
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await raw("/")).status).toBe(200);
    expect((await raw("/", { headers: { Host: `localhost:${port}` } })).status).toBe(200);
    expect((await raw("/", { headers: { Host: "evil.example" } })).status).toBe(421);
    expect((await raw("/api/queue", { headers: { Host: `evil.example:${port}` } })).status).toBe(421);
  });

  it("answers to this machine's own names only, also when bound to every interface", () => {
    expect([...allowedHosts("127.0.0.1", 80)].sort()).toEqual(["127.0.0.1:80", "[::1]:80", "localhost:80"]);
    const all = allowedHosts("0.0.0.0", 80);
    expect(all.has(`${hostname().toLowerCase()}:80`)).toBe(true);
    expect(all.has("evil.example:80")).toBe(false);
  });

  it.each([
    "/static/../../package.json",
    "/static/..%2f..%2fpackage.json",
    "/static/%2e%2e/%2e%2e/package.json",
    "/../../../../etc/passwd",
    "/files/..%2f..%2f..%2fetc%2fpasswd",
    "/files/%2e%2e%2fin%2fxss-report.txt",
    "/files/reports%2f..%2f..%2fin%2fxss-report.txt",
    "/files/..\\..\\etc\\passwd",
    "/api/source?doc=../../../etc/passwd&line=1",
    "/api/source?doc=%2Fetc%2Fpasswd&line=1",
    "/api/page-image?doc=..%2F..%2F..&page=1",
    "/report/../../../etc/passwd",
    "//etc/passwd",
  ])("serves nothing outside the app, the output folder and its inputs: %s", async (path) => {
    const r = await raw(path);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.body).not.toMatch(/root:|"name": "nianbao"|总体情况/);
  });

  it("serves the export files by name only", async () => {
    const r = await raw("/files/cells.csv");
    expect(r.status).toBe(200);
    expect(r.body.startsWith("\uFEFFdocument,")).toBe(true);
    expect((await raw("/files/manifest.jsonl")).status).toBe(404);
  });

  it("refuses writes that are not JSON from this origin", async () => {
    const q = JSON.parse((await raw("/api/queue")).body);
    const item = q.items[0];
    const body = { doc: item.doc, key: item.key, action: "accept" };
    expect((await raw("/api/action", { method: "POST", headers: { "Content-Type": "text/plain" }, body: JSON.stringify(body) })).status).toBe(415);
    expect((await post(body, { Origin: "http://evil.example" })).status).toBe(403);
    expect((await post(body, { "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    expect((await raw(`/api/action?doc=${item.doc}`)).status).toBe(405);
    expect(await readFile(join(fx.outDir, "corrections.jsonl"), "utf8").catch(() => "")).toBe("");
  });

  it("sends a Content-Security-Policy that allows only its own scripts, and JSON with the text unescaped but typed", async () => {
    const page = await raw("/");
    expect(page.headers["content-security-policy"]).toMatch(/script-src 'self'/);
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    const q = JSON.parse((await raw(`/api/queue`)).body);
    expect(q.facets.agencies.some((a: string) => a.includes(XSS))).toBe(true);
    expect((await raw("/api/queue")).headers["content-type"]).toMatch(/^application\/json/);
  });
});

describe("review API", { timeout: 20_000 }, () => {
  it("lists values to review least confident first, with flags in words and the source lines", async () => {
    const q = JSON.parse((await raw("/api/queue")).body);
    expect(q.left).toBeGreaterThan(0);
    const conf = q.items.map((i: { confidence: number }) => i.confidence);
    expect(conf).toEqual([...conf].sort((a, b) => a - b));
    const item = q.items[0];
    expect(item.flags[0]).toMatchObject({ code: expect.any(String), zh: expect.any(String), en: expect.any(String) });
    const src = JSON.parse((await raw(`/api/source?doc=${encodeURIComponent(item.doc)}&line=${item.source.line}`)).body);
    expect(src.lines.length).toBeGreaterThan(0);
    expect(src.from).toBeLessThanOrEqual(item.source.line);
    const filtered = JSON.parse((await raw(`/api/queue?table=t4`)).body);
    expect(filtered.items.every((i: { table: string }) => i.table === "t4")).toBe(true);
  });

  it("correct, then undo: the log keeps both, the cell is back to its extracted value", async () => {
    const q = JSON.parse((await raw("/api/queue")).body);
    const item = q.items[0];
    const corrected = JSON.parse((await post({ doc: item.doc, key: item.key, action: "correct", value: 777 })).body);
    expect(corrected).toMatchObject({ value: 777, status: "corrected", correction: { action: "correct", old: item.extracted, new: 777, reviewer: "tester", stale: false } });
    const undone = JSON.parse((await post({ doc: item.doc, key: item.key, action: "undo" })).body);
    expect(undone).toMatchObject({ value: item.value, correction: null });
    expect(undone.history.map((e: { action: string }) => e.action)).toEqual(["correct", "undo"]);
    expect((await post({ doc: item.doc, key: item.key, action: "correct", value: "12" })).status).toBe(400);
  });

  it("shows a decision made on another extracted value as stale: applied, flagged, back in the queue", async () => {
    const q = JSON.parse((await raw("/api/queue")).body);
    const item = q.items.find((i: { extracted: number | null }) => i.extracted !== null);
    await appendCorrection(fx.outDir, { reviewer: "earlier", sha256: item.sha256, key: item.key, action: "correct", old: item.extracted + 1, new: 5 });
    const cell = JSON.parse((await raw(`/api/cell?doc=${encodeURIComponent(item.doc)}&key=${item.key}`)).body);
    expect(cell).toMatchObject({ value: 5, status: "corrected", needs_review: true, correction: { reviewer: "earlier", stale: true } });
    expect(cell.flags.map((f: { code: string }) => f.code)).toContain("correction_stale");
    const after = JSON.parse((await raw("/api/queue?flag=correction_stale")).body);
    expect(after.items.map((i: { key: string }) => i.key)).toEqual([item.key]);
  });

  it("shows source lines only while the input's bytes are those that were read", async () => {
    const q = JSON.parse((await raw("/api/queue")).body);
    const xss = q.items.find((i: { file: string }) => i.file === "xss-report.txt");
    const url = `/api/source?doc=${encodeURIComponent(xss.doc)}&line=${xss.source.line}`;
    expect(JSON.parse((await raw(url)).body).lines.length).toBeGreaterThan(0);
    const path = join(fx.inDir, "xss-report.txt");
    const before = await readFile(path);
    await writeFile(path, Buffer.concat([before, Buffer.from("\n附注\n")]));
    try {
      expect(JSON.parse((await raw(url)).body)).toMatchObject({ lines: null, problem: "changed" });
    } finally {
      await writeFile(path, before);
    }
  });

  it("offers the page image with the cell's box when the folder has one (PDF and scans)", async () => {
    const q = JSON.parse((await raw("/api/queue")).body);
    const doc = q.items[0].doc as string;
    expect(JSON.parse((await raw(`/api/source?doc=${encodeURIComponent(doc)}&line=3&page=1`)).body).image).toBeNull();
    await mkdir(join(fx.outDir, "pages", doc), { recursive: true });
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    await writeFile(join(fx.outDir, "pages", doc, "1.png"), png);
    const src = JSON.parse((await raw(`/api/source?doc=${encodeURIComponent(doc)}&line=3&page=1`)).body);
    expect(src.image).toMatchObject({ page: 1, url: expect.stringMatching(/^\/api\/page-image\?/) });
    const img = await raw(src.image.url);
    expect([img.status, img.headers["content-type"]]).toEqual([200, "image/png"]);
    expect((await raw(`/api/page-image?doc=${encodeURIComponent(doc)}&page=..%2F1`)).status).toBe(400);
  });

  it("`nianbao review DIR --port 0` prints its address, serves, and exits 0 on Ctrl-C", async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
    try {
      const code = main(["node", "nianbao", "review", fx.outDir, "--port", "0", "--reviewer", "cli"]);
      await vi.waitFor(() => expect(out.join("")).toMatch(/nianbao review: http/), { timeout: 5000 });
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out.join(""))![0];
      expect((await fetch(`${url}api/overview`)).status).toBe(200);
      process.emit("SIGINT");
      expect(await code).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(out.join("")).toContain("reviewer cli");
  });

  it("names a moved input, and `--source-root` finds it again (by its path's tail and hash)", async () => {
    const id = (await readdir(join(fx.outDir, "reports"))).find((f) => f.startsWith("xss-report-"))!.replace(/\.json$/, "");
    const recorded = join(fx.inDir, "xss-report.txt");
    const handed = join(fx.root, "handed");
    await mkdir(join(handed, "in"), { recursive: true });
    await rename(recorded, join(handed, "in", "xss-report.txt"));
    const source = async (base: string) => (await fetch(`${base}api/source?doc=${encodeURIComponent(id)}&line=3`)).json() as Promise<{ lines: string[] | null; problem: string | null; missing: string | null }>;
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
    try {
      expect(await source(srv.url)).toMatchObject({ lines: null, problem: "missing", missing: recorded });
      const code = main(["node", "nianbao", "review", fx.outDir, "--port", "0", "--source-root", join(fx.root, "nope"), "--source-root", handed]);
      await vi.waitFor(() => expect(out.join("")).toMatch(/nianbao review: http/), { timeout: 5000 });
      expect(out.join("")).toContain(`warning: --source-root ${join(fx.root, "nope")}: no such folder`);
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out.join(""))![0];
      const found = await source(url);
      expect(found.problem).toBeNull();
      expect(found.lines!.join("\n")).toContain(XSS);
      process.emit("SIGINT");
      expect(await code).toBe(0);
    } finally {
      spy.mockRestore();
      await rename(join(handed, "in", "xss-report.txt"), recorded);
    }
  });

  it("`nianbao review` refuses a folder that is not an output folder, and stops on abort", async () => {
    const stop = new AbortController();
    await expect(serveReview({ outDir: fx.inDir, port: 0 }, stop.signal, () => {})).rejects.toThrow(/not an output folder/);
    const lines: string[] = [];
    const done = serveReview({ outDir: fx.outDir, port: 0, reviewer: "qa" }, stop.signal, (l) => lines.push(l));
    await new Promise((r) => setTimeout(r, 100));
    expect(lines[0]).toMatch(/^nianbao review: http:\/\/127\.0\.0\.1:\d+\/ /);
    stop.abort();
    await done;
  });
});
