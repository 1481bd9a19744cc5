// Shared helpers of the whole-run benchmarks (bench-run.mjs): generated corpora kept in .bench/,
// the CLI run as a user runs it (a child process), its RSS sampled from /proc while it runs, the
// bytes it left in the output folder, medians.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));
export const benchDir = join(root, ".bench");
export const cli = join(root, "bin/nianbao.js");

/** `--name value` from argv, or the default. */
export function option(args, name, dflt) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
}

/** A generated corpus (`nianbao generate`), made once and reused: its inputs folder. */
export function generated(kind, count, seed = 42) {
  const dir = join(benchDir, `${kind}-${count}-seed${seed}`);
  const inputs = join(dir, "inputs");
  if (!existsSync(inputs) || readdirSync(inputs).length < count) {
    process.stderr.write(`generating ${count} ${kind} reports into ${dir} …\n`);
    rmSync(dir, { recursive: true, force: true });
    execFileSync(process.execPath, [cli, "generate", "--out", dir, "--count", String(count), "--seed", String(seed), "--kind", kind], { stdio: ["ignore", "ignore", "inherit"] });
  }
  return inputs;
}

function rssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs a command to its end; wall time, RSS sampled every `sampleMs` (the process and its worker
 * threads are one process), peak RSS from the kernel (getrusage of the child), CPU seconds.
 */
export function measure(cmd, args, { sampleMs = 50, env } = {}) {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn("/usr/bin/time", ["-f", "%M %U %S", cmd, ...args], { stdio: ["ignore", "pipe", "pipe"], env: env ?? process.env });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const samples = [];
    // /usr/bin/time's child is the node process: sample it.
    const timer = setInterval(() => {
      const kids = readChildren(child.pid);
      const kib = kids.reduce((s, p) => s + rssKiB(p), 0);
      if (kib > 0) samples.push({ t: performance.now() - t0, mib: kib / 1024 });
    }, sampleMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(timer);
      const wallS = (performance.now() - t0) / 1000;
      const lines = err.trimEnd().split("\n");
      const [maxKiB, user, sys] = lines.pop().split(" ").map(Number);
      resolvePromise({ code, wallS, peakMiB: maxKiB / 1024, cpuS: user + sys, samples, stdout: out, stderr: lines.join("\n") });
    });
  });
}

function readChildren(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** RSS at each tenth of the run's wall time (MiB): flat when memory does not grow with the documents. */
export function tenths(samples, wallS) {
  const out = [];
  for (let k = 1; k <= 10; k++) {
    const upTo = (wallS * 1000 * k) / 10;
    const s = samples.filter((x) => x.t <= upTo).pop();
    out.push(s ? Math.round(s.mib) : null);
  }
  return out;
}

/** Bytes of every file below `dir`. */
export function bytesUnder(dir) {
  let total = 0;
  const by = {};
  const walk = (d, top) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p, top ?? name);
      else {
        total += s.size;
        const k = top ?? name;
        by[k] = (by[k] ?? 0) + s.size;
      }
    }
  };
  walk(dir, null);
  return { total, by };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const fmt = (x, d = 2) => Number(x).toFixed(d);
