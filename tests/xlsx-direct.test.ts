/**
 * The workbook of a small run is written directly (src/emit/xlsx-direct.ts), of a large one by
 * exceljs's streaming writer: both must give the same parts (issue 14). Also the CSV reader of the
 * direct path against fast-csv's parser on fields that need quoting.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { parseString } from "fast-csv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBatch } from "../src/pipeline/batch.js";
import stringWidth from "string-width";
import { parseCsvText, writeXlsx, type XlsxSource } from "../src/emit/xlsx.js";
import { simpleWidth } from "../src/emit/text-width.js";
import { csvLine, BOM } from "../src/emit/csv.js";
import type { Resource } from "../src/emit/datapackage.js";

/** The parts of a ZIP archive (stored or deflated), by name. */
function unzip(zip: Buffer): Map<string, string> {
  const parts = new Map<string, string>();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let p = zip.readUInt32LE(end + 16);
  for (let k = 0; k < count; k++) {
    const method = zip.readUInt16LE(p + 10);
    const packed = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString("utf8", p + 46, p + 46 + nameLen);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + packed);
    parts.set(name, (method === 8 ? inflateRawSync(data) : data).toString("utf8"));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return parts;
}

const stamps = (s: string): string => s.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, "TIME");

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-xlsx-direct-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function bothWays(sources: XlsxSource[], name: string): Promise<{ direct: Map<string, string>; streamed: Map<string, string> }> {
  const a = join(root, `${name}-direct.xlsx`);
  const b = join(root, `${name}-streamed.xlsx`);
  const wa = await writeXlsx(a, sources, { direct: true });
  const wb = await writeXlsx(b, sources, { direct: false });
  expect(wa).toEqual(wb);
  return { direct: unzip(await readFile(a)), streamed: unzip(await readFile(b)) };
}

function expectSameParts(direct: Map<string, string>, streamed: Map<string, string>): void {
  expect([...direct.keys()]).toEqual([...streamed.keys()]);
  for (const [name, text] of streamed) expect(stamps(direct.get(name)!), name).toBe(stamps(text));
}

describe("the direct workbook writer", () => {
  it("writes the parts exceljs writes, for a run's tables", async () => {
    const out = join(root, "run");
    await runBatch(["corpus/generated", "corpus/000_10edc68f72ccfcee.txt"], { outDir: out, xlsx: false });
    const pkg = JSON.parse(await readFile(join(out, "datapackage.json"), "utf8")) as { resources: Resource[] };
    const sources = pkg.resources.map((resource) => ({ resource, csvPath: join(out, resource.path) }));
    const { direct, streamed } = await bothWays(sources, "run");
    expect(direct.size).toBe(13);
    expectSameParts(direct, streamed);
  }, 120_000);

  it("writes the same cells for text that needs escaping, numbers, booleans, blanks and empty rows", async () => {
    const resource: Resource = {
      name: "cells",
      path: "cells.csv",
      schema: {
        fields: [
          { name: "text", type: "string" },
          { name: "n", type: "number" },
          { name: "ok", type: "boolean" },
          { name: "year", type: "integer" },
        ],
      },
    } as unknown as Resource;
    const rows = [
      ["text", "n", "ok", "year"],
      ['a "quoted", <tag> & \'apos\'', "1.5", "true", "2021"],
      ["line\r\nbreak|pipe", "-0", "false", ""],
      ["", "", "", ""],
      ["控制\u0001字符\u007f", "1e20", "maybe", "x"],
      ["   ", "", "", ""],
      ["宽字符标签很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长", "", "", "2020"],
      ["", "", "", "1"],
    ];
    const csv = BOM + rows.map((r) => csvLine(r)).join("");
    const path = join(root, "cells.csv");
    await writeFile(path, csv);
    const viaFastCsv = await new Promise<string[][]>((resolve, reject) => {
      const got: string[][] = [];
      parseString<string[], string[]>(csv, { headers: false, ignoreEmpty: true })
        .on("data", (r: string[]) => got.push(r))
        .on("end", () => resolve(got))
        .on("error", reject);
    });
    const mine = parseCsvText(csv);
    // fast-csv keeps the BOM on the first header; the workbook never reads the header row.
    expect(mine.slice(1)).toEqual(viaFastCsv.slice(1));
    const { direct, streamed } = await bothWays([{ resource, csvPath: path }], "cells");
    expectSameParts(direct, streamed);
  });

  it("measures the characters it covers as string-width does, alone and mixed", () => {
    const covered: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      const w = simpleWidth(ch);
      if (w < 0) continue;
      covered.push(ch);
      if (w !== stringWidth(ch)) expect(`U+${c.toString(16)} ${w}`).toBe(`U+${c.toString(16)} ${stringWidth(ch)}`);
    }
    expect(covered.length).toBeGreaterThan(27_000);
    const narrow = covered.filter((ch) => simpleWidth(ch) === 1);
    let seed = 7;
    const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let k = 0; k < 3000; k++) {
      let s = "";
      // Half of the characters from the narrow ones, so that wide and narrow meet often.
      for (let len = 1 + next(12); len > 0; len--) s += next(2) === 0 ? narrow[next(narrow.length)] : covered[next(covered.length)];
      expect(simpleWidth(s), s).toBe(stringWidth(s));
    }
    expect(simpleWidth("规章｜本年制发件数 (2021)·—")).toBe(stringWidth("规章｜本年制发件数 (2021)·—"));
    expect(simpleWidth("tab\there")).toBe(-1);
    expect(simpleWidth("é")).toBe(-1);
  });
});
