/**
 * HTML (a report saved from a government portal, or Word's "save as web page") → page model.
 * The declarative path: tables come from their markup, not from positions (geometry "none").
 */
import * as cheerio from "cheerio";
import type { PageModel, SourceKind, TokenSource } from "../../model/index.js";
import { decodeHtml } from "./decode.js";
import type { DomNode } from "./dom.js";
import { domToLines } from "./lines.js";

export { decodeHtml, declaredCharset, HtmlDecodeError, type DecodedHtml } from "./decode.js";
export { tableToGrid, type GridCell, type TableGrid } from "./grid.js";

/** A decoded HTML string → page model; `kind` and `source` let the DOCX reader (via mammoth's HTML) reuse it. */
export function htmlStringToPageModel(html: string, kind: SourceKind = "html", source: TokenSource = "html-cell", warnings: string[] = []): PageModel {
  const $ = cheerio.load(html);
  const root = $.root()[0] as unknown as DomNode;
  const { lines, tables } = domToLines(root, source);
  const w = [...warnings];
  if (tables.length === 0) w.push("no data table in the page");
  return { kind, geometry: "none", pages: 1, lines, tables, ...(w.length ? { warnings: w } : {}) };
}

export function htmlToPageModel(bytes: Uint8Array): PageModel {
  const decoded = decodeHtml(bytes);
  return htmlStringToPageModel(decoded.html, "html", "html-cell", decoded.warnings);
}
