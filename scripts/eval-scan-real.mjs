#!/usr/bin/env node
// Scans of the three real PDFs in ../shared/real (200 dpi, noise, a slight skew, JPEG), read back by
// OCR and scored against their gold files. The scans are written to a temporary folder (the real
// PDFs are never copied into the repository).
// Usage: npm run eval:scan-real [-- workdir] [--dpi N] [--blur PX] [--noise N] [--ink LEVEL] [--jpeg Q] [--skew DEG] [--seed N]
//   (after npm run build). The options make other scans of the same pages (a harsher scanner, a
//   faint copy): defaults 200 dpi, blur 0, noise 10, ink 30, JPEG 75, skews 0.8 / -1.2 / 1.5°, seed 1.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const realDir = resolve(root, "../shared/real");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const positional = args.filter((a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1].startsWith("--")));
const dir = positional[0] ?? mkdtempSync(join(tmpdir(), "nianbao-scan-real-"));
const { scanPages, packScan } = await import(join(root, "dist-dev/tools/generate/scan/index.js"));
const { Rng } = await import(join(root, "dist-dev/tools/generate/rng.js"));

rmSync(join(dir, "inputs"), { recursive: true, force: true });
rmSync(join(dir, "out"), { recursive: true, force: true });
mkdirSync(join(dir, "inputs"), { recursive: true });
mkdirSync(join(dir, "gold"), { recursive: true });
const pdfs = readdirSync(realDir).filter((f) => f.endsWith(".pdf")).sort();
// The scanner's box blur takes a whole radius in pixels: 0.5 made every page dark.
if (!Number.isInteger(option("--blur", 0)) || option("--blur", 0) < 0) {
  console.error(`--blur takes a whole number of pixels (0, 1, 2 …), not ${args[args.indexOf("--blur") + 1]}`);
  process.exit(2);
}
let seed = option("--seed", 1);
const skew = option("--skew", NaN);
for (const f of pdfs) {
  const rng = new Rng(seed++);
  const params = {
    dpi: option("--dpi", 200),
    skewDegrees: Number.isNaN(skew) ? [0.8, -1.2, 1.5][seed % 3] : skew * [1, -1, 0.7][seed % 3],
    blur: option("--blur", 0),
    noise: option("--noise", 10),
    inkLevel: option("--ink", 30),
    paperLevel: 238,
    jpegQuality: option("--jpeg", 75),
  };
  const pages = await scanPages(readFileSync(join(realDir, f)), params, rng);
  writeFileSync(join(dir, "inputs", f), await packScan(pages, params, "pdf"));
  const gold = f.replace(/\.pdf$/, ".json");
  rmSync(join(dir, "gold", gold), { force: true });
  symlinkSync(join(realDir, gold), join(dir, "gold", gold));
  console.error(`scanned ${f}: ${pages.length} pages, skew ${params.skewDegrees}°`);
}
const t0 = Date.now();
try {
  execFileSync("node", [join(root, "bin/nianbao.js"), "extract", join(dir, "inputs"), "--out", join(dir, "out"), "--quiet", "--timeout", "600"], { stdio: "inherit" });
} catch {
  // failures are in the manifest and the eval
}
console.error(`extract: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
execFileSync("node", [join(root, "bin/nianbao.js"), "eval", "--gold", join(dir, "gold"), "--out", join(dir, "out")], { stdio: "inherit" });
console.error(`work folder: ${dir}`);
