/** The PDF text-layer reader as an ingest backend. */
import { ReaderError, type IngestBackend } from "../backend.js";
import { pdfDamage } from "./damage.js";
import { checkPdfStreams } from "./stream-budget.js";
import { NoTextLayerError, PdfOpenError, pdfToPageModel } from "./index.js";

const PDF_MAGIC = Buffer.from("%PDF");

export const pdfBackend: IngestBackend = {
  kind: "pdf",
  description: "PDF with a text layer",
  // The header may follow a few bytes of junk (PDF Reference 7.5.2 allows it within the first 1024).
  sniff: (bytes) => bytes.subarray(0, 1024).includes(PDF_MAGIC),
  async read(bytes, hooks) {
    try {
      await checkPdfStreams(bytes);
      return await pdfToPageModel(bytes, hooks);
    } catch (e) {
      if (e instanceof PdfOpenError) throw new ReaderError(e.code, e.message);
      if (e instanceof NoTextLayerError) throw new ReaderError("needs_ocr", e.message);
      const damage = pdfDamage(e);
      if (damage) throw damage;
      throw e;
    }
  },
};
