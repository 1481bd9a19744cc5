/**
 * The review queue opens a PDF item and a skewed scan item on their page, zoomed and scrolled to the
 * value's box — in real headless Chromium (Debian's /usr/bin/chromium via playwright-core), over
 * records made by the real extractor (pdfjs text layer; tesseract.js OCR of a scan skewed by 1.8°).
 * The box must be inside the window on load and lie on the value's ink in the picture shown: read
 * back from the picture's pixels in the browser (ink inside the box, no table rule running through
 * it) and, for the scan, compared with where the same value is in the PDF it was scanned from.
 * Also: keyboard zoom, and a moved input named (and found again with a source root).
 * Writes docs/review-queue.png (PDF item) and docs/review-queue-scan.png with UPDATE_SCREENSHOTS=1.
 */
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../src/emit/index.js";
import { generatePdfReport, Rng } from "../tools/generate/index.js";
import { packScan, scanPages, type ScanParams } from "../tools/generate/scan/index.js";
import type { CellRecord, ReportRecord } from "../src/model/index.js";
import { runBatch } from "../src/pipeline/batch.js";
import { startReviewServer, type ReviewServer } from "../src/review/index.js";

const DOCS_DIR = fileURLToPath(new URL("../docs/", import.meta.url));
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const VIEWPORT = { width: 1400, height: 900 };
const SKEW = 1.8;

let root: string;
let outDir: string;
let srv: ReviewServer;
let profile: string;
let ctx: BrowserContext;
let page: Page;
const records = new Map<"pdf" | "scan", ReportRecord>();
const shot = (name: string): string => join(process.env.UPDATE_SCREENSHOTS === "1" ? DOCS_DIR : root, name);

async function recordOf(kind: string): Promise<ReportRecord> {
  const { readdir } = await import("node:fs/promises");
  for (const f of await readdir(join(outDir, "reports"))) {
    const r = JSON.parse(await readFile(join(outDir, "reports", f), "utf8")) as ReportRecord;
    if (r.source.path.endsWith(kind === "pdf" ? "report.pdf" : "scan.pdf")) return r;
  }
  throw new Error(`no ${kind} record`);
}

/**
 * The value this test reviews: in table 3, of the printed numbers with the most digits, the one
 * furthest to the bottom right — where a skew moves a box furthest from its value. Put in the queue
 * (needs_review) if the extractor had no doubt about it, so that the queue shows it whatever the OCR decided.
 */
function target(r: ReportRecord): CellRecord {
  const cells = r.cells.filter((c) => c.table === "t3" && c.source.bbox && c.value !== null && c.value > 0 && /^\d+$/.test(c.raw.trim()));
  const at = (c: CellRecord): number => c.source.bbox!.x + c.source.bbox!.y;
  cells.sort((a, b) => b.raw.trim().length - a.raw.trim().length || at(b) - at(a));
  return cells[0]!;
}

async function queueOn(r: ReportRecord, cell: CellRecord): Promise<void> {
  const id = (await import("../src/emit/index.js")).recordId(r);
  const path = join(outDir, "reports", `${id}.json`);
  const stored = JSON.parse(await readFile(path, "utf8")) as ReportRecord;
  const c = stored.cells.find((x) => x.key === cell.key)!;
  if (!c.needs_review) {
    c.needs_review = true;
    await writeFileAtomic(path, JSON.stringify(stored));
  }
}

async function openItem(r: ReportRecord, key: string, expect: "page" | "nothing" = "page"): Promise<void> {
  const id = (await import("../src/emit/index.js")).recordId(r);
  await page.goto(new URL(`/?doc=${encodeURIComponent(id)}`, srv.url).href);
  await page.waitForSelector("body[data-ready]", { timeout: 20_000 });
  await page.locator(`#items li[data-key="${key}"]`).click();
  if (expect === "nothing") return;
  await page.waitForSelector(`#detail[data-key="${key}"] .page-view[data-ready] img`, { timeout: 20_000 });
  await page.waitForFunction(() => (document.querySelector(".page-canvas img") as HTMLImageElement | null)?.complete === true);
}

