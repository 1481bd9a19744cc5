// PDF reader speed and memory, side by side with poppler's `pdftotext -layout` on the same files in
// the same run. Usage: npm run build && node --expose-gc scripts/bench-pdf.mjs DIR_OR_PDF... [--long FILE.pdf]
// Prints pages/s for nianbao (whole pipeline: text layer, rulings, layout, match, validate) and for
// pdftotext (text conversion only), their ratio, and peak RSS; with --long, RSS sampled while a long
// PDF is read, to show whether memory stays flat.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { extractDocument } from "../dist/pipeline/run-document.js";
import { withPdf } from "../dist/ingest/pdf/document.js";

const args = process.argv.slice(2);
const longAt = args.indexOf("--long");
const longPdf = longAt >= 0 ? args.splice(longAt, 2)[1] : null;
const files = args.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p, { recursive: true }).filter((f) => String(f).endsWith(".pdf")).map((f) => join(p, String(f))) : [p]));
const mib = (b) => (b / 1024 / 1024).toFixed(1);

let pages = 0, oursMs = 0, popplerMs = 0, failed = 0;
await extractDocument(files[0], readFileSync(files[0])).catch(() => {}); // warm-up: loads pdfjs
for (const f of files) {
  const bytes = readFileSync(f);
  pages += await withPdf(bytes, async (d) => d.numPages);
  let t = performance.now();
  try { await extractDocument(f, bytes); } catch { failed++; }
  oursMs += performance.now() - t;
  t = performance.now();
  execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", f, "-"], { stdio: ["ignore", "ignore", "ignore"] });
  popplerMs += performance.now() - t;
}
console.log(`files              ${files.length} (${pages} pages)${failed ? `, ${failed} failed` : ""}`);
console.log(`nianbao            ${(pages / (oursMs / 1000)).toFixed(1)} pages/s, ${(oursMs / pages).toFixed(1)} ms/page`);
console.log(`pdftotext -layout  ${(pages / (popplerMs / 1000)).toFixed(1)} pages/s, ${(popplerMs / pages).toFixed(1)} ms/page (process start included)`);
console.log(`ratio              ${(oursMs / popplerMs).toFixed(2)} × pdftotext's time per page`);
console.log(`peak RSS           ${mib(process.resourceUsage().maxRSS * 1024)} MiB`);

if (longPdf) {
  globalThis.gc?.();
  const samples = [];
  const timer = setInterval(() => samples.push(process.memoryUsage().rss), 100);
  const bytes = readFileSync(longPdf);
  const n = await withPdf(bytes, async (d) => d.numPages);
  const t = performance.now();
  await extractDocument(longPdf, bytes).catch((e) => console.log(`long PDF: ${e.message}`));
  clearInterval(timer);
  const q = (p) => samples.sort((a, b) => a - b)[Math.floor(p * (samples.length - 1))];
  const first = samples.slice(0, 3), last = samples.slice(-3);
  console.log(`long PDF           ${n} pages in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  console.log(`RSS while reading  min ${mib(q(0))} MiB, median ${mib(q(0.5))} MiB, max ${mib(q(1))} MiB (${samples.length} samples)`);
  void first; void last;
}
