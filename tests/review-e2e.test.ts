/**
 * The review app end to end in a real headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core), over an output folder made by the real extractor. One browser for the file.
 * Writes the screenshots in docs/ (review-queue-text.png, review-report.png, review-overview.png;
 * the PDF and scan queue pictures come from review-focus-e2e.test.ts).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { csvRows } from "./helpers/csv.js";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../src/emit/index.js";
import { startReviewServer, type ReviewServer } from "../src/review/index.js";
import { makeReviewFixture, PANEL_AGENCY, XSS, type ReviewFixture } from "./helpers/review-fixture.js";

// Screenshots go to docs/ with UPDATE_SCREENSHOTS=1 (as UPDATE_GOLDEN for goldens), else into the
// test's temp folder, so that a plain `npm test` does not rewrite tracked files.
const DOCS_DIR = fileURLToPath(new URL("../docs/", import.meta.url));
const shot = (name: string): string => join(process.env.UPDATE_SCREENSHOTS === "1" ? DOCS_DIR : fx.root, name);
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let fx: ReviewFixture;
let srv: ReviewServer;
let profile: string;
let ctx: BrowserContext;
let page: Page;
const dialogs: string[] = [];
const pageErrors: string[] = [];
/** The value corrected in the first test, used by the later ones. */
let corrected: { doc: string; key: string } | null = null;


async function cellsCsvRow(doc: string, key: string): Promise<Record<string, string> | undefined> {
  await srv.exports.idle();
  return (await csvRows(await readFile(join(fx.outDir, "cells.csv"), "utf8"))).find((r) => r.document === doc && r.key === key);
}

async function open(path: string): Promise<void> {
  await page.goto(new URL(path, srv.url).href);
  await page.waitForSelector("body[data-ready]", { timeout: 15_000 });
}

beforeAll(async () => {
  fx = await makeReviewFixture(10);
  srv = await startReviewServer({ outDir: fx.outDir, port: 0, reviewer: "e2e" });
  profile = await mkdtemp(join(tmpdir(), "nianbao-chromium-"));
  ctx = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 900 } });
  page = ctx.pages()[0] ?? (await ctx.newPage());
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("pageerror", (e) => pageErrors.push(e.message));
}, 60_000);

afterAll(async () => {
  await ctx?.close();
  await srv?.close();
  await rm(profile, { recursive: true, force: true });
  await rm(fx.root, { recursive: true, force: true });
});

