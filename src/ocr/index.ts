/**
 * The OCR stage: page images → positioned pages (tokens with boxes in points, `source: "ocr"`,
 * a confidence each), for the scanned-PDF and image readers of src/ingest. Its engines live in
 * one pool of the main thread that document threads borrow (engine-pool.ts, thread-link.ts).
 */
export { ocrPages, onOcrProgress, type OcrProgress, type PageImage } from "./read-pages.js";
export { pageSkew, straighten, type OcrPageOptions } from "./read-page.js";
export { closeOcr, holdOcr, ocrSettings, ocrStats, withOcrEngine, OCR_ENGINE_KINDS, type OcrSettings } from "./engine-pool.js";
export { joinOcrLink, openOcrLink, type OcrLinkInit } from "./thread-link.js";
export type { OcrEngine, OcrEngineKind } from "./engines.js";
export { rgbaToGray, rotate, toPng, type Binary, type Gray } from "./image-ops.js";
