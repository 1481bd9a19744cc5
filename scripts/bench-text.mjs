// Speed and memory of the text engine on one core: N generated, damaged text reports, each run
// through the whole document pipeline (ingest → layout → match → validate → record) in memory.
// Usage: npm run build && node --expose-gc scripts/bench-text.mjs [count=1000] [seed=42]
import { performance } from "node:perf_hooks";
import { Rng, generateReport, DAMAGE_KINDS } from "../dist-dev/tools/generate/index.js";
import { extractFromBytes } from "../dist/pipeline/run-document.js";

const count = Number(process.argv[2] ?? 1000);
const seed = Number(process.argv[3] ?? 42);
const inputs = [];
for (let i = 0; i < count; i++) {
  const r = generateReport(Rng.forItem(seed, i), { index: i, formats: ["2021", "2019", "hybrid"], damage: DAMAGE_KINDS, damageRate: 0.5 });
  inputs.push({ path: `${r.id}.txt`, bytes: Buffer.from(r.text, "utf8") });
}
const totalBytes = inputs.reduce((n, x) => n + x.bytes.length, 0);
globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
// Warm-up run (JIT), not timed.
for (const x of inputs.slice(0, 20)) extractFromBytes(x.path, x.bytes);
let cells = 0;
const times = [];
const t0 = performance.now();
for (const x of inputs) {
  const s = performance.now();
  cells += extractFromBytes(x.path, x.bytes).cells.length;
  times.push(performance.now() - s);
}
const ms = performance.now() - t0;
times.sort((a, b) => a - b);
const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
const mib = (b) => (b / 1024 / 1024).toFixed(1);
console.log(`reports            ${count} (${mib(totalBytes)} MiB of text, ${cells} cells)`);
console.log(`total time         ${(ms / 1000).toFixed(2)} s on one core`);
console.log(`throughput         ${(count / (ms / 1000)).toFixed(1)} reports/s`);
console.log(`per report         median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
console.log(`peak RSS           ${mib(process.resourceUsage().maxRSS * 1024)} MiB (before the timed run: ${mib(rssBefore)} MiB)`);
