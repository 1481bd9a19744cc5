// Batch throughput and memory: whole `extract` runs (hashing, worker threads, records, journal,
// tables, panel, cross-year checks) over generated text reports and, optionally, a folder of PDFs,
// with 1 and 2 jobs. Each run is a fresh process (bench-batch-run.mjs) into a fresh output folder.
//
// Usage: npm run bench:batch -- [--text N] [--small M] [--pdf DIR | --pdf-count K] [--jobs 1,2] [--seed S]
//   --text N       generated text reports (default 5000; 0 to skip)
//   --small M      also run M text reports at the highest job count, to show that peak memory
//                  does not grow with the number of documents (default 1000; 0 to skip)
//   --pdf DIR      a folder of PDF (or any) inputs to run as well
//   --pdf-count K  generate K PDF reports (`nianbao generate --kind pdf`) and run them
// Corpora are kept in .bench/ (git-ignored) and reused. "load avg" is the machine's 1-minute load
// after the run: figures taken while other jobs share the cores are lower than the code's.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const textCount = Number(opt("--text", "5000"));
const smallCount = Number(opt("--small", "1000"));
const pdfDir = opt("--pdf", null);
const pdfCount = Number(opt("--pdf-count", "0"));
const jobs = opt("--jobs", "1,2").split(",").map(Number);
const seed = Number(opt("--seed", "42"));
const bench = join(root, ".bench");

function generated(kind, count) {
  const dir = join(bench, `${kind}-${count}-seed${seed}`);
  const inputs = join(dir, "inputs");
  if (!existsSync(inputs) || readdirSync(inputs).length < count) {
    process.stderr.write(`generating ${count} ${kind} reports into ${dir} …\n`);
    rmSync(dir, { recursive: true, force: true });
    execFileSync(process.execPath, [join(root, "bin/nianbao.js"), "generate", "--out", dir, "--count", String(count), "--seed", String(seed), "--kind", kind], { stdio: ["ignore", "ignore", "inherit"] });
  }
  return inputs;
}

function run(label, input, j) {
  const out = join(bench, `out-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const line = execFileSync(process.execPath, [join(root, "scripts/bench-batch-run.mjs"), input, out, String(j)], { encoding: "utf8", maxBuffer: 1 << 20 });
  rmSync(out, { recursive: true, force: true });
  const r = JSON.parse(line.trim().split("\n").pop());
  const row = {
    corpus: label,
    jobs: j,
    documents: r.total,
    failed: r.failed,
    "docs/s (documents)": (r.total / (r.documentsMs / 1000)).toFixed(1),
    "docs/s (whole run)": (r.total / (r.totalMs / 1000)).toFixed(1),
    "tables s": ((r.totalMs - r.documentsMs) / 1000).toFixed(1),
    "peak RSS MiB": r.maxRssMiB,
    "load avg": loadavg()[0].toFixed(1),
  };
  console.log(`  RSS after each tenth of the documents (MiB): ${r.rssAtTenthsMiB.join(" ")}`);
  console.log(JSON.stringify(row));
  return row;
}

const rows = [];
console.log(`node ${process.version}, ${availableParallelism()} cores`);
if (textCount > 0) {
  const input = generated("text", textCount);
  for (const j of jobs) rows.push(run(`text ×${textCount}`, input, j));
}
if (smallCount > 0) rows.push(run(`text ×${smallCount}`, generated("text", smallCount), Math.max(...jobs)));
const pdfInput = pdfDir ?? (pdfCount > 0 ? generated("pdf", pdfCount) : null);
if (pdfInput) for (const j of jobs) rows.push(run(`pdf ${pdfDir ? pdfDir : `×${pdfCount}`}`, pdfInput, j));
console.table(rows);
