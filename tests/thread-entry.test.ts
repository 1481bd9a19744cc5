/**
 * The file the document threads' pool is given. piscina's thread require()s it first; on Node
 * ≥ 20.19 require() of an ES module links the graph synchronously, and a thread terminated while it
 * links (a per-file timeout, a pool closing) aborted the whole process: V8's fatal
 * "IsGraphAsync must be used on an instantiated module", seen once in CI and reproduced by
 * `node scripts/thread-terminate-stress.mjs <entry>`. A race cannot be hit on demand, so this
 * checks what excludes it: require() of the entry loads no ES module (with require(esm) turned off,
 * loading one would throw), and the function it gives reads a document in a real pool.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBatch } from "../src/pipeline/batch.js";
import { workerEntry } from "../src/pipeline/executor.js";
import { generateCorpus } from "../tools/generate/index.js";

const bundled = fileURLToPath(new URL("../dist/bundle/worker-thread-entry.cjs", import.meta.url));

/** What `require(entry)` gives in a Node that cannot require() an ES module. */
function requiredWithoutEsm(entry: string): string {
  const script = `try { process.stdout.write(typeof require(${JSON.stringify(entry)})) } catch (e) { process.stdout.write(e.code ?? String(e)) }`;
  return execFileSync(process.execPath, ["--no-experimental-require-module", "-e", script], { encoding: "utf8" });
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-entry-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("the document threads' entry", () => {
  it("is required without loading an ES module, in dist/ and in the command's bundle", () => {
    expect(workerEntry()).toMatch(/worker-thread-entry\.cjs$/);
    expect(requiredWithoutEsm(workerEntry())).toBe("function");
    expect(requiredWithoutEsm(bundled)).toBe("function");
  });

  it("reads documents on a pool of threads started from it", async () => {
    const { inputs } = await generateCorpus({ outDir: join(root, "gen"), count: 3, seed: 11 });
    const out = join(root, "out");
    const summary = await runBatch(inputs, { outDir: out, executor: "threads", jobs: 2 });
    expect(summary.failed).toBe(0);
    expect(summary.ok).toBe(3);
    expect(summary.records).toBe(3);
    const manifest = await readFile(join(out, "manifest.jsonl"), "utf8");
    expect(manifest.trim().split("\n")).toHaveLength(3);
  });
});
