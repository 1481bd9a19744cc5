/** The plain-text reader as an ingest backend: the fallback for anything that decodes as text. */
import { ReaderError, type IngestBackend } from "../backend.js";
import { TextDecodeError, textToPageModel } from "./index.js";

export const textBackend: IngestBackend = {
  kind: "text",
  description: "text (UTF-8, UTF-16 or GB18030/GBK)",
  sniff: () => true,
  async read(bytes) {
    try {
      return textToPageModel(bytes);
    } catch (e) {
      if (e instanceof TextDecodeError) throw new ReaderError("binary", "binary content, not text (NUL or control bytes, or no valid UTF-8/GB18030)");
      throw e;
    }
  },
};
