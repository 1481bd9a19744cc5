/** Page images as an ingest backend: recognized by their magic numbers, read by OCR. */
import { ReaderError, type IngestBackend } from "../backend.js";
import { ImageDecodeError, imageFormat, imageToPageModel } from "./index.js";

export const imageBackend: IngestBackend = {
  kind: "image",
  description: "page images (PNG, JPEG, TIFF; OCR)",
  sniff: (bytes) => imageFormat(bytes) !== null,
  async read(bytes, hooks) {
    try {
      return await imageToPageModel(bytes, hooks);
    } catch (e) {
      if (e instanceof ImageDecodeError) throw new ReaderError("corrupt", e.message);
      throw e;
    }
  },
};
