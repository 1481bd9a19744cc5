/**
 * The batch runner on real worker threads (dist/pipeline/worker-thread.js, built by global-setup):
 * the same records as inline, a per-file timeout that kills the thread, resume keyed by content,
 * duplicates read once, --force.
 */
import { copyFile, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseManifest } from "../src/emit/index.js";
import { generateCorpus } from "../tools/generate/index.js";
import { runBatch } from "../src/pipeline/batch.js";

let root: string;
let inputs: string[];
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-threads-"));
  inputs = (await generateCorpus({ outDir: join(root, "gen"), count: 8, seed: 5 })).inputs;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function manifest(out: string) {
  return parseManifest(await readFile(join(out, "manifest.jsonl"), "utf8")).entries;
}
async function recordTexts(out: string): Promise<Map<string, string>> {
  const dir = join(out, "reports");
  const names = (await readdir(dir)).filter((n) => n.endsWith(".json"));
  const m = new Map<string, string>();
  for (const n of names) {
    const r = JSON.parse(await readFile(join(dir, n), "utf8"));
    m.set(n, JSON.stringify(r.cells));
  }
  return m;
}

describe("runBatch on worker threads", () => {
  it("writes the same records as the inline executor", async () => {
    const threads = await runBatch([join(root, "gen", "inputs")], { outDir: join(root, "threads"), executor: "threads", jobs: 2 });
    const inline = await runBatch([join(root, "gen", "inputs")], { outDir: join(root, "inline"), executor: "inline" });
    expect(threads).toMatchObject({ total: 8, ok: 8, failed: 0, records: 8 });
    expect(inline).toMatchObject({ total: 8, ok: 8, records: 8 });
    expect(await recordTexts(join(root, "threads"))).toEqual(await recordTexts(join(root, "inline")));
  });

  it("stops a document that runs past the per-file timeout and goes on", async () => {
    // 1 ms is less than any document takes in a thread: each one is aborted (its thread terminated).
    const s = await runBatch(inputs.slice(0, 3), { outDir: join(root, "timeout"), executor: "threads", jobs: 2, timeoutMs: 1 });
    expect(s).toMatchObject({ total: 3, ok: 0, failed: 3, records: 0 });
    expect(s.failures.map((f) => f.code)).toEqual(["timeout", "timeout", "timeout"]);
    expect(s.failures[0]!.message).toMatch(/per-file timeout/);
    // Each document is now stopped only once a thread has started it, and its thread is replaced.
  }, 30_000);

  it("skips content it has read, reads a second name of the same content once, and redoes all with force", async () => {
    const out = join(root, "resume");
    const dup = join(root, "copy-of-first.txt");
    await copyFile(inputs[0]!, dup);
    const first = await runBatch([...inputs.slice(0, 4), dup], { outDir: out, executor: "threads", jobs: 2 });
    expect(first).toMatchObject({ total: 5, ok: 4, duplicates: 1, records: 4 });
    const m = await manifest(out);
    const d = m.find((e) => e.path === dup)!;
    expect(d).toMatchObject({ status: "duplicate", duplicate_of: inputs[0], id: m.find((e) => e.path === inputs[0])!.id });

    const again = await runBatch(inputs.slice(0, 4), { outDir: out, executor: "threads", jobs: 2 });
    expect(again).toMatchObject({ ok: 0, skipped: 4, records: 4 });
    const forced = await runBatch(inputs.slice(0, 4), { outDir: out, executor: "threads", jobs: 2, force: true });
    expect(forced).toMatchObject({ ok: 4, skipped: 0, records: 4 });
    expect((await readdir(join(out, "reports"))).filter((n) => n.endsWith(".json"))).toHaveLength(4);
  }, 30_000); // three runs on threads: over the default 5 s at load 7–12 on two cores
});
