// CPU time (user + system of the whole process: GC and compiler threads included) of
// scripts/bench-text.mjs's timed loop, over the same inputs, repeated: pass 1 is the one bench-text
// times (after its 20-report warm-up, with the JIT still compiling), later passes run warm. CPU time,
// unlike wall time, holds up on a shared machine where other jobs take turns on the cores.
// Usage: npm run build && node --expose-gc scripts/bench-text-cpu.mjs [count=1000] [seed=42] [passes=2]
import { performance } from "node:perf_hooks";
import { Rng, generateReport, DAMAGE_KINDS } from "../dist-dev/tools/generate/index.js";
import { extractFromBytes } from "../dist/pipeline/run-document.js";

const count = Number(process.argv[2] ?? 1000);
const seed = Number(process.argv[3] ?? 42);
const passes = Number(process.argv[4] ?? 2);
const inputs = [];
for (let i = 0; i < count; i++) {
  const r = generateReport(Rng.forItem(seed, i), { index: i, formats: ["2021", "2019", "hybrid"], damage: DAMAGE_KINDS, damageRate: 0.5 });
  inputs.push({ path: `${r.id}.txt`, bytes: Buffer.from(r.text, "utf8") });
}
globalThis.gc?.();
for (const x of inputs.slice(0, 20)) extractFromBytes(x.path, x.bytes);
const out = [];
for (let p = 0; p < passes; p++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const x of inputs) extractFromBytes(x.path, x.bytes);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  out.push(`pass ${p + 1}: ${(count / (ms / 1000)).toFixed(1)} reports/s wall, CPU ${((c.user + c.system) / 1000 / count).toFixed(3)} ms per report`);
}
console.log(out.join("\n"));