// Generous limits: a test takes about a second alone, but CI machines run other suites beside it.
describe("review app in Chromium", { timeout: 30_000 }, () => {
  it("corrects a value with the keyboard; it survives a reload, shows in cells.csv, and survives a re-extraction", async () => {
    await open("/");
    const first = page.locator("#items li").first();
    const doc = (await first.getAttribute("data-doc"))!;
    const key = (await first.getAttribute("data-key"))!;
    expect(await page.locator("#key").textContent()).toBe(key);
    const left = Number(await page.locator("#left").getAttribute("data-left"));
    await page.screenshot({ path: shot("review-queue-text.png") });

    await page.keyboard.press("c");
    await page.keyboard.type("4321");
    await page.keyboard.press("Enter");
    await page.waitForSelector(`body[data-saved="${doc}/${key}"]`);
    expect(Number(await page.locator("#left").getAttribute("data-left"))).toBe(left - 1);

    await page.reload();
    await page.waitForSelector("body[data-ready]");
    expect(await page.locator(`#items li[data-doc="${doc}"][data-key="${key}"]`).count()).toBe(0);
    await open("/?show=reviewed");
    const done = page.locator(`#items li[data-doc="${doc}"][data-key="${key}"]`);
    expect(await done.locator(".val").textContent()).toBe("4321");
    expect(await cellsCsvRow(doc, key)).toMatchObject({ value: "4321", status: "corrected", needs_review: "false" });

    const extractedBefore = await readFile(join(fx.outDir, "reports", `${doc}.json`), "utf8");
    expect(extractedBefore).not.toContain('"value": 4321');
    await fx.extract(); // re-extraction: records rewritten, tables rebuilt by the batch
    await open("/?show=reviewed");
    expect(await page.locator(`#items li[data-doc="${doc}"][data-key="${key}"] .val`).textContent()).toBe("4321");
    expect(await cellsCsvRow(doc, key)).toMatchObject({ value: "4321", status: "corrected" });
    corrected = { doc, key };
  });

  it("accepts with a, undoes with z, marks unreadable with u", async () => {
    await open("/");
    const key = await page.locator("#key").textContent();
    await page.keyboard.press("a");
    await page.waitForFunction((k) => document.querySelector("#items li.done")?.getAttribute("data-key") === k, key);
    await page.keyboard.press("z");
    await page.waitForFunction(() => document.querySelectorAll("#items li.done").length === 0);
    await page.waitForSelector(`#detail[data-key="${key}"]`);
    await page.keyboard.press("u");
    await page.waitForSelector("#items li.done");
    await page.keyboard.press("z");
    await page.waitForFunction(() => document.querySelectorAll("#items li.done").length === 0);
    const log = (await readFile(join(fx.outDir, "corrections.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l).action);
    expect(log).toEqual(["correct", "accept", "undo", "unreadable", "undo"]);
  });

  it("report view: the whole table with failed rules and corrected cells marked, beside the source", async () => {
    expect(corrected).not.toBeNull();
    await open(`/report?doc=${encodeURIComponent(corrected!.doc)}&key=${encodeURIComponent(corrected!.key)}`);
    expect(await page.locator("td.rule-failed").count()).toBeGreaterThan(0);
    const cell = page.locator(`td[data-key="${corrected!.key}"]`);
    expect(await cell.textContent()).toBe("4321");
    expect(await cell.getAttribute("class")).toContain("s-corrected");
    expect(await page.locator(".source .ln.focus").count()).toBe(1);
    await page.screenshot({ path: shot("review-report.png") });
  });

  it("overview: flags by kind, confidence distribution and applications by year as inline SVG", async () => {
    await open("/overview");
    expect(await page.locator("svg.chart").count()).toBe(3);
    expect(await page.locator("svg.chart rect").count()).toBeGreaterThan(10);
    expect(await page.locator("#agency option:checked").textContent()).toBe(`${PANEL_AGENCY} (2021, 2022, 2023)`);
    expect(await page.locator("#agency-chart svg rect").count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator("script[src^='http'], link[href^='http']").count()).toBe(0);
    await page.screenshot({ path: shot("review-overview.png"), fullPage: true });
  });

  it("shows a report containing <script> as text and runs none of it", async () => {
    const xssDoc = (await readdir(join(fx.outDir, "reports"))).find((f) => f.startsWith("xss-report-"))!.replace(/\.json$/, "");
    await open(`/report?doc=${encodeURIComponent(xssDoc)}`);
    expect(await page.locator("h1").textContent()).toContain(XSS);
    await page.locator("td[data-key]").first().click();
    await page.waitForSelector(".source .ln");
    expect(await page.locator(".source").textContent()).toContain(XSS);
    await open(`/?agency=${encodeURIComponent((await page.evaluate(() => document.title)).replace(/^nianbao review — /, "").replace(/ \d+$/, ""))}`);
    expect(await page.locator("#items li .who").first().textContent()).toContain(XSS);
    expect(await page.evaluate(() => document.querySelectorAll("script").length)).toBe(1);
    expect(await page.locator("img[src='x']").count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("draws the cell's box on the page image when the record has a bbox and the folder a page image (PDF, scans)", async () => {
    const doc = corrected!.doc;
    const path = join(fx.outDir, "reports", `${doc}.json`);
    const record = JSON.parse(await readFile(path, "utf8"));
    const cell = record.cells.find((c: { key: string }) => c.key === corrected!.key);
    cell.source.bbox = { x: 100, y: 200, width: 60, height: 14 };
    await writeFileAtomic(path, JSON.stringify(record)); // renamed into place, as the extractor writes
    await mkdir(join(fx.outDir, "pages", doc), { recursive: true });
    await writeFile(join(fx.outDir, "pages", doc, "1.png"), await page.screenshot());
    await writeFile(join(fx.outDir, "pages", doc, "1.json"), JSON.stringify({ width: 595, height: 842 }));
    await open(`/report?doc=${encodeURIComponent(doc)}&key=${encodeURIComponent(corrected!.key)}`);
    await page.waitForSelector(".page-canvas svg.bbox rect");
    expect(await page.locator(".page-canvas svg.bbox").getAttribute("viewBox")).toBe("0 0 595 842");
    expect(await page.locator(".page-canvas svg.bbox rect").getAttribute("x")).toBe("100");
  });

  it("undoes a decision from an earlier session in the reviewed list; the export follows", async () => {
    const { doc, key } = corrected!;
    await open("/?show=reviewed");
    await page.locator(`#items li[data-doc="${doc}"][data-key="${key}"]`).click();
    await page.waitForSelector(`#detail[data-key="${key}"]`);
    await page.keyboard.press("z");
    await page.waitForFunction(() => document.querySelector("#value")?.textContent !== "4321");
    const row = await cellsCsvRow(doc, key);
    expect(row?.status).not.toBe("corrected");
    expect(row?.value).not.toBe("4321");
  });
});
