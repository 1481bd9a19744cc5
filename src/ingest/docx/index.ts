/**
 * Word .docx → page model. mammoth turns the document into HTML and keeps table merges (gridSpan →
 * colspan, vMerge → rowspan), so the tables go the HTML reader's declarative way: one line per row,
 * one token per cell, blank cells kept. A ZIP that is not a Word document is refused by name.
 */
import type { PageModel } from "../../model/index.js";
import { htmlStringToPageModel } from "../html/index.js";
import { checkZipBudget } from "./zip-budget.js";

export class DocxError extends Error {}

/** What else a ZIP archive may be, by the file that identifies it, for the message. */
const OTHER_ZIPS: [string, string][] = [
  ["xl/workbook.xml", "an Excel .xlsx workbook"],
  ["ppt/presentation.xml", "a PowerPoint .pptx file"],
  ["content.xml", "an OpenDocument file"],
  ["mimetypeapplication/epub", "an EPUB book"],
];

/** File names stored in the archive's local headers (enough to tell a .docx from other ZIPs without unpacking). */
function hasEntry(bytes: Buffer, name: string): boolean {
  return bytes.includes(Buffer.from(name, "latin1"));
}

export async function docxToPageModel(bytes: Buffer): Promise<PageModel> {
  if (!hasEntry(bytes, "word/document.xml")) {
    const other = OTHER_ZIPS.find(([entry]) => hasEntry(bytes, entry));
    throw new DocxError(`a ZIP archive without word/document.xml: not a Word .docx file${other ? ` (it looks like ${other[1]})` : ""}`);
  }
  await checkZipBudget(bytes);
  let result: { value: string; messages: { type: string; message: string }[] };
  try {
    // Loaded on the first .docx input, not with the module (issue 14: the fixed cost of a run).
    const mammoth = (await import("mammoth")).default;
    result = await mammoth.convertToHtml({ buffer: bytes });
  } catch (e) {
    throw new DocxError(`the Word file cannot be opened (${e instanceof Error ? e.message : String(e)})`);
  }
  // mammoth's messages are mostly unknown styles; only its errors are worth a record warning.
  const warnings = result.messages.filter((m) => m.type === "error").slice(0, 5).map((m) => `docx: ${m.message}`);
  return htmlStringToPageModel(result.value, "docx", "docx", warnings);
}
