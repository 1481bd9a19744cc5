#!/usr/bin/env node
// OCR benchmark: seconds per page and peak memory of nianbao's OCR (cell by cell, tesseract.js or
// the native engine, 1 and 2 engines) side by side with the `tesseract` CLI on the whole page, on
// the same pages in the same run. Pages: the table pages of the three real reports in
// ../shared/real, rendered at 200 dpi with noise and a slight skew (written to a temporary folder).
// Each configuration runs in a fresh process, so its peak RSS is its own.
// Usage: npm run bench:ocr [-- pages=6]     (after npm run build)
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => join(root, "dist", p);

if (process.argv[2] === "--child") {
  // One configuration: OCR every page image in the folder with nianbao's page OCR.
  const [, , , dir, engine, workers] = process.argv;
  const { ocrPages } = await import(dist("ocr/index.js"));
  const { closeOcr, ocrSettings } = await import(dist("ocr/index.js"));
  // The configuration is passed to the pool and the page reader as options (no environment variables).
  const settings = ocrSettings({ engine, workers: Number(workers) });
  const { withOcrEngine } = await import(dist("ocr/index.js"));
  const files = readdirSync(dir).filter((f) => f.endsWith(".gray")).sort();
  const load = (f) => {
    const meta = JSON.parse(readFileSync(join(dir, f.replace(/\.gray$/, ".json")), "utf8"));
    return { gray: { width: meta.width, height: meta.height, data: new Uint8Array(readFileSync(join(dir, f))) }, dpi: meta.dpi };
  };
  // Engines are loaded before the clock starts (the pool is created once per run, not per page):
  // each reads a strip in both modes once, since tesseract.js sets its network up on the first.
  const first = load(files[0]);
  const warm = { width: 200, height: 60, data: first.gray.data.subarray(0, 200 * 60) };
  await Promise.all(
    Array.from({ length: Number(workers) }, () =>
      withOcrEngine(async (e) => {
        await e.recognize(warm, "text");
        await e.recognize(warm, "digits");
        await new Promise((r) => setTimeout(r, 50));
      }, settings),
    ),
  );
  const t0 = performance.now();
  let tokens = 0;
  await ocrPages(files.map((_, i) => i + 1), files.length, async (n) => load(files[n - 1]), (p) => (tokens += p.tokens.length), settings);
  const ms = performance.now() - t0;
  await closeOcr();
  process.stdout.write(JSON.stringify({ ms, pages: files.length, tokens, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + "\n");
  process.exit(0);
}

const maxPages = Number(process.argv[2] ?? 6);
const dir = mkdtempSync(join(tmpdir(), "nianbao-bench-ocr-"));
const { scanPages } = await import(join(root, "dist-dev/tools/generate/scan/index.js"));
const { encodeImage } = await import(join(root, "dist-dev/tools/generate/scan/encode.js"));
const { Rng } = await import(join(root, "dist-dev/tools/generate/rng.js"));
const realDir = resolve(root, "../shared/real");
const params = { dpi: 200, skewDegrees: 1, blur: 0, noise: 10, inkLevel: 30, paperLevel: 238, jpegQuality: null };
let n = 0;
for (const f of readdirSync(realDir).filter((x) => x.endsWith(".pdf")).sort()) {
  const pages = await scanPages(readFileSync(join(realDir, f)), params, new Rng(7));
  // The table pages: pages 2 to 4 of these reports hold tables 2–4.
  for (const i of [2, 3, 4]) {
    if (n >= maxPages || !pages[i - 1]) continue;
    const p = pages[i - 1];
    const name = `${String(++n).padStart(2, "0")}-${f.replace(/\.pdf$/, "")}-p${i}`;
    writeFileSync(join(dir, `${name}.gray`), p.data);
    writeFileSync(join(dir, `${name}.json`), JSON.stringify({ width: p.width, height: p.height, dpi: params.dpi }));
    writeFileSync(join(dir, `${name}.png`), await encodeImage(p, "png"));
  }
}
console.error(`${n} pages (200 dpi, noise, 1° skew) in ${dir}`);

const rows = [];
const child = (engine, workers) => {
  const out = execFileSync("node", [fileURLToPath(import.meta.url), "--child", dir, engine, String(workers)], { encoding: "utf8" });
  const r = JSON.parse(out.trim().split("\n").pop());
  rows.push({ what: `nianbao cell by cell, ${engine}`, workers, sPerPage: r.ms / 1000 / r.pages, peakMb: r.maxRssMb, note: `${r.tokens} tokens${engine === "tesseract" ? "; RSS of node only (+ the tesseract processes)" : ""}` });
};

/** The CLI on whole pages (default page segmentation), `workers` processes at a time; peak RSS of the largest by GNU time. */
async function cli(workers) {
  const pngs = readdirSync(dir).filter((f) => f.endsWith(".png")).sort();
  let peak = 0;
  const t0 = performance.now();
  let next = 0;
  const run = () =>
    new Promise((resolve, reject) => {
      const f = pngs[next++];
      if (!f) return resolve();
      const p = spawn("/usr/bin/time", ["-f", "%M", "tesseract", join(dir, f), "stdout", "-l", "chi_sim"], { env: { ...process.env, OMP_THREAD_LIMIT: "1" } });
      let err = "";
      p.stderr.on("data", (d) => (err += d));
      p.stdout.resume();
      p.on("close", (code) => {
        if (code !== 0) return reject(new Error(err));
        peak = Math.max(peak, Number(err.trim().split("\n").pop()) / 1024);
        run().then(resolve, reject);
      });
    });
  await Promise.all(Array.from({ length: workers }, run));
  rows.push({ what: "tesseract CLI, whole page", workers, sPerPage: (performance.now() - t0) / 1000 / pngs.length, peakMb: peak, note: "peak of one process" });
}

const hasNative = (() => {
  try {
    execFileSync("tesseract", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
for (const w of [1, 2]) child("tesseract.js", w);
if (hasNative) {
  for (const w of [1, 2]) child("tesseract", w);
  for (const w of [1, 2]) await cli(w);
}
console.log(`| configuration | engines | s/page | peak RSS MB | |\n|---|---|---|---|---|`);
for (const r of rows) console.log(`| ${r.what} | ${r.workers} | ${r.sPerPage.toFixed(2)} | ${r.peakMb.toFixed(0)} | ${r.note} |`);
if (!hasNative) console.log("(the tesseract CLI is not installed: native rows skipped)");