/** What the browser sees under the drawn box: its place in the window and the picture's pixels there. */
async function boxReading(): Promise<{ rect: { x: number; y: number; width: number; height: number }; ink: number; rules: number }> {
  return page.evaluate(() => {
    const img = document.querySelector(".page-canvas img") as HTMLImageElement;
    const rectEl = document.querySelector(".page-canvas svg.bbox rect") as SVGRectElement;
    const r = rectEl.getBoundingClientRect();
    const ir = img.getBoundingClientRect();
    // The box in the picture's own pixels.
    const sx = img.naturalWidth / ir.width;
    const sy = img.naturalHeight / ir.height;
    const bx = Math.round((r.left - ir.left) * sx);
    const by = Math.round((r.top - ir.top) * sy);
    const bw = Math.max(1, Math.round(r.width * sx));
    const bh = Math.max(1, Math.round(r.height * sy));
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const g = canvas.getContext("2d")!;
    g.drawImage(img, 0, 0);
    const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
    const dark = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < canvas.width && y < canvas.height && data[(y * canvas.width + x) * 4]! < 140;
    const frac = (n: number, f: (i: number) => boolean): number => {
      let k = 0;
      for (let i = 0; i < n; i++) if (f(i)) k++;
      return k / n;
    };
    let ink = 0;
    for (let y = by; y < by + bh; y++) for (let x = bx; x < bx + bw; x++) if (dark(x, y)) ink++;
    // A table rule through the box: a column (row) of the box dark all along, and beyond the box
    // above and below (left and right) as well — no digit reaches out of its own box like that.
    let rules = 0;
    for (let x = bx; x < bx + bw; x++) {
      if (frac(bh, (i) => dark(x, by + i)) > 0.9 && frac(bh, (i) => dark(x, by - bh - i)) > 0.9 && frac(bh, (i) => dark(x, by + 2 * bh + i)) > 0.9) rules++;
    }
    for (let y = by; y < by + bh; y++) {
      if (frac(bw, (i) => dark(bx + i, y)) > 0.9 && frac(bw, (i) => dark(bx - bw - i, y)) > 0.9 && frac(bw, (i) => dark(bx + 2 * bw + i, y)) > 0.9) rules++;
    }
    return { rect: { x: r.left, y: r.top, width: r.width, height: r.height }, ink: ink / (bw * bh), rules };
  });
}

/** Pinned heading / label strips shown over the box (they must never hide the value). */
async function pinsOverBox(): Promise<number> {
  return page.evaluate(() => {
    const box = document.querySelector(".page-canvas svg.bbox rect")!.getBoundingClientRect();
    return [...document.querySelectorAll(".pin:not([hidden])")].filter((p) => {
      const r = p.getBoundingClientRect();
      return r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom;
    }).length;
  });
}

function expectInWindow(rect: { x: number; y: number; width: number; height: number }): void {
  expect(rect.x).toBeGreaterThanOrEqual(0);
  expect(rect.y).toBeGreaterThanOrEqual(0);
  expect(rect.x + rect.width).toBeLessThanOrEqual(VIEWPORT.width);
  expect(rect.y + rect.height).toBeLessThanOrEqual(VIEWPORT.height);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-review-focus-"));
  const inDir = join(root, "in");
  outDir = join(root, "out");
  await mkdir(inDir);
  const report = await generatePdfReport(Rng.forItem(13, 0), { index: 0, formats: ["2021"], layout: { borders: "grid" } });
  await writeFile(join(inDir, "report.pdf"), report.pdf);
  expect((await runBatch([inDir], { outDir })).failed).toBe(0);
  // The same report scanned at 200 dpi, turned 1.8° on the glass, clean enough to read every value:
  // its pages from table 3's first on (fewer pages to OCR; table 3 whole).
  const t3Page = (await recordOf("pdf")).cells.find((c) => c.table === "t3")!.source.page;
  const params: ScanParams = { dpi: 200, skewDegrees: SKEW, blur: 0, noise: 3, inkLevel: 0, paperLevel: 250, jpegQuality: 85 };
  const scanned = await scanPages(report.pdf, params, Rng.forItem(13, 1));
  await writeFile(join(inDir, "scan.pdf"), await packScan(scanned.slice(t3Page - 1), params, "pdf"));
  const summary = await runBatch([inDir], { outDir });
  expect(summary.failed).toBe(0);
  for (const kind of ["pdf", "scan"] as const) {
    const r = await recordOf(kind);
    records.set(kind, r);
    await queueOn(r, target(r));
  }
  srv = await startReviewServer({ outDir, port: 0, reviewer: "e2e" });
  profile = await mkdtemp(join(tmpdir(), "nianbao-chromium-"));
  ctx = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS, viewport: VIEWPORT });
  page = ctx.pages()[0] ?? (await ctx.newPage());
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await srv?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  if (root) await rm(root, { recursive: true, force: true });
});

