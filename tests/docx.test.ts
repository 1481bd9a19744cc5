/**
 * DOCX input: generated Word files in both formats, merged (gridSpan/vMerge) and flat tables, with
 * blank cells; a ZIP of something else, a cut-off file and a Word file with no report are refused
 * with a code and a reason.
 */
import { describe, expect, it } from "vitest";
import { docxPackage, generateDocxReport, writeZip, type DocxOptions } from "../tools/generate/docx/index.js";
import { Rng } from "../tools/generate/rng.js";
import { detectBackend } from "../src/ingest/index.js";
import { extractDocument } from "../src/pipeline/run-document.js";

const CASES: [string, Partial<DocxOptions>, "2021" | "2019" | "hybrid"][] = [
  ["merged cells, 2021", { tableStyle: "span", splitRuns: false }, "2021"],
  ["merged cells, runs and paragraphs split, 2019", { tableStyle: "span", splitRuns: true }, "2019"],
  ["flat rows of different lengths, hybrid", { tableStyle: "flat", splitRuns: true }, "hybrid"],
];

describe("generated DOCX", () => {
  for (const [name, options, format] of CASES) {
    it(name, async () => {
      for (let i = 0; i < 3; i++) {
        const g = generateDocxReport(Rng.forItem(31, i), { index: i, formats: [format], options });
        expect(detectBackend(g.bytes.subarray(0, 1024))).toMatchObject({ backend: { kind: "docx" } });
        const rec = await extractDocument(`${g.id}.docx`, g.bytes);
        expect(rec.source.kind).toBe("docx");
        expect(rec.report.year).toBe(g.gold.year);
        expect(rec.report.agency).toBe(g.gold.agency);
        expect(rec.report.tables["t3"]).toBe(format === "2021" ? "gov-info-2021" : "gov-info-2019");
        const by = new Map(rec.cells.map((c) => [c.key, c]));
        const wrong = Object.entries(g.gold.cells).filter(([k, v]) => by.get(k)?.value !== v);
        expect(wrong).toEqual([]);
      }
    });
  }
});

describe("bad DOCX", () => {
  it("a ZIP of something else is refused as no Word file, naming what it looks like", async () => {
    const xlsx = writeZip([{ name: "[Content_Types].xml", data: Buffer.from("<Types/>") }, { name: "xl/workbook.xml", data: Buffer.from("<workbook/>") }]);
    await expect(extractDocument("report.docx", xlsx)).rejects.toMatchObject({
      code: "corrupt",
      message: "report.docx: a ZIP archive without word/document.xml: not a Word .docx file (it looks like an Excel .xlsx workbook)",
    });
    const photos = writeZip([{ name: "a.txt", data: Buffer.from("hello") }]);
    await expect(extractDocument("photos.docx", photos)).rejects.toMatchObject({ code: "corrupt" });
  });

  it("a cut-off Word file is corrupt, not a crash", async () => {
    const g = generateDocxReport(Rng.forItem(2, 0), { index: 0 });
    const cut = g.bytes.subarray(0, Math.floor(g.bytes.length / 2));
    await expect(extractDocument("cut.docx", cut)).rejects.toMatchObject({ code: "corrupt" });
  });

  it("a Word file without a report is not_a_report", async () => {
    const doc = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>会议纪要</w:t></w:r></w:p></w:body></w:document>`;
    await expect(extractDocument("minutes.docx", docxPackage(doc))).rejects.toMatchObject({ code: "not_a_report" });
  });
});
