/**
 * Renders a generated report (the text generator's ReportModel and prose parts) to a PDF: title,
 * intro, section 一 with its sub-heads, the three tables under their section headings, sections
 * 五 and 六, with page footers on every page. Text is drawn line by line in an embedded CJK font,
 * tables as ruled or unruled grids (see grid.ts), all in the layout chosen for the report.
 */
import type { ProseBlock } from "../names.js";
import type { ReportText } from "../render.js";
import type { ReportModel } from "../types.js";
import { Canvas } from "./canvas.js";
import type { FontFace } from "./fonts.js";
import { drawGrid, type GridSpec } from "./grid.js";
import type { PdfLayout } from "./layout.js";
import { t2Grid, t3Grid, t4Grid } from "./tables.js";

export interface PdfRenderOptions {
  layout: PdfLayout;
}

export interface PdfRenderResult {
  pdf: Buffer;
  /** Number of pages. */
  pages: number;
  /** Pages each table is printed on (1-based): more than one means the table was split. */
  tablePages: { t2: number[]; t3: number[]; t4: number[] };
}

export async function renderReportPdf(model: ReportModel, parts: ReportText, options: PdfRenderOptions): Promise<Buffer> {
  return (await renderReportPdfWithInfo(model, parts, options)).pdf;
}

export async function renderReportPdfWithInfo(model: ReportModel, parts: ReportText, options: PdfRenderOptions): Promise<PdfRenderResult> {
  const { layout } = options;
  const cv = new Canvas(layout, parts.title.join(""));
  const prose: FontFace = layout.proseFont;
  const bold: FontFace = "sansBold";
  const size = layout.proseSize;
  cv.newPage();

  cv.y += size;
  for (const line of parts.title) cv.paragraph(bold, size + 6, line, { indent: false, align: "center" });
  cv.y += size;
  for (const p of parts.intro) cv.paragraph(prose, size, p);
  writeBlocks(cv, parts.overview, prose, bold, size);

  const table = { face: layout.tableFont as FontFace, size: layout.tableSize };
  const ctx = { cv, ...table };
  const t2 = tableSection(cv, parts.tableHeadings[0], t2Grid(ctx, model.t2), bold, size);
  const t3 = tableSection(cv, parts.tableHeadings[1], t3Grid(ctx, model.t3), bold, size);
  const t4 = tableSection(cv, parts.tableHeadings[2], t4Grid(ctx, model.t4), bold, size);
  writeBlocks(cv, parts.closing, prose, bold, size);
  const pages = cv.page;
  const pdf = await cv.finish();
  return { pdf, pages, tablePages: { t2, t3, t4 } };
}

function writeBlocks(cv: Canvas, blocks: readonly ProseBlock[], face: FontFace, bold: FontFace, size: number): void {
  for (const block of blocks) {
    if (block.heading !== "") {
      // Keep a heading with the first line of its text.
      cv.ensure(size * 3.4);
      cv.paragraph(bold, size, block.heading);
    }
    for (const p of block.paragraphs) cv.paragraph(face, size, p);
  }
}

/** A section heading and its table; the heading moves to the next page with the table's first rows. */
function tableSection(cv: Canvas, heading: string, grid: GridSpec, bold: FontFace, size: number): number[] {
  const headingH = size * 1.6 + 4;
  const start = headingH + grid.size * 1.3 * 4 + grid.size * 6;
  if (cv.layout.tablesOnNewPage && cv.y > cv.top + 1) cv.newPage();
  else cv.ensure(start);
  cv.y += 2;
  cv.paragraph(bold, size + 1, heading, { indent: true, gap: 2 });
  return drawGrid(cv, grid).pages;
}
