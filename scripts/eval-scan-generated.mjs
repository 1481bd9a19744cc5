#!/usr/bin/env node
// Accuracy over generated scans: N generated reports (bordered tables) rasterized as scans —
// 150–300 dpi, skew up to ±2°, blur, faint ink, noise, JPEG; image-only PDFs and multi-page TIFFs —
// read by OCR and scored against their gold files. The corpus is `nianbao generate --kind scan`.
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
const nianbao = (...args) => execFileSync("node", [join(root, "bin/nianbao.js"), ...args], { stdio: "inherit" });

rmSync(join(dir, "gen"), { recursive: true, force: true });
rmSync(join(dir, "out"), { recursive: true, force: true });
let t0 = Date.now();
nianbao("generate", "--kind", "scan", "--out", join(dir, "gen"), "--count", String(count), "--seed", String(seed));
console.error(`generated ${count} scans in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
t0 = Date.now();
try {
  nianbao("extract", join(dir, "gen/inputs"), "--out", join(dir, "out"), "--quiet", "--timeout", "900");
} catch {
  // failures are in the manifest and the eval
}
console.error(`extract: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
nianbao("eval", "--gold", join(dir, "gen/gold"), "--out", join(dir, "out"));
console.error(`work folder: ${dir}`);
