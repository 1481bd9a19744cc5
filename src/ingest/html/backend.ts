/** The HTML reader as an ingest backend: recognized by its markup at the start of the file. */
import { ReaderError, type IngestBackend } from "../backend.js";
import { HtmlDecodeError, htmlToPageModel } from "./index.js";

/** Markup a saved page starts with (after a BOM, blanks and comments), in any ASCII-compatible encoding. */
const PAGE_START = /^(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|meta|body)[\s>/]/i;
/** A fragment (a table or a div saved alone) starts with one of these… */
const FRAGMENT_START = /^(?:\s|<!--[\s\S]*?-->)*<(?:table|div|p|h[1-6]|title|style|span|font|center)[\s>/]/i;
/** …and has more markup after it; text that merely opens with a tag (a report quoting <script>) does not. */
const MORE_MARKUP = /<(?:table|tr|td|p|div|br|span|body|html|h[1-6])[\s>/][\s\S]*<(?:table|tr|td|p|div|br|span|h[1-6])[\s>/]/i;

export function looksLikeHtml(bytes: Buffer): boolean {
  let head = bytes.subarray(0, 1024);
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) head = head.subarray(3);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    const text = new TextDecoder(head[0] === 0xff ? "utf-16le" : "utf-16be").decode(head.subarray(2));
    return isMarkup(text);
  }
  return isMarkup(head.toString("latin1"));
}

function isMarkup(head: string): boolean {
  return PAGE_START.test(head) || (FRAGMENT_START.test(head) && MORE_MARKUP.test(head));
}

export const htmlBackend: IngestBackend = {
  kind: "html",
  description: "HTML web pages (UTF-8, GBK, GB2312, GB18030)",
  sniff: looksLikeHtml,
  async read(bytes) {
    try {
      return htmlToPageModel(bytes);
    } catch (e) {
      if (e instanceof HtmlDecodeError) throw new ReaderError("unreadable", e.message);
      // Markup nested tens of thousands deep (a broken or hostile page) exhausts the stack of the tree walk.
      if (e instanceof RangeError) throw new ReaderError("unreadable", "the markup is nested too deeply to be read");
      throw e;
    }
  },
};
