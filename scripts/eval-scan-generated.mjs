#!/usr/bin/env node
// Accuracy over generated scans: N generated reports (bordered tables) rasterized as scans —
// 150–300 dpi, skew up to ±2°, blur, faint ink, noise, JPEG; image-only PDFs and multi-page TIFFs —
// read by OCR and scored against their gold files. The corpus is `nianbao generate --kind scan`.
// Usage: npm run eval:scan-generated -- [count=50] [seed=1] [workdir] [--blank-zeros share]   (after npm run build)
// --blank-zeros 1: every scan's tables print zeros blank and 总计 only in some rows (generate --blank-zeros).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const flag = args.indexOf("--blank-zeros");
const blankZeros = flag >= 0 ? args.splice(flag, 2)[1] : undefined;
const count = Number(args[0] ?? 50);
const seed = Number(args[1] ?? 1);
const dir = args[2] ?? mkdtempSync(join(tmpdir(), "nianbao-scan-gen-"));
const nianbao = (...args) => execFileSync("node", [join(root, "bin/nianbao.js"), ...args], { stdio: "inherit" });

rmSync(join(dir, "gen"), { recursive: true, force: true });
rmSync(join(dir, "out"), { recursive: true, force: true });
let t0 = Date.now();
nianbao("generate", "--kind", "scan", "--out", join(dir, "gen"), "--count", String(count), "--seed", String(seed), ...(blankZeros === undefined ? [] : ["--blank-zeros", blankZeros]));
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
