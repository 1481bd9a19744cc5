/**
 * The inflated size of compressed data (src/ingest/inflate-budget.ts): counted in one synchronous
 * call up to 16 MiB, by the stream past it, the same figure either way — for whole, truncated,
 * damaged and padded data, raw or zlib-wrapped, under and over the budget, and for a bomb.
 */
import { deflateRawSync, deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { inflatedSize, inflatedSizeStreamed } from "../src/ingest/inflate-budget.js";

describe("inflatedSize", () => {
  const plain = Buffer.from("BT /F1 12 Tf <4e2d6587> Tj ET 123 ".repeat(4000));
  const packed = deflateSync(plain);
  const damaged = Buffer.from(packed);
  damaged[Math.floor(packed.length / 2)]! ^= 0xff;
  const cases: [string, Buffer, boolean][] = [
    ["whole", packed, false],
    ["truncated", packed.subarray(0, packed.length - 40), false],
    ["damaged", damaged, false],
    ["padded", Buffer.concat([packed, Buffer.from("endstream junk")]), false],
    ["not zlib", Buffer.from("no compressed data here"), false],
    ["empty", Buffer.alloc(0), false],
    ["raw", deflateRawSync(plain), true],
  ];

  it("gives the streamed count for every kind of data, under and over the budget", async () => {
    for (const [, data, raw] of cases) {
      for (const budget of [0, 1000, plain.length - 1, plain.length, 1 << 30]) {
        expect(await inflatedSize(data, budget, raw)).toBe(await inflatedSizeStreamed(data, budget, raw));
      }
    }
    expect(await inflatedSize(packed, 1 << 30)).toBe(plain.length);
    expect(await inflatedSize(packed, 1000)).toBe(1001);
  });

  it("counts a bomb past the synchronous cap by the stream: exact under the budget, budget + 1 over it", async () => {
    const bomb = deflateSync(Buffer.alloc(40 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await inflatedSize(bomb, 256 * 1024 * 1024)).toBe(40 * 1024 * 1024);
    expect(await inflatedSize(bomb, 20 * 1024 * 1024)).toBe(20 * 1024 * 1024 + 1);
  });
});
