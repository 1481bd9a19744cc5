/**
 * How many document threads a run starts (issue 14): starting one costs ~0.4 s of CPU, so a few
 * small texts share one; a PDF, a scan or a .docx keeps one each (OCR takes seconds); inputs
 * unchanged since the last run are not read, unless their record file is gone.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ONE_THREAD_MAX_BYTES, documentThreads } from "../src/pipeline/batch.js";
import { generateReport } from "../tools/generate/index.js";
import { Rng } from "../tools/generate/rng.js";

let root: string;
let out: string;
const texts: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-threads-"));
  out = join(root, "out");
  await mkdir(join(out, "reports"), { recursive: true });
  for (let i = 0; i < 12; i++) {
    const path = join(root, `report-${i}.txt`);
    await writeFile(path, generateReport(new Rng(700 + i), { index: i, formats: ["2021"], damage: [], damageRate: 0, style: "tab" }).text);
    texts.push(path);
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("document threads", () => {
  it("a few small texts share one thread; a PDF, an image or a .docx among them gets one each", async () => {
    expect(await documentThreads(texts, new Map(), out, 2)).toBe(1);
    const heads: [string, Buffer][] = [
      ["scan.pdf", Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n")],
      ["scan.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])],
      ["report.docx", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0])],
    ];
    for (const [name, bytes] of heads) {
      const path = join(root, name);
      await writeFile(path, bytes);
      expect(await documentThreads([...texts.slice(0, 3), path], new Map(), out, 2), name).toBe(2);
      expect(await documentThreads([...texts.slice(0, 3), path], new Map(), out, 8), name).toBe(4);
    }
  });

  it("texts over the size limit in all get one thread each, up to the asked number", async () => {
    const big = join(root, "big.txt");
    await writeFile(big, "一".repeat(Math.ceil(ONE_THREAD_MAX_BYTES / 3) + 10));
    expect(await documentThreads([big, ...texts.slice(0, 2)], new Map(), out, 2)).toBe(2);
    expect(await documentThreads([big, ...texts.slice(0, 2)], new Map(), out, 8)).toBe(3);
  });

  it("counts only the inputs to read: unchanged ones whose record file is there are not", async () => {
    const big = join(root, "big.txt");
    const unchanged = new Map([[big, "big-0001"]]);
    // Its record is gone: it is read again, and it is big.
    expect(await documentThreads([big, ...texts.slice(0, 2)], unchanged, out, 2)).toBe(2);
    await writeFile(join(out, "reports", "big-0001.json"), "{}");
    expect(await documentThreads([big, ...texts.slice(0, 2)], unchanged, out, 2)).toBe(1);
    // Nothing to read at all: one thread (the pool's least).
    expect(await documentThreads([big], unchanged, out, 2)).toBe(1);
  });
});
