#!/usr/bin/env node
// Accuracy over generated scans: N generated reports (bordered tables) rasterized as scans —
// 150–300 dpi, skew up to ±2°, blur, faint ink, noise, JPEG; image-only PDFs and multi-page TIFFs —
// read by OCR and scored against their gold files.
// Usage: npm run eval:scan-generated -- [count=50] [seed=1] [workdir]     (after npm run build)
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const count = Number(process.argv[2] ?? 50);
const seed = Number(process.argv[3] ?? 1);
const dir = process.argv[4] ?? mkdtempSync(join(tmpdir(), "nianbao-scan-gen-"));
const { generateScanCorpus } = await import(join(root, "dist/generate/scan/index.js"));

if (!process.env.NIANBAO_SCAN_SLICE) {
  rmSync(join(dir, "gen"), { recursive: true, force: true });
  rmSync(join(dir, "out"), { recursive: true, force: true });
}
if (process.env.NIANBAO_SCAN_SLICE) {
  // A child writing one slice of the corpus (see below).
  const [from, n] = process.env.NIANBAO_SCAN_SLICE.split(",").map(Number);
  await generateScanCorpus({ outDir: join(dir, "gen"), count: n, seed, from });
  process.exit(0);
}
let t0 = Date.now();
// Slices of 4 scans, each in a fresh process: after some dozens of pages encoded in one process,
// @napi-rs/canvas has crashed (SIGSEGV) here; a fresh process per slice sidesteps it.
// (Generation is deterministic per index, so a crashed slice is simply run again.)
for (let from = 0; from < count; from += 4) {
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync("node", [fileURLToPath(import.meta.url), String(count), String(seed), dir], {
        stdio: "inherit",
        env: { ...process.env, NIANBAO_SCAN_SLICE: `${from},${Math.min(4, count - from)}` },
      });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
      console.error(`slice ${from}: ${e.signal ?? e.status}, again`);
    }
  }
}
console.error(`generated ${count} scans in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
t0 = Date.now();
try {
  execFileSync("node", [join(root, "bin/nianbao.js"), "extract", join(dir, "gen/inputs"), "--out", join(dir, "out"), "--quiet", "--timeout", "900"], { stdio: "inherit" });
} catch {
  // failures are in the manifest and the eval
}
console.error(`extract: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
execFileSync("node", [join(root, "bin/nianbao.js"), "eval", "--gold", join(dir, "gen/gold"), "--out", join(dir, "out")], { stdio: "inherit" });
console.error(`work folder: ${dir}`);
