/**
 * The distributed mode on a real redis-server, against two faults: Redis restarted without
 * persistence while the coordinator waits (its jobs vanish; they are put on the queue again and
 * read), and corrupt images that used to kill every worker in turn with SIGSEGV (now each is one
 * failed input, and the worker goes on).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseManifest } from "../src/emit/index.js";
import { runBatch } from "../src/pipeline/batch.js";
import { createQueueExecutor } from "../src/pipeline/queue/coordinator.js";
import { startRedis, type RedisServer } from "./helpers/redis.js";

const BIN = fileURLToPath(new URL("../bin/nianbao.js", import.meta.url));
const CORPUS = fileURLToPath(new URL("../corpus/generated/", import.meta.url));

let root: string;
let redis: RedisServer;
let worker: ChildProcess | null = null;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-qfault-"));
  redis = await startRedis();
}, 30_000);
afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill("SIGKILL");
  await redis?.stop();
  await rm(root, { recursive: true, force: true });
});

describe("distributed mode under faults", () => {
  it("re-queues the jobs a restarted Redis forgot, and fails corrupt images without losing a worker", async () => {
    const inDir = join(root, "in");
    await mkdir(inDir);
    const good: string[] = [];
    for (const f of (await readdir(CORPUS)).sort().slice(0, 4)) {
      good.push(join(inDir, f));
      await writeFile(join(inDir, f), await readFile(join(CORPUS, f)));
    }
    // The PNG and JPEG that crashed @napi-rs/canvas with SIGSEGV (exit 139).
    const png = join(inDir, "corrupt.png");
    const jpeg = join(inDir, "corrupt.jpg");
    await writeFile(png, Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.alloc(200, 0x41)]));
    await writeFile(jpeg, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]));

    const vanished: string[] = [];
    const queue = await createQueueExecutor({ url: redis.url, name: "faults", vanishCheckMs: 300, onVanished: (p) => vanished.push(p) });
    const out = join(root, "out");
    // No worker yet: the jobs wait on the queue while Redis restarts empty.
    const batch = runBatch([inDir], { outDir: out, customExecutor: queue });
    const look = new Queue("faults", { connection: new Redis(redis.url, { maxRetriesPerRequest: null }) });
    for (let i = 0; i < 300 && (await look.getWaitingCount()) < 6; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await look.getWaitingCount()).toBe(6);
    await look.close();
    await look.disconnect();
    await redis.restart();
    for (let i = 0; i < 300 && new Set(vanished).size < 6; i++) await new Promise((r) => setTimeout(r, 100));
    expect(new Set(vanished).size).toBe(6);

    worker = spawn(process.execPath, [BIN, "worker", "--redis", redis.url, "--queue-name", "faults", "--jobs", "1"], { stdio: "ignore" });
    const summary = await batch;
    expect(worker.exitCode).toBeNull();
    expect(worker.signalCode).toBeNull();
    expect(summary).toMatchObject({ total: 6, ok: 4, failed: 2 });
    const { entries } = parseManifest(await readFile(join(out, "manifest.jsonl"), "utf8"));
    const code = new Map(entries.map((e) => [e.path, e.status === "ok" ? "ok" : e.error?.code]));
    for (const p of good) expect(code.get(p), p).toBe("ok");
    expect(code.get(png)).toBe("corrupt");
    expect(code.get(jpeg)).toBe("corrupt");
    expect(queue.deadLetters).toEqual([]);
  }, 90_000);
});
