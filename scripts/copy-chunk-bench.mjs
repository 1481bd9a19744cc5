#!/usr/bin/env node
// How the size of the buffer a file is copied through changes the copy's time: the re-run copies the
// unchanged rows of the last run's cells.csv (src/emit/tables-writer.ts, COPY_CHUNK). Copies FILE
// twice with each size, then fsyncs. FILE: a big run's cells.csv (10,000 text reports: 540 MB).
//   node scripts/copy-chunk-bench.mjs FILE
import { closeSync, fsyncSync, openSync, readSync, rmSync, statSync, writeSync } from "node:fs";

const src = process.argv[2];
if (!src) {
  console.error("usage: node scripts/copy-chunk-bench.mjs FILE");
  process.exit(2);
}
const size = statSync(src).size;
console.log(`${src}: ${(size / 2 ** 20).toFixed(0)} MiB`);
for (let round = 1; round <= 2; round++) {
  for (const kib of [64, 256, 1024, 8192]) {
    const dst = `${src}.copy-${kib}.tmp`;
    rmSync(dst, { force: true });
    const t0 = performance.now();
    const from = openSync(src, "r");
    const to = openSync(dst, "wx");
    const chunk = Buffer.allocUnsafe(kib << 10);
    for (let at = 0; at < size; ) {
      const n = readSync(from, chunk, 0, chunk.length, at);
      for (let w = 0; w < n; ) w += writeSync(to, chunk, w, n - w);
      at += n;
    }
    const t1 = performance.now();
    fsyncSync(to);
    closeSync(to);
    closeSync(from);
    console.log(`round ${round}  ${String(kib).padStart(5)} KiB: copy ${(t1 - t0).toFixed(0)} ms, fsync ${(performance.now() - t1).toFixed(0)} ms`);
    rmSync(dst);
  }
}
