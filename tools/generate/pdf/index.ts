/** Generated reports rendered to PDF (pdfkit, Noto CJK), with gold files; bad PDFs for reader tests. */
export { renderReportPdf, renderReportPdfWithInfo, type PdfRenderOptions, type PdfRenderResult } from "./render.js";
export { generatePdfCorpus, generatePdfReport, planPdfReport, type GeneratedPdf, type PdfCorpusOptions, type PdfGold, type PdfReportOptions, type PdfReportPlan } from "./corpus.js";
export { chooseLayout, type Borders, type LabelWidth, type PdfLayout, type PdfLayoutOverrides } from "./layout.js";
export { makeBadPdfs, makeLongPdf, zeroPagePdf, type BadPdfs } from "./bad.js";
export { checkFonts } from "./fonts.js";
