/** The DOCX reader as an ingest backend: every ZIP comes here, and one that is no Word file is refused with a reason. */
import { ReaderError, type IngestBackend } from "../backend.js";
import { DocxError, docxToPageModel } from "./index.js";

export const docxBackend: IngestBackend = {
  kind: "docx",
  description: "Word .docx",
  sniff: (bytes) => bytes.subarray(0, 4).toString("latin1") === "PK\x03\x04",
  async read(bytes) {
    try {
      return await docxToPageModel(bytes);
    } catch (e) {
      if (e instanceof DocxError) throw new ReaderError("corrupt", e.message);
      // Markup nested tens of thousands deep (a broken or hostile page) exhausts the stack of the tree walk.
      if (e instanceof RangeError) throw new ReaderError("unreadable", "the markup is nested too deeply to be read");
      throw e;
    }
  },
};
