// PDF reader speed and memory, side by side with poppler's `pdftotext -layout` on the same files in
// the same run. Usage: npm run bench:pdf -- DIR_OR_PDF... [--long FILE.pdf|tables|annex]...
// Prints pages/s for nianbao (whole pipeline: text layer, rulings, layout, match, validate) and for
// pdftotext (text conversion only), their ratio, and peak RSS; with --long, RSS and the heap kept
// after GC sampled while a long PDF is read, to show whether memory stays flat ("tables" and
// "annex" make 500-page PDFs: table 3 on every page, or a report and a long annex).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { extractDocument } from "../dist/pipeline/run-document.js";
import { withPdf } from "../dist/ingest/pdf/document.js";

const args = process.argv.slice(2);
// --long FILE (repeatable): long PDFs read one at a time, memory sampled while each is read.
const longPdfs = [];
for (let at = args.indexOf("--long"); at >= 0; at = args.indexOf("--long")) longPdfs.push(args.splice(at, 2)[1]);
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

for (let file of longPdfs) {
  if (file === "tables" || file === "annex") {
    // Made here: 500 pages of table 3 (the worst case), or a report followed by a 499-page annex.
    // (In a child process: the generator's fonts must not weigh on this process's RSS.)
    const path = join(mkdtempSync(join(tmpdir(), "nianbao-long-")), `long500-${file}.pdf`);
    const gen = new URL("../dist-dev/tools/generate/pdf/bad.js", import.meta.url).href;
    execFileSync("node", ["--input-type=module", "-e", `const { makeLongPdf } = await import(${JSON.stringify(gen)}); await makeLongPdf(${JSON.stringify(path)}, 500, ${JSON.stringify(file)});`]);
    file = path;
  }
  globalThis.gc?.();
  // RSS every 100 ms; every second a full GC first, so the heap left is what the reading keeps.
  const samples = [];
  const kept = [];
  let tick = 0;
  const timer = setInterval(() => {
    if (tick++ % 10 === 0 && globalThis.gc) {
      globalThis.gc();
      kept.push(process.memoryUsage().heapUsed);
    }
    samples.push(process.memoryUsage().rss);
  }, 100);
  const bytes = readFileSync(file);
  const n = await withPdf(bytes, async (d) => d.numPages);
  const t = performance.now();
  await extractDocument(file, bytes).catch((e) => console.log(`long PDF: ${e.message}`));
  clearInterval(timer);
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p) => sorted[Math.floor(p * (sorted.length - 1))];
  console.log(`long PDF           ${file}: ${n} pages in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  console.log(`  RSS while read    first ${mib(samples[0])} MiB, min ${mib(q(0))}, median ${mib(q(0.5))}, max ${mib(q(1))} MiB (${samples.length} samples)`);
  if (kept.length > 1) console.log(`  heap kept (GC'd)  first ${mib(kept[0])} MiB, last ${mib(kept[kept.length - 1])} MiB (${kept.length} samples, one a second)`);
}
