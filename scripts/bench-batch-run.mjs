// One measured batch run, in a fresh process so that its peak RSS is its own (worker threads share
// the process, so their memory is counted too). Used by bench-batch.mjs; prints one JSON line.
// Usage: node scripts/bench-batch-run.mjs INPUT_DIR OUT_DIR JOBS
import { runBatch } from "../dist/pipeline/batch.js";

const [input, out, jobs] = process.argv.slice(2);
const s = await runBatch([input], { outDir: out, jobs: Number(jobs), force: true, executor: "threads" });
console.log(
  JSON.stringify({
    total: s.total,
    ok: s.ok,
    failed: s.failed,
    records: s.records,
    documentsMs: s.documentsMs,
    totalMs: s.totalMs,
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