describe("review queue: the page opens on the value", { timeout: 60_000 }, () => {
  it("PDF item: the box is in the window on load, zoomed, on the value's ink", async () => {
    const r = records.get("pdf")!;
    const cell = target(r);
    await openItem(r, cell.key);
    // Zoomed: the box was 12 px tall at fit-width. The view fits its zoom to its width, which on a
    // loaded machine may settle a frame after the first layout; the view follows it.
    await expect.poll(async () => (await boxReading()).rect.height, { timeout: 10_000 }).toBeGreaterThanOrEqual(18);
    const seen = await boxReading();
    expectInWindow(seen.rect);
    expect(seen.ink).toBeGreaterThan(0.04);
    expect(seen.rules).toBe(0);
    expect(await pinsOverBox()).toBe(0);
    await page.screenshot({ path: shot("review-queue.png") });
  });

  it("skewed scan item: the picture is straightened as OCR read it, and the box lies on the value", async () => {
    const r = records.get("scan")!;
    const cell = target(r);
    // The record's box is where the same value is in the PDF that was scanned (deskewing undoes the turn).
    const inPdf = records.get("pdf")!.cells.find((c) => c.key === cell.key)!.source.bbox!;
    const b = cell.source.bbox!;
    expect(Math.abs(b.x + b.width / 2 - (inPdf.x + inPdf.width / 2))).toBeLessThan(4);
    expect(Math.abs(b.y + b.height / 2 - (inPdf.y + inPdf.height / 2))).toBeLessThan(4);
    await openItem(r, cell.key);
    expect(Number(await page.locator(".page-view").getAttribute("data-skew"))).toBeCloseTo(SKEW, 0);
    const seen = await boxReading();
    expectInWindow(seen.rect);
    expect(seen.ink).toBeGreaterThan(0.04);
    expect(seen.rules).toBe(0);
    expect(await pinsOverBox()).toBe(0);
    await page.screenshot({ path: shot("review-queue-scan.png") });
  });

  it("zooms with + and −, and 0 brings the value back into view", async () => {
    const r = records.get("pdf")!;
    await openItem(r, target(r).key);
    const zoom = async (): Promise<number> => Number(await page.locator(".page-view").getAttribute("data-zoom"));
    // The page view sets its zoom once the page picture has loaded (a loaded machine: after openItem returns).
    await expect.poll(zoom, { timeout: 15_000 }).toBeGreaterThan(0);
    const z0 = await zoom();
    await page.keyboard.press("+");
    await expect.poll(zoom, { timeout: 5_000 }).toBeCloseTo(z0 * 1.25, 5);
    await page.keyboard.press("-");
    await page.keyboard.press("-");
    await expect.poll(zoom, { timeout: 5_000 }).toBeCloseTo(z0 / 1.25, 5);
    await page.locator(".page-scroll").evaluate((s) => s.scrollTo(0, 0));
    await page.keyboard.press("0");
    await expect.poll(zoom, { timeout: 5_000 }).toBeCloseTo(z0, 5);
    expectInWindow((await boxReading()).rect);
  });

  it("names a moved input file, and finds it again under --source-root", async () => {
    const r = records.get("pdf")!;
    const cell = target(r);
    const id = (await import("../src/emit/index.js")).recordId(r);
    await rm(join(outDir, "pages"), { recursive: true, force: true });
    // Handed over: the inputs' folder now lives under another folder (the source root given).
    const moved = join(root, "elsewhere", "in");
    await mkdir(join(root, "elsewhere"), { recursive: true });
    await rename(join(root, "in"), moved);
    try {
      await openItem(r, cell.key, "nothing");
      await page.waitForSelector(".source .missing");
      expect(await page.locator(".source .missing-path").textContent()).toBe(r.source.path);
      const other = await startReviewServer({ outDir, port: 0, reviewer: "e2e", sourceRoots: [join(root, "elsewhere")] });
      try {
        const res = await fetch(`${other.url}api/source?${new URLSearchParams({ doc: id, page: String(cell.source.page), table: "t3" })}`);
        const src = (await res.json()) as { image: { url: string } | null; problem: string | null };
        expect(src.image).not.toBeNull();
        expect((await fetch(new URL(src.image!.url, other.url))).headers.get("content-type")).toBe("image/png");
      } finally {
        await other.close();
      }
    } finally {
      await cp(moved, join(root, "in"), { recursive: true });
    }
  });
});
