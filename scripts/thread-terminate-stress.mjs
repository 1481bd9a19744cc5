#!/usr/bin/env node
// Reproduces the race that made the document threads' entry CommonJS (src/pipeline/worker-thread-entry.cts):
// threads that require() a file, as piscina's do, terminated at random moments while they load it.
// An ES module graph given to require() aborts the process now and then (V8 fatal "IsGraphAsync must be
// used on an instantiated module"); the CommonJS entry never does.
//   node scripts/thread-terminate-stress.mjs dist/pipeline/worker-thread.js       # aborts within a few hundred threads
//   node scripts/thread-terminate-stress.mjs dist/pipeline/worker-thread-entry.cjs # survives
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";

const file = resolve(process.argv[2] ?? "dist/pipeline/worker-thread-entry.cjs");
const rounds = Number(process.argv[3] ?? 300);
const code = `try { require(${JSON.stringify(file)}) } catch {}`;
for (let i = 1; i <= rounds; i++) {
  const thread = new Worker(code, { eval: true });
  thread.on("error", () => {});
  await new Promise((r) => setTimeout(r, 20 + Math.random() * 100));
  await thread.terminate();
  if (i % 50 === 0) console.log(`${i} threads terminated while loading ${file}`);
}
console.log("survived");
