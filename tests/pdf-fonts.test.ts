/**
 * Reading a text layer without the font programs (src/ingest/pdf/font-programs.ts): the same
 * tokens, text and boxes, as reading with them, on generated PDFs in every font and size the
 * generator draws and on the three real PDFs; the programs kept wherever hiding them could change
 * the text; a PDF whose ToUnicode maps are gone still never yields text silently wrong.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Rng } from "../tools/generate/index.js";
import { generatePdfReport } from "../tools/generate/pdf/corpus.js";
import { withPdf } from "../src/ingest/pdf/document.js";
import { hideFontPrograms } from "../src/ingest/pdf/font-programs.js";
import { pdfToPageModel } from "../src/ingest/pdf/index.js";
import { pageTokens } from "../src/ingest/pdf/page-text.js";

const REAL = fileURLToPath(new URL("../../shared/real/", import.meta.url));
const REAL_IDS = ["js-huaian-hongze-qu_2023", "js-huaian-hongze-qu_2024", "js-huaian-shi_2024"];

/** Every page's tokens as "text@x,y,w,h" (boxes to 0.01 pt). */
async function tokensOf(pdf: Uint8Array, keepFontPrograms: boolean): Promise<string[][]> {
  return withPdf(
    pdf,
    async (doc, opened) => {
      expect(opened.fontProgramsHidden).toBe(!keepFontPrograms);
      const pages: string[][] = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const tokens = await pageTokens(page, n);
        pages.push(tokens.map((t) => `${t.text}@${[t.bbox.x, t.bbox.y, t.bbox.width, t.bbox.height].map((v) => v.toFixed(2)).join(",")}`));
        page.cleanup();
      }
      return pages;
    },
    { readOnly: true, keepFontPrograms },
  );
}

/** The same bytes with every `from` renamed to `to` (same length, so offsets stay valid). */
function rename(pdf: Uint8Array, from: string, to: string): Uint8Array {
  expect(to.length).toBe(from.length);
  return new Uint8Array(Buffer.from(Buffer.from(pdf).toString("latin1").replaceAll(from, to), "latin1"));
}

describe("text layer without font programs", () => {
  it("generated PDFs (Sans and Serif faces, several sizes): the same tokens and boxes as with the programs", async () => {
    const fonts = new Set<string>();
    const sizes = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const { pdf, gold } = await generatePdfReport(Rng.forItem(5200, i), { index: i });
      const { tableFont, proseFont, tableSize } = gold.generator.layout;
      fonts.add(`${tableFont}/${proseFont}`);
      sizes.add(tableSize);
      const hidden = hideFontPrograms(pdf);
      expect(hidden).not.toBeNull();
      expect(hidden!.length).toBe(pdf.length);
      expect(Buffer.from(hidden!).includes("/FontFile")).toBe(false);
      expect(await tokensOf(pdf, false)).toEqual(await tokensOf(pdf, true));
    }
    expect(fonts.size).toBeGreaterThan(1);
    expect(sizes.size).toBeGreaterThan(1);
  }, 120_000);

  it.each(REAL_IDS)("%s.pdf: the same tokens and boxes as with the programs", async (id) => {
    const pdf = new Uint8Array(await readFile(`${REAL}${id}.pdf`));
    expect(hideFontPrograms(pdf)).not.toBeNull();
    expect(await tokensOf(pdf, false)).toEqual(await tokensOf(pdf, true));
  });

  it("keeps the programs when a font has no ToUnicode map, and the page is then never read silently wrong", async () => {
    const { pdf, gold } = await generatePdfReport(Rng.forItem(5300, 0), { index: 0 });
    const noMaps = rename(pdf, "/ToUnicode", "/XoUnicode");
    expect(hideFontPrograms(noMaps)).toBeNull();
    const model = await pdfToPageModel(noMaps);
    // Without maps the glyphs decode to garbage: the pages go to OCR (said in the warnings), and
    // what they yield carries OCR sources, not the garbled text layer.
    expect(model.warnings.some((w) => /garbled text layer/.test(w))).toBe(true);
    const agency = gold.agency.slice(0, 4);
    const read = (model.positioned ?? []).flatMap((p) => p.tokens);
    expect(read.filter((t) => t.source === "pdf-text" && /[\uE000-\uF8FF\uFFFD]/.test(t.text))).toEqual([]);
    expect(read.some((t) => t.text.includes(agency))).toBe(true);
  }, 120_000);

  it("has nothing to hide in a PDF without embedded fonts", () => {
    const plain = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n%%EOF\n");
    expect(hideFontPrograms(new Uint8Array(plain))).toBeNull();
  });
});
