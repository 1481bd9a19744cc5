// Correction latency of the review app through its real HTTP server, over a large output folder.
// Builds an output folder of N records (the bundled corpus and generated damaged reports extracted
// once, then copied under distinct paths and hashes, so each copy is its own document), starts the
// review server on a free loopback port, and times K corrections (POST /api/action, as the page
// sends them) one after another, each on a different queue item. Prints median, p95 and max, and
// how many export rebuilds ran meanwhile (they run beside the corrections, as in real use).
//
// Usage: npm run build && node scripts/bench-corrections.mjs [--records N] [--corrections K] [--keep DIR]
//   --records N      records in the folder (default 10000)
//   --corrections K  corrections timed (default 200)
//   --keep DIR       build the folder in DIR and keep it (reused when it already has N records)
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const RECORDS = Number(opt("--records", "10000"));
const CORRECTIONS = Number(opt("--corrections", "200"));
const keep = opt("--keep", null);

const { runBatch } = await import(join(root, "dist/pipeline/batch.js"));
const { generateReport, Rng, DAMAGE_KINDS } = await import(join(root, "dist-dev/tools/generate/index.js"));
const { recordId, recordToJson } = await import(join(root, "dist/emit/index.js"));
const { startReviewServer } = await import(join(root, "dist/review/index.js"));

const work = keep ?? (await mkdtemp(join(tmpdir(), "nianbao-bench-corr-")));
const outDir = join(work, "out");
const reports = join(outDir, "reports");

async function buildFolder() {
  await rm(outDir, { recursive: true, force: true });
  const inDir = join(work, "in");
  await rm(inDir, { recursive: true, force: true });
  await mkdir(inDir, { recursive: true });
  for (let i = 0; i < 40; i++) {
    const r = generateReport(Rng.forItem(5, i), { index: i, formats: ["2021", "2019", "hybrid"], damage: [...DAMAGE_KINDS], damageRate: 0.5 });
    await writeFile(join(inDir, `${r.id}.txt`), r.text);
  }
  await runBatch([join(root, "corpus"), inDir], { outDir });
  const base = [];
  for (const f of readdirSync(reports)) if (f.endsWith(".json")) base.push(JSON.parse(await readFile(join(reports, f), "utf8")));
  // Copies: the same record under another path and hash is another document (its own id, its own corrections).
  for (let n = base.length; n < RECORDS; n++) {
    const r = structuredClone(base[n % base.length]);
    r.source.path = r.source.path.replace(/(\.[a-z]+)$/i, `-copy${n}$1`);
    r.source.sha256 = randomBytes(32).toString("hex");
    await writeFile(join(reports, `${recordId(r)}.json`), recordToJson(r));
  }
}

const have = existsSync(reports) ? readdirSync(reports).filter((f) => f.endsWith(".json")).length : 0;
const t0 = performance.now();
if (have !== RECORDS) await buildFolder();
console.log(`folder: ${outDir}, ${readdirSync(reports).filter((f) => f.endsWith(".json")).length} records (${have === RECORDS ? "reused" : `built in ${((performance.now() - t0) / 1000).toFixed(1)} s`})`);

const srv = await startReviewServer({ outDir, port: 0, reviewer: "bench" });
const origin = srv.url.replace(/\/$/, "");
let rebuilds = 0;
const t1 = performance.now();
const queue = await (await fetch(`${srv.url}api/queue`)).json();
console.log(`first queue view (loads every record): ${((performance.now() - t1) / 1000).toFixed(2)} s, ${queue.left} values to review, ${queue.items.length} listed`);

const items = queue.items.slice(0, CORRECTIONS);
if (items.length < CORRECTIONS) console.log(`only ${items.length} queue items listed; timing ${items.length} corrections`);
const times = [];
for (const [i, item] of items.entries()) {
  const before = srv.exports.pending;
  const t = performance.now();
  const res = await fetch(`${srv.url}api/action`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: origin },
    body: JSON.stringify({ doc: item.doc, key: item.key, action: "correct", value: 1000 + i }),
  });
  const cell = await res.json();
  times.push(performance.now() - t);
  if (!res.ok || cell.value !== 1000 + i) throw new Error(`correction ${i} failed: ${res.status} ${JSON.stringify(cell)}`);
  if (!before && srv.exports.pending) rebuilds += 1;
}
const sorted = [...times].sort((a, b) => a - b);
const q = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
console.log(`corrections: ${times.length} at ${RECORDS} records — median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms (first ${times[0].toFixed(1)} ms); load avg ${loadavg()[0].toFixed(2)}`);
const t2 = performance.now();
await srv.exports.idle();
console.log(`export rebuilds started during the run: ${rebuilds}; the last finished ${((performance.now() - t2) / 1000).toFixed(1)} s after the last correction${srv.exports.lastError ? `; error: ${srv.exports.lastError}` : ""}`);
await srv.close();
if (!keep) await rm(work, { recursive: true, force: true });
