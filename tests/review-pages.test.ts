/**
 * The review app shows a value's box on a picture of its page, drawn from the input itself: a PDF
 * page rendered by pdfjs, a scan's page as scanned — only while the input still hashes to the
 * record's sha256 — and kept in `<out>/pages/` with the page's size in points (the bbox unit).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../tools/generate/index.js";
import { generatePdfReport } from "../tools/generate/pdf/corpus.js";
import { packScan, scanPages } from "../tools/generate/scan/index.js";
import { runBatch } from "../src/pipeline/batch.js";
import { SOURCE_PAGE_DPI } from "../src/pipeline/source-pages.js";
import { startReviewServer, type ReviewServer } from "../src/review/index.js";

let root: string;
let server: ReviewServer;
let pdfPath: string;
const SCAN = { dpi: 200, skewDegrees: 0, blur: 0, noise: 4, inkLevel: 30, paperLevel: 240, jpegQuality: null };

async function get(path: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const res = await fetch(new URL(path, server.url));
  return { status: res.status, type: res.headers.get("content-type"), body: Buffer.from(await res.arrayBuffer()) };
}

/** Width and height of a PNG, from its IHDR chunk. */
const pngSize = (b: Buffer): [number, number] => [b.readUInt32BE(16), b.readUInt32BE(20)];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-review-pages-"));
  const inDir = join(root, "in");
  await mkdir(inDir);
  const landscape = await generatePdfReport(Rng.forItem(4700, 0), { index: 0, layout: { borders: "grid", orientation: "landscape" } });
  pdfPath = join(inDir, `${landscape.id}.pdf`);
  await writeFile(pdfPath, landscape.pdf);
  const scanned = await generatePdfReport(Rng.forItem(4700, 1), { index: 1, layout: { borders: "grid", orientation: "portrait" } });
  await writeFile(join(inDir, "scan.tif"), await packScan(await scanPages(scanned.pdf, SCAN, new Rng(1)), SCAN, "tiff"));
  const summary = await runBatch([inDir], { outDir: join(root, "out") });
  expect(summary.failed).toBe(0);
  server = await startReviewServer({ outDir: join(root, "out"), port: 0 });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

/** A cell with a box, of the document read from `kind` (records as the extractor wrote them). */
async function cellWithBox(kind: string): Promise<{ doc: string; page: number; pages: number; bbox: { x: number; y: number } }> {
  const dir = join(root, "out", "reports");
  for (const file of await readdir(dir)) {
    const record = JSON.parse(await readFile(join(dir, file), "utf8"));
    if (record.source.kind !== kind) continue;
    const cell = (record.cells as { source: { page: number; bbox?: { x: number; y: number } } }[]).find((c) => c.source.bbox);
    if (cell) return { doc: file.replace(/\.json$/, ""), page: cell.source.page, pages: record.source.pages, bbox: cell.source.bbox! };
  }
  throw new Error(`no ${kind} document with a boxed cell`);
}

describe("page pictures in the review app", () => {
  it("a PDF page is drawn from the PDF, sized in points, kept for the next request", async () => {
    const { doc, page, bbox } = await cellWithBox("pdf");
    const src = JSON.parse((await get(`/api/source?doc=${encodeURIComponent(doc)}&page=${page}`)).body.toString());
    // Landscape A4 in points; the cell's box lies on the page.
    expect(src.image).toMatchObject({ page, width: expect.closeTo(842, 0), height: expect.closeTo(595, 0) });
    expect(bbox.x).toBeLessThan(src.image.width);
    expect(bbox.y).toBeLessThan(src.image.height);
    const img = await get(src.image.url);
    expect([img.status, img.type]).toEqual([200, "image/png"]);
    const [w, h] = pngSize(img.body);
    expect(w).toBeCloseTo((842 * SOURCE_PAGE_DPI) / 72, -1);
    expect(h).toBeCloseTo((595 * SOURCE_PAGE_DPI) / 72, -1);
    const kept = join(root, "out", "pages", doc, `${page}.png`);
    expect((await stat(kept)).size).toBe(img.body.length);
  }, 60_000);

  it("a scan's page is drawn from the image at its own resolution, sized in points", async () => {
    const { doc, page } = await cellWithBox("image");
    const src = JSON.parse((await get(`/api/source?doc=${encodeURIComponent(doc)}&page=${page}`)).body.toString());
    expect(src.image).toMatchObject({ page, width: expect.closeTo(595, 0), height: expect.closeTo(842, 0) });
    const [w] = pngSize((await get(src.image.url)).body);
    expect(w).toBeCloseTo((595 * SCAN.dpi) / 72, -1);
  }, 60_000);

  it("no picture once the input has changed, and none past the last page", async () => {
    const { doc, pages } = await cellWithBox("pdf");
    expect((await get(`/api/page-image?doc=${encodeURIComponent(doc)}&page=${pages + 1}`)).status).toBe(404);
    const before = await readFile(pdfPath);
    await writeFile(pdfPath, Buffer.concat([before, Buffer.from("\n% changed\n")]));
    try {
      // A page not drawn before the change is not drawn now.
      const notDrawn = 1;
      await rm(join(root, "out", "pages", doc), { recursive: true, force: true });
      const src = JSON.parse((await get(`/api/source?doc=${encodeURIComponent(doc)}&page=${notDrawn}`)).body.toString());
      expect(src.image).toBeNull();
      expect((await get(`/api/page-image?doc=${encodeURIComponent(doc)}&page=${notDrawn}`)).status).toBe(404);
    } finally {
      await writeFile(pdfPath, before);
    }
  }, 60_000);
});
