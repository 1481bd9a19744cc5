/**
 * Distributed mode end to end on a real redis-server: a coordinator (`nianbao extract --queue`) and
 * two `nianbao worker` processes; one worker is killed with SIGKILL in the middle of a job. Every
 * document ends up exactly once in the one output folder, and a poisoned document (one that crashes
 * the worker on every attempt) ends in the dead letters with its error.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseManifest } from "../src/emit/index.js";
import { generateCorpus } from "../tools/generate/index.js";
import { startRedis, type RedisServer } from "./helpers/redis.js";

const BIN = fileURLToPath(new URL("../bin/nianbao.js", import.meta.url));
const COUNT = 10;

let root: string;
let inDir: string;
let poison: string;
let redis: RedisServer;
const children: ChildProcess[] = [];

interface Proc {
  child: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(re: RegExp, ms?: number): Promise<string>;
}

function start(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  children.push(child);
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const onData = (b: Buffer): void => {
    for (const line of b.toString().split("\n").filter(Boolean)) {
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on("exit", (code, signal) => r({ code, signal })));
  return {
    child,
    lines,
    exited,
    waitFor: (re, ms = 30_000) =>
      new Promise((resolve, reject) => {
        const hit = lines.find((l) => re.test(l));
        if (hit) return resolve(hit);
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; got:\n${lines.join("\n")}`)), ms);
        waiters.push({ re, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      }),
  };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-dist-"));
  const gen = await generateCorpus({ outDir: join(root, "gen"), count: COUNT + 1, seed: 13 });
  inDir = join(root, "gen", "inputs");
  poison = join(inDir, "poison-report.txt");
  await rename(gen.inputs[COUNT]!, poison);
  redis = await startRedis();
}, 30_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await redis?.stop();
  await rm(root, { recursive: true, force: true });
});

describe("distributed mode on Redis", () => {
  it("survives a worker killed mid-job, and dead-letters a poisoned document", async () => {
    const outDir = join(root, "out");
    // Each job waits 400 ms first, so that a worker can be killed while it holds one.
    const faults = { NIANBAO_FAULT_DELAY_MS: "400", NIANBAO_FAULT_CRASH: "poison-report" };
    const workerArgs = ["worker", "--redis", redis.url, "--jobs", "1", "--lock", "1.5"];
    const a = start(workerArgs, faults);
    const b = start(workerArgs, faults);
    await Promise.all([a.waitFor(/worker ready/), b.waitFor(/worker ready/)]);

    const coordinator = start(["extract", inDir, "--out", outDir, "--queue", redis.url, "--attempts", "2", "--quiet"]);
    // Killed while it holds an ordinary document (the poisoned one crashes by itself).
    const started = await a.waitFor(/^start \S+ (?!.*poison)/);
    a.child.kill("SIGKILL");
    expect((await a.exited).signal).toBe("SIGKILL");
    const killedJob = started.split(" ")[1]!;
    const killedPath = started.split(" ")[2]!;
    expect(a.lines.some((l) => l.startsWith(`done ${killedJob} `))).toBe(false);

    const result = await coordinator.exited;
    expect(result.code, coordinator.lines.join("\n")).toBe(1); // the poisoned document failed

    // The killed worker's job was finished by the other one.
    expect(b.lines.some((l) => l.startsWith(`done ${killedJob} ok`))).toBe(true);

    const manifest = parseManifest(await readFile(join(outDir, "manifest.jsonl"), "utf8")).entries;
    expect(manifest).toHaveLength(COUNT + 1);
    expect(new Set(manifest.map((e) => e.path)).size).toBe(COUNT + 1);
    expect(manifest.find((e) => e.path === killedPath)?.status).toBe("ok");
    const bad = manifest.filter((e) => e.status !== "ok");
    expect(bad.map((e) => [e.path, e.status, e.error?.code])).toEqual([[poison, "failed", "dead_letter"]]);
    expect(bad[0]!.error!.message).toMatch(/failed 2 time\(s\) on the queue: injected crash/);
    expect(coordinator.lines.join("\n")).toMatch(/dead letter.*poison-report\.txt/);

    const records = (await readdir(join(outDir, "reports"))).filter((n) => n.endsWith(".json") && !n.startsWith("."));
    expect(records).toHaveLength(COUNT);
    const reportsCsv = (await readFile(join(outDir, "reports.csv"), "utf8")).trimEnd().split("\r\n");
    expect(reportsCsv).toHaveLength(COUNT + 1);

    // The queue lists the dead letter with its error.
    const list = start(["worker", "--redis", redis.url, "--dead-letters"]);
    expect((await list.exited).code).toBe(0);
    const letters = list.lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { path: string; error: string; attempts: number });
    expect(letters).toEqual([expect.objectContaining({ path: poison, attempts: 2, error: expect.stringMatching(/injected crash/) })]);

    b.child.kill("SIGTERM");
    expect((await b.exited).code).toBe(0);
  }, 120_000);
});
