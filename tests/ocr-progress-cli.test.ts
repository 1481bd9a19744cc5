/**
 * Per-page OCR progress of `nianbao extract`: a log line per page when stderr is not a terminal
 * (the format the README documents), a line in the progress display on a terminal (a real pty, by
 * util-linux `script`), none with --quiet. Real engine on a one-page scan.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../tools/generate/index.js";
import { generatePdfReport } from "../tools/generate/pdf/corpus.js";
import { encodeImage, scanPages } from "../tools/generate/scan/index.js";
import { createReporter, ocrLine } from "../src/progress.js";

const BIN = fileURLToPath(new URL("../bin/nianbao.js", import.meta.url));
const SCAN = { dpi: 150, skewDegrees: -0.5, blur: 0, noise: 6, inkLevel: 20, paperLevel: 240, jpegQuality: null };

let dir = "";
let png = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nianbao-ocr-cli-"));
  const { pdf } = await generatePdfReport(Rng.forItem(4600, 0), { index: 0, layout: { borders: "grid", orientation: "portrait" } });
  const pages = await scanPages(pdf, SCAN, new Rng(6));
  png = join(dir, "scan.png");
  await writeFile(png, await encodeImage(pages[pages.length - 1]!, "png"));
}, 60_000); // generating and rasterizing the page took over the default 10 s on a loaded 2-core machine
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("extract: OCR progress per page", () => {
  it("prints `ocr <file> page k/n (s, engine)` per page off a terminal, and the engines in the summary", () => {
    const run = spawnSync(process.execPath, [BIN, "extract", png, "--out", join(dir, "plain"), "--jobs", "1", "--ocr-workers", "1"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^ocr ${png.replace(/[.\\/]/g, "\\$&")} page 1/1 \\(\\d+\\.\\d s, tesseract\\.js\\)$`, "m"));
    expect(run.stdout).toMatch(/; 1 page\(s\) OCR'd by 1 tesseract\.js engine\(s\)\n$/);
  }, 60_000);

  it("the engine of a --pipeline is the one that reads the pages (scans-native: the native tesseract)", () => {
    const run = spawnSync(process.execPath, [BIN, "extract", png, "--out", join(dir, "native"), "--jobs", "1", "--ocr-workers", "1", "--pipeline", "scans-native"], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^ocr ${png.replace(/[.\\/]/g, "\\$&")} page 1/1 \\(\\d+\\.\\d s, tesseract\\)$`, "m"));
    expect(run.stdout).toMatch(/; 1 page\(s\) OCR'd by 1 tesseract engine\(s\)\n$/);
  }, 60_000);

  it("shows `<file>: OCR page k/n` in the progress display on a terminal", () => {
    const cmd = [process.execPath, BIN, "extract", png, "--out", join(dir, "tty"), "--ocr-workers", "1"].map((a) => `'${a}'`).join(" ");
    const run = spawnSync("script", ["-qec", cmd, "/dev/null"], { encoding: "utf8", env: { ...process.env, COLUMNS: "120" } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("scan.png: OCR page 1/1");
  }, 60_000);

  it("--quiet prints no page lines", () => {
    const out: string[] = [];
    const stream = { isTTY: false, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream;
    const page = { path: "/x/scan.pdf", page: 3, pages: 7, ms: 2345, skew: 0.4, engine: "tesseract.js" };
    createReporter({ stream, quiet: true }).ocrPage(page);
    expect(out).toEqual([]);
    createReporter({ stream, quiet: false }).ocrPage(page);
    expect(out).toEqual(["ocr /x/scan.pdf page 3/7 (2.3 s, tesseract.js)\n"]);
    expect(ocrLine(page)).toBe("ocr /x/scan.pdf page 3/7 (2.3 s, tesseract.js)");
  });
});
