// Whole-run throughput (issue 14), measured as a user runs it: `nianbao extract` in a child
// process on 2 cores, from a fresh output folder.
//
// Usage: npm run bench:run -- [--text N] [--pdf K] [--rounds R] [--skip text,rerun,pdf,small]
//   --text N    generated text reports (default 10000): docs/s end to end, bytes written per
//               report (all outputs), RSS sampled (at each tenth of the run), the --profile table
//   rerun       then 10 of the N inputs changed and the same command run again into the same
//               folder: its time as a share of the first run's; at once, and again (10 others)
//               after `sync`
//   --pdf K     generated PDFs (default 300) beside `pdftotext -layout` over the same files,
//               interleaved, R rounds (default 3), medians
//   small       1 small PDF, whole process, median of 5
// Corpora are generated once into .bench/ (git-ignored) and reused.
import { execFileSync } from "node:child_process";
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { benchDir, bytesUnder, cli, fmt, generated, measure, median, option, tenths } from "./bench-lib.mjs";

const args = process.argv.slice(2);
const textCount = Number(option(args, "--text", "10000"));
const pdfCount = Number(option(args, "--pdf", "300"));
const rounds = Number(option(args, "--rounds", "3"));
const skip = new Set(option(args, "--skip", "").split(",").filter(Boolean));
const node = process.execPath;
const work = join(benchDir, `run-${process.pid}`);
mkdirSync(work, { recursive: true });
console.log(`node ${process.version}, ${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}`);

const extract = (inputs, out, more = []) => measure(node, [cli, "extract", inputs, "--out", out, "-q", ...more]);

if (textCount > 0 && !skip.has("text")) {
  const source = generated("text", textCount);
  // A private copy: the re-run changes 10 of its files.
  const inputs = join(work, "text-inputs");
  cpSync(source, inputs, { recursive: true });
  const out = join(work, "text-out");
  const first = await extract(inputs, out, ["--profile"]);
  if (first.code !== 0 && first.code !== 1) throw new Error(`extract failed (${first.code}): ${first.stderr.slice(-2000)}`);
  const written = bytesUnder(out);
  console.log(`\n== ${textCount} generated text reports, whole process (nianbao extract DIR --out OUT -q --profile)`);
  console.log(`wall ${fmt(first.wallS)} s, CPU ${fmt(first.cpuS)} s: ${fmt(textCount / first.wallS, 0)} docs/s end to end`);
  console.log(`written ${fmt(written.total / 1e6, 1)} MB = ${fmt(written.total / textCount / 1024, 1)} KiB per report; by output:`);
  for (const [k, v] of Object.entries(written.by).sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(20)} ${fmt(v / 1e6, 1)} MB  ${fmt(v / textCount / 1024, 2)} KiB/report`);
  console.log(`peak RSS ${fmt(first.peakMiB, 0)} MiB; RSS at each tenth of the run (MiB): ${tenths(first.samples, first.wallS).join(" ")}`);
  console.log(first.stderr.split("\n").filter((l) => /profile|^\s{2}\S/.test(l)).join("\n"));
  if (!skip.has("rerun")) {
    const names = readdirSync(inputs).filter((n) => n.endsWith(".txt")).sort();
    const step = Math.floor(names.length / 10);
    // Twice, 10 other inputs each time: at once, while the disk still takes the first run's
    // gigabytes, and after `sync` has flushed them (as when inputs change later, the usual case).
    for (const [pass, when] of [[0, "at once"], [1, "after sync"]]) {
      if (pass === 1) execFileSync("sync");
      for (let k = 0; k < 10; k++) appendFileSync(join(inputs, names[k * step + pass]), `\n（本报告于${k + 1}日修订。）\n`);
      const again = await extract(inputs, out, ["--profile"]);
      console.log(`\n== re-run after changing 10 of ${textCount} inputs (same command, same folder), ${when}`);
      console.log(`wall ${fmt(again.wallS)} s = ${fmt((100 * again.wallS) / first.wallS, 1)} % of the first run (${fmt(first.wallS)} s); peak RSS ${fmt(again.peakMiB, 0)} MiB`);
      console.log(again.stderr.split("\n").filter((l) => /profile|^\s{2}\S/.test(l)).join("\n"));
    }
  }
  rmSync(inputs, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}

if (pdfCount > 0 && !skip.has("pdf")) {
  const inputs = generated("pdf", pdfCount);
  const files = readdirSync(inputs).filter((n) => n.endsWith(".pdf")).map((n) => join(inputs, n));
  const txt = join(work, "pdftotext");
  mkdirSync(txt, { recursive: true });
  // pdftotext -layout on each file, one after the other (as a shell loop runs it) and two at a time.
  const loop = (parallel) => measure("bash", ["-c", `ls ${inputs}/*.pdf | xargs -P ${parallel} -I{} sh -c 'pdftotext -layout "{}" ${txt}/$(basename "{}").txt'`]);
  const ours = [];
  const ref1 = [];
  const ref2 = [];
  for (let r = 0; r < rounds; r++) {
    const out = join(work, `pdf-out-${r}`);
    ours.push(await extract(inputs, out));
    rmSync(out, { recursive: true, force: true });
    ref1.push(await loop(1));
    ref2.push(await loop(2));
  }
  const m = (xs, f) => median(xs.map(f));
  console.log(`\n== ${files.length} generated PDFs, ${rounds} interleaved rounds, medians`);
  console.log(`nianbao extract:            wall ${fmt(m(ours, (x) => x.wallS))} s, CPU ${fmt(m(ours, (x) => x.cpuS))} s, peak RSS ${fmt(m(ours, (x) => x.peakMiB), 0)} MiB`);
  console.log(`pdftotext -layout, 1 at a time: wall ${fmt(m(ref1, (x) => x.wallS))} s, CPU ${fmt(m(ref1, (x) => x.cpuS))} s`);
  console.log(`pdftotext -layout, 2 at a time: wall ${fmt(m(ref2, (x) => x.wallS))} s`);
  console.log(`ratio (wall, vs 1 at a time): ${fmt(m(ours, (x) => x.wallS) / m(ref1, (x) => x.wallS))} ×; vs 2 at a time: ${fmt(m(ours, (x) => x.wallS) / m(ref2, (x) => x.wallS))} ×`);
  rmSync(txt, { recursive: true, force: true });
}

if (!skip.has("small")) {
  const inputs = generated("pdf", Math.max(pdfCount, 1));
  const one = join(inputs, readdirSync(inputs).filter((n) => n.endsWith(".pdf")).sort()[0]);
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const out = join(work, `small-${r}`);
    runs.push(await extract(one, out));
    rmSync(out, { recursive: true, force: true });
  }
  const bare = [];
  for (let r = 0; r < 5; r++) bare.push(await measure(node, ["-e", "0"]));
  console.log(`\n== 1 small PDF (${one}), whole process, median of 5`);
  console.log(`nianbao extract: ${fmt(median(runs.map((x) => x.wallS)))} s, peak RSS ${fmt(median(runs.map((x) => x.peakMiB)), 0)} MiB (node -e 0: ${fmt(median(bare.map((x) => x.wallS)))} s)`);
}
rmSync(work, { recursive: true, force: true });
