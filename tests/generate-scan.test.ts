/**
 * `nianbao generate --kind scan`: scanned reports (image-only PDFs and multi-page TIFFs) with their
 * gold files, the same bytes for the same seed; and the encoder that used to crash long runs
 * (@napi-rs/canvas freed a canvas under its asynchronous encoder when a GC came) survives forced GCs.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GoldFileSchema } from "../src/model/index.js";

const BIN = fileURLToPath(new URL("../bin/nianbao.js", import.meta.url));
const ENCODE = new URL("../dist-dev/tools/generate/scan/encode.js", import.meta.url).href;

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nianbao-scan-gen-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function generate(out: string, count: number, seed: number): string {
  const run = spawnSync(process.execPath, [BIN, "generate", "--kind", "scan", "--out", out, "--count", String(count), "--seed", String(seed)], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return run.stdout;
}

async function digests(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(folder)).sort()) out[name] = createHash("sha256").update(await readFile(join(folder, name))).digest("hex");
  return out;
}

describe("generate --kind scan", () => {
  it("writes scanned inputs with schema-valid gold files, the same for the same seed", async () => {
    const a = join(dir, "a");
    expect(generate(a, 2, 11)).toBe(`wrote 2 scanned report(s) (PDF and TIFF) and 2 gold file(s) to ${a}\n`);
    const inputs = (await readdir(join(a, "inputs"))).sort();
    const golds = (await readdir(join(a, "gold"))).sort();
    expect(inputs).toHaveLength(2);
    expect(golds).toEqual(inputs.map((f) => f.replace(/\.(pdf|tif)$/, ".json")));
    for (const [i, f] of inputs.entries()) {
      const gold = JSON.parse(await readFile(join(a, "gold", golds[i]!), "utf8"));
      expect(GoldFileSchema.safeParse(gold).success).toBe(true);
      expect(gold.applies_to_raw_files).toEqual([f]);
      expect(gold.scan.format).toBe(f.endsWith(".tif") ? "tiff" : "pdf");
      const head = (await readFile(join(a, "inputs", f))).subarray(0, 4);
      expect(head.toString("latin1")).toBe(f.endsWith(".tif") ? "II*\0" : "%PDF");
    }
    // Report i depends on the seed and i only: the first of a one-report corpus is the same file.
    const b = join(dir, "b");
    generate(b, 1, 11);
    const first = await digests(join(a, "inputs"));
    expect(await digests(join(b, "inputs"))).toEqual({ [inputs[0]!]: first[inputs[0]!] });
  }, 60_000);

  it("encodes page-sized JPEGs under forced garbage collection without crashing", () => {
    // The old asynchronous encode died with SIGSEGV here in about 2 runs of 3 after 12 rounds; 30 rounds make it nearly certain.
    const script = `
      const { encodeImage } = await import(${JSON.stringify(ENCODE)});
      const w = 1700, h = 2300, data = new Uint8Array(w * h).map((_, i) => (i * 7) & 255);
      for (let round = 0; round < 30; round++) {
        const jobs = [0, 1, 2, 3].map(() => encodeImage({ width: w, height: h, data }, "jpeg", 70));
        for (let k = 0; k < 5; k++) { globalThis.gc(); await new Promise((r) => setImmediate(r)); }
        for (const b of await Promise.all(jobs)) if (b[0] !== 0xff || b[1] !== 0xd8) throw new Error("not a JPEG");
      }`;
    const run = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.signal).toBeNull();
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  }, 60_000);
});
