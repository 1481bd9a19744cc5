/**
 * Scanned PDFs as an ingest backend. Content detection sends every PDF to the text-layer reader,
 * which hands its image-only or garbled pages to OCR itself; this backend is for reading a PDF by
 * OCR on purpose (all pages), and it names the capability in the list of known formats.
 */
import { ReaderError, type IngestBackend } from "../backend.js";
import { pdfDamage } from "../pdf/damage.js";
import { checkPdfStreams } from "../pdf/stream-budget.js";
import { PdfOpenError } from "../pdf/document.js";
import { pdfOcrToPageModel } from "./index.js";

export const pdfOcrBackend: IngestBackend = {
  kind: "pdf-ocr",
  description: "scanned PDF (OCR)",
  // Never chosen by content: a PDF goes to the text-layer reader first (see above).
  sniff: () => false,
  async read(bytes, hooks) {
    try {
      await checkPdfStreams(bytes);
      return await pdfOcrToPageModel(bytes, hooks);
    } catch (e) {
      if (e instanceof PdfOpenError) throw new ReaderError(e.code, e.message);
      const damage = pdfDamage(e);
      if (damage) throw damage;
      throw e;
    }
  },
};
