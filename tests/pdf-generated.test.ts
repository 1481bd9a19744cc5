/**
 * Generated PDFs (tools/generate/pdf: pdfkit with Debian's Noto CJK fonts) through the real PDF
 * reader: bordered and borderless tables, wrapped labels, blank cells, tables split across pages,
 * portrait and landscape. The full 300-PDF run is `scripts/eval-generated-pdf.sh`.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scorePair, tallyOf } from "../tools/eval/score.js";
import { Rng } from "../tools/generate/index.js";
import { generatePdfReport } from "../tools/generate/pdf/corpus.js";
import { makeBadPdfs, makeLongPdf, type BadPdfs } from "../tools/generate/pdf/bad.js";
import { InputError } from "../src/pipeline/errors.js";
import { extractDocument } from "../src/pipeline/run-document.js";

describe("generated PDFs", () => {
  it("24 reports in varied layouts: exact ≥ 99.9 %, no silent errors", async () => {
    const outcomes = [];
    const layouts = new Set<string>();
    for (let i = 0; i < 24; i++) {
      const { id, pdf, gold } = await generatePdfReport(Rng.forItem(4100, i), { index: i });
      layouts.add(`${gold.generator.layout.borders}/${gold.generator.layout.orientation}`);
      const record = await extractDocument(`${id}.pdf`, pdf);
      expect(record.source.kind).toBe("pdf");
      expect(record.report.year).toBe(gold.year);
      outcomes.push(...scorePair(gold, record.cells).outcomes.map((o) => ({ ...o, doc: id })));
    }
    const tally = tallyOf(outcomes);
    expect(outcomes.filter((o) => o.silent).map((o) => `${o.doc} ${o.key}: gold ${o.gold}, got ${o.got}`)).toEqual([]);
    expect(tally.exact / tally.cells).toBeGreaterThanOrEqual(0.999);
    expect(layouts.size).toBeGreaterThan(2);
  }, 120_000);
});

describe("bad and long PDFs", () => {
  let dir: string;
  let bad: BadPdfs;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "nianbao-badpdf-"));
    bad = await makeBadPdfs(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ["encrypted", "encrypted", /the PDF is encrypted/],
    ["corrupt", "corrupt", /the PDF cannot be parsed/],
    ["truncated", "corrupt", /the PDF cannot be parsed|no statistics table|ends inside table/],
    ["zeroPages", "empty", /the PDF has no pages/],
  ] as const)("%s: a clear error naming the file", async (which, code, message) => {
    const path = bad[which];
    const err = await extractDocument(path, await readFile(path)).then(
      (record) => record,
      (e: unknown) => e,
    );
    // A PDF cut off inside a table may still parse: then what it held is a partial record.
    if (which === "truncated" && !(err instanceof InputError)) return void expect((err as { status?: string }).status).toBe("partial");
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message.startsWith(`${path}: `)).toBe(true);
    expect((err as InputError).message).toMatch(message);
    if (which !== "truncated") expect((err as InputError).code).toBe(code);
  });

  it("a 500-page PDF is read to a result", async () => {
    const path = join(dir, "long.pdf");
    await makeLongPdf(path, 500);
    const record = await extractDocument(path, await readFile(path));
    expect(record.source.pages).toBe(500);
    expect(record.cells.length).toBeGreaterThan(0);
  }, 180_000);

  it("a report followed by a 499-page annex of numbered lines: table 3 read whole, none of the annex taken for it", async () => {
    const path = join(dir, "annex.pdf");
    await makeLongPdf(path, 500, "annex");
    const record = await extractDocument(path, await readFile(path));
    expect(record.source.pages).toBe(500);
    const t3 = record.cells.filter((c) => c.table === "t3");
    expect(t3.length).toBeGreaterThan(100);
    // The annex's numbered lines (201. …〔2022〕78号) never land in the table.
    expect(t3.filter((c) => c.source.page > 1)).toEqual([]);
    expect(t3.filter((c) => c.value === null && !c.flags.includes("blank_cell"))).toEqual([]);
  }, 180_000);
});
