// One measured batch run, in a fresh process so that its peak RSS is its own (worker threads share
// the process, so their memory is counted too). Used by bench-batch.mjs; prints one JSON line.
// Usage: node scripts/bench-batch-run.mjs INPUT_DIR OUT_DIR JOBS
import { runBatch } from "../dist/pipeline/batch.js";

const [input, out, jobs] = process.argv.slice(2);
// RSS after each tenth of the documents: flat when memory does not grow with their number.
const rssAt = [];
const s = await runBatch([input], {
  outDir: out,
  jobs: Number(jobs),
  force: true,
  executor: "threads",
  onProgress: (p) => {
    if (p.index % Math.max(1, Math.floor(p.total / 10)) === 0) rssAt.push(Math.round(process.memoryUsage().rss / 1024 / 1024));
  },
});
console.log(
  JSON.stringify({
    total: s.total,
    ok: s.ok,
    failed: s.failed,
    records: s.records,
    documentsMs: s.documentsMs,
    totalMs: s.totalMs,
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    rssAtTenthsMiB: rssAt,
  }),
);
