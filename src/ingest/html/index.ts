/**
 * HTML (a report saved from a government portal, or Word's "save as web page") → page model.
 * The declarative path: tables come from their markup, not from positions (geometry "none").
 */
import { createRequire } from "node:module";
import type { PageModel, SourceKind, TokenSource } from "../../model/index.js";
import { INPUT_LIMITS, LimitError, figure, mebibytes } from "../limits.js";
import { decodeHtml } from "./decode.js";
import type { DomNode } from "./dom.js";
import { domToLines } from "./lines.js";

export { decodeHtml, declaredCharset, HtmlDecodeError, type DecodedHtml } from "./decode.js";
export { tableToGrid, type GridCell, type TableGrid } from "./grid.js";

// cheerio is loaded on the first HTML input, not with the module: a run of text or PDF inputs never
// pays its ~200 ms (issue 14). Synchronous, so this reader's API stays as it is.
let cheerioModule: typeof import("cheerio") | undefined;
const cheerio = (): typeof import("cheerio") => (cheerioModule ??= createRequire(import.meta.url)("cheerio") as typeof import("cheerio"));

/** A decoded HTML string → page model; `kind` and `source` let the DOCX reader (via mammoth's HTML) reuse it. */
export function htmlStringToPageModel(html: string, kind: SourceKind = "html", source: TokenSource = "html-cell", warnings: string[] = []): PageModel {
  checkMarkupSize(html);
  const $ = cheerio().load(html);
  const root = $.root()[0] as unknown as DomNode;
  const { lines, tables } = domToLines(root, source);
  const w = [...warnings];
  if (tables.length === 0) w.push("no data table in the page");
  return { kind, geometry: "none", pages: 1, lines, tables, ...(w.length ? { warnings: w } : {}) };
}

/**
 * The parsed tree costs ~1.8 KiB per table cell (1M cells took 1.8 GiB): the cells are counted in
 * the text, before parsing, and a page over the limit is refused.
 */
function checkMarkupSize(html: string): void {
  if (html.length > INPUT_LIMITS.maxHtmlBytes) throw new LimitError(`the markup is ${mebibytes(html.length)}, over the ${mebibytes(INPUT_LIMITS.maxHtmlBytes)} limit`);
  let cells = 0;
  for (const _cell of html.matchAll(/<t[dh][\s>/]/gi)) {
    if (++cells > INPUT_LIMITS.maxTableCells) throw new LimitError(`the markup has more than ${figure(INPUT_LIMITS.maxTableCells)} table cells (a report has about 300)`);
  }
}

export function htmlToPageModel(bytes: Uint8Array): PageModel {
  if (bytes.length > INPUT_LIMITS.maxHtmlBytes) throw new LimitError(`the web page is ${mebibytes(bytes.length)}, over the ${mebibytes(INPUT_LIMITS.maxHtmlBytes)} limit`);
  const decoded = decodeHtml(bytes);
  return htmlStringToPageModel(decoded.html, "html", "html-cell", decoded.warnings);
}
