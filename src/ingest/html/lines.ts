/**
 * Parsed HTML → the lines of the page model. Prose blocks (p, div, h1…, li) are one line each; a
 * data table gives one line per <tr> with one token per cell (grid.ts), so the matchers read it as
 * they read tab-separated text, with no geometry to guess. A table that holds other tables, or a
 * single cell, is page layout (old portals lay out the whole page in tables): its cells are read
 * as blocks.
 */
import type { PageLine, ReaderTable, TextToken, TokenSource } from "../../model/index.js";
import { isChrome, isChromeLine } from "./chrome.js";
import { findAll, isTag, type DomNode } from "./dom.js";
import { rowTokens, tableRows, tableToGrid } from "./grid.js";

const BLOCKS = new Set(["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "main", "blockquote", "pre", "dd", "dt", "dl", "center", "td", "th", "tr", "caption", "hr", "body", "html"]);

export interface DomToLinesResult {
  lines: PageLine[];
  /** Data tables read as grids, with the lines their rows became. */
  tables: ReaderTable[];
}

export function domToLines(root: DomNode, source: TokenSource): DomToLinesResult {
  const lines: PageLine[] = [];
  let buf = "";
  let blank = 0;
  const tables: ReaderTable[] = [];

  const pushLine = (text: string, tokens: TextToken[]): void => {
    lines.push({ page: 1, line: lines.length + 1, text, tokens, blankBefore: blank });
    blank = 0;
  };
  const flush = (): void => {
    const text = buf.replace(/[\s\u00a0\u3000]+/g, " ").trim();
    buf = "";
    if (!text || isChromeLine(text)) return;
    const line = lines.length + 1;
    const tokens: TextToken[] = [];
    const re = /\S+/g;
    for (let m = re.exec(text); m; m = re.exec(text)) tokens.push({ text: m[0], page: 1, line, column: m.index, source });
    pushLine(text, tokens);
  };
  const readTable = (table: DomNode): void => {
    flush();
    const grid = tableToGrid(table);
    blank = Math.max(blank, 1);
    const firstLine = lines.length + 1;
    for (const cells of grid.rows) {
      const toks = rowTokens(cells);
      if (toks.length === 0) continue;
      const line = lines.length + 1;
      const text = cells.map((c) => c.text).join("\t");
      pushLine(text, toks.map((t) => ({ text: t.text, page: 1, line, column: t.col, source })));
    }
    blank = 1;
    if (lines.length >= firstLine) tables.push({ page: 1, firstLine, lastLine: lines.length, rows: grid.rows.map((r) => r.map((c) => c.text)) });
  };
  const walk = (node: DomNode): void => {
    if (node.type === "text") {
      buf += node.data ?? "";
      return;
    }
    if (node.type !== "tag" && node.type !== "root") return;
    if (isChrome(node)) return;
    if (isTag(node, "table") && !isLayoutTable(node)) return readTable(node);
    if (isTag(node, "br")) return flush();
    const block = node.type === "tag" && BLOCKS.has(node.name!.toLowerCase());
    if (block) flush();
    for (const child of node.children ?? []) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return { lines, tables };
}

function isLayoutTable(table: DomNode): boolean {
  if (findAll(table, (n) => isTag(n, "table")).length > 0) return true;
  const rows = tableRows(table);
  const cells = rows.flatMap((tr) => (tr.children ?? []).filter((n) => isTag(n, "td", "th")));
  return cells.length <= 1;
}
