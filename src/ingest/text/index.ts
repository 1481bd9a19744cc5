/**
 * Plain or scraped text → page model. No geometry: a token is a whitespace-separated chunk with its
 * line number and character offset. Form feeds (pdftotext's page breaks) start a new page.
 */
import type { PageLine, PageModel, TextToken } from "../../model/index.js";
import { decodeText } from "./decode.js";
import { textLines } from "./run-on.js";
import { displayWidthOf } from "./width.js";

export { displayWidth } from "./width.js";

export class TextDecodeError extends Error {}

export function textToPageModel(bytes: Uint8Array): PageModel {
  const decoded = decodeText(bytes);
  if ("error" in decoded) throw new TextDecodeError("binary");
  return stringToPageModel(decoded.text);
}

export function stringToPageModel(text: string): PageModel {
  const lines: PageLine[] = [];
  let page = 1;
  let blank = 0;
  // A run-on body (a crawled page with its tags stripped) is cut into lines; see run-on.ts.
  const { lines: rawLines, runOn } = textLines(text);
  for (let i = 0; i < rawLines.length; i++) {
    let raw = rawLines[i]!;
    while (raw.includes("\f")) {
      const at = raw.indexOf("\f");
      // Text before the form feed stays on the old page; pdftotext puts the break at line start.
      if (at > 0 && raw.slice(0, at).trim()) pushLine(raw.slice(0, at), i + 1);
      raw = raw.slice(at + 1);
      page++;
    }
    if (!raw.trim()) {
      blank++;
      continue;
    }
    pushLine(raw, i + 1);
  }
  if (!runOn) useCharColumnsIfAligned(lines);
  return { kind: "text", geometry: "none", pages: page, lines, ...(runOn ? { separatorsLost: true } : {}) };

  function pushLine(raw: string, lineNo: number): void {
    const tokens: TextToken[] = [];
    const tabbed = raw.includes("\t");
    // Display columns line up space-aligned text; a run-on line's columns mean nothing.
    const spaced = !tabbed && !runOn;
    // The display column is counted on from the previous token (measuring each token's whole
    // prefix made a long line quadratic: 18 s for one line of 220 KB).
    let measured = 0;
    let width = 0;
    // Tokens are the runs of characters that are not whitespace (as /[^\s\u3000]+/g finds them,
    // scanned by hand: no match object per token, issue 14).
    const n = raw.length;
    for (let at = 0; at < n; ) {
      if (isSpace(raw.charCodeAt(at))) {
        at++;
        continue;
      }
      let end = at + 1;
      while (end < n && !isSpace(raw.charCodeAt(end))) end++;
      const text = raw.slice(at, end);
      const token: TextToken = { text, page, line: lineNo, column: at, source: "text" };
      if (spaced) {
        width += displayWidthOf(raw, measured, at);
        const own = displayWidthOf(raw, at, end);
        token.display = { start: width, width: own };
        width += own;
        measured = end;
      }
      tokens.push(token);
      at = end;
    }
    // The tokens are in column order already; empty tab cells are put among them.
    if (tabbed) {
      tokens.push(...emptyTabCells(raw, page, lineNo));
      tokens.sort((a, b) => a.column - b.column);
    }
    lines.push({ page, line: lineNo, text: raw, tokens, blankBefore: blank });
    blank = 0;
  }
}

const BLANK_FIELD = /^[\s\u3000]*(?:—|-|－|\/|／|无|——)[\s\u3000]*$/;
const NUMERIC_FIELD = /^[\s\u3000]*[+\-]?[\d０-９][\d０-９,.，．]*[\s\u3000]*$/;

/**
 * In tab-separated text an empty field between two numbers is a cell printed blank; it becomes an
 * empty token so that it keeps its column instead of vanishing (a vanished cell would shift the row).
 */
function emptyTabCells(raw: string, page: number, line: number): TextToken[] {
  const fields: { text: string; at: number }[] = [];
  let at = 0;
  for (const text of raw.split("\t")) {
    fields.push({ text, at });
    at += text.length + 1;
  }
  const numeric = fields.map((f) => NUMERIC_FIELD.test(f.text) || BLANK_FIELD.test(f.text));
  const firstValue = numeric.indexOf(true);
  if (firstValue < 0) return [];
  // Empty fields right after the label: one is as likely a label column or a lost cell (the seed
  // prints 四、结转…<tab><tab>0… with six numbers), several are blank cells of an HTML table.
  let leading = 0;
  while (firstValue - 1 - leading >= 0 && fields[firstValue - 1 - leading]!.text.trim() === "") leading++;
  const labelBefore = firstValue - 1 - leading >= 0;
  const out: TextToken[] = [];
  const isInterior = (i: number): boolean => i > firstValue && fields[i]!.text.trim() === "" && numeric.slice(i + 1).some(Boolean);
  // A row that prints blanks as empty fields between its numbers prints them so before them too.
  const rowUsesEmpties = fields.some((_, i) => isInterior(i));
  fields.forEach((f, i) => {
    if (f.text.trim() !== "") return;
    const interior = isInterior(i);
    // A line of values with no label (table 4's data row): every empty field before the first value is a cell.
    const leadingBlank = i < firstValue && i >= firstValue - leading && (labelBefore ? leading >= 2 || rowUsesEmpties : true);
    if (interior || leadingBlank) out.push({ text: "", page, line, column: f.at, source: "text" });
  });
  return out;
}

const NUMBER_TOKEN = /^[+\-]?\d[\d,.]*%?$/;
/** Display columns a cluster of centres may span and still count as one column (useCharColumnsIfAligned). */
const CLUSTER_WIDTH = 4;
/** Numbers lined up under each other it takes to tell the measures apart by alignment alone. */
const MIN_ALIGNED_NUMBERS = 12;
const CJK = /[\u2e80-\ua4cf\uff00-\uff60]/;
/** A line of short words set apart by spaces: a table's header, not prose. */
const TABLE_LINE = /^[\s\u3000]*\S{1,4}(?:[ \u3000]+\S{1,4})+[\s\u3000]*$/;

/**
 * pdftotext -layout places every character, wide or not, in one column: its numbers line up by
 * character count, not by display width (a row labelled 一、本年新收… and one labelled （一）予以公开
 * put the same column's numbers 9 display columns apart). Text typed for a fixed-width screen lines
 * up by display width. Whichever measure gathers the numbers of a page's table rows into fewer
 * columns is the text's.
 */
function useCharColumnsIfAligned(lines: PageLine[]): void {
  // Table lines only: a row's numbers after its label, or a header's words set apart by spaces
  // (结果  结果  其他  尚未); a wide character before a token tells the measures apart. Found once for
  // both measures, with each line's first wide character found once (testing each token's whole
  // prefix was quadratic in a line's length, issue 14).
  const tableTokens: { page: number; tokens: TextToken[] }[] = [];
  for (const line of lines) {
    const firstWide = line.text.search(CJK);
    if (firstWide < 0) continue;
    const tableLine = TABLE_LINE.test(line.text);
    const tokens = line.tokens.filter((t) => t.display && firstWide < t.column && (NUMBER_TOKEN.test(t.text) || (tableLine && t.text.length <= 4)));
    if (tokens.length > 0) tableTokens.push({ page: line.page, tokens });
  }
  const columns = (measure: "char" | "display"): { numbers: number; clusters: number } => {
    const byPage = new Map<number, number[]>();
    for (const { page, tokens } of tableTokens) {
      let centres = byPage.get(page);
      if (!centres) byPage.set(page, (centres = []));
      for (const t of tokens) centres.push(measure === "char" ? t.column + t.text.length / 2 : t.display!.start + t.display!.width / 2);
    }
    let numbers = 0;
    let clusters = 0;
    for (const centres of byPage.values()) {
      centres.sort((a, b) => a - b);
      numbers += centres.length;
      // Centres closer than 1.5 columns chain into one cluster. The wrong measure smears a column's
      // numbers over as many columns as its rows' labels differ in wide characters, and the smears
      // of neighbouring columns chain into one wide cluster: a cluster counts once per
      // CLUSTER_WIDTH columns it spans (one column's numbers, right- or left-aligned, span ≤ 2).
      let start = centres[0]!;
      centres.forEach((c, i) => {
        const last = i === centres.length - 1 || centres[i + 1]! - c > 1.5;
        if (!last) return;
        clusters += Math.max(1, Math.ceil((c - start) / CLUSTER_WIDTH));
        if (i < centres.length - 1) start = centres[i + 1]!;
      });
    }
    return { numbers, clusters };
  };
  // Numbers that stand exactly under or over two others: the measure of the text lines a table's
  // columns up exactly, the other only where rows' labels have as many wide characters. Header words
  // do not count here (a header of single characters set apart, 结 果 维 持, is many tokens that
  // line up either way).
  const aligned = (measure: "char" | "display"): number => {
    const at = new Map<string, number>();
    for (const { page, tokens } of tableTokens) {
      for (const t of tokens) {
        if (!NUMBER_TOKEN.test(t.text)) continue;
        const c = measure === "char" ? t.column + t.text.length / 2 : t.display!.start + t.display!.width / 2;
        const k = `${page}:${c}`;
        at.set(k, (at.get(k) ?? 0) + 1);
      }
    }
    let n = 0;
    for (const count of at.values()) if (count >= 3) n += count;
    return n;
  };
  const alignedChar = aligned("char");
  const alignedDisplay = aligned("display");
  if (alignedChar !== alignedDisplay && Math.max(alignedChar, alignedDisplay) >= MIN_ALIGNED_NUMBERS) {
    if (alignedChar < alignedDisplay) return;
  } else {
    const byChar = columns("char");
    const byDisplay = columns("display");
    // A tie (a blank-zero table has few numbers) goes to pdftotext's measure in text with its page
    // breaks (form feeds): a screen's text has none.
    const paged = lines.some((l) => l.page > 1);
    if (byChar.numbers < 6 || byChar.clusters > byDisplay.clusters || (byChar.clusters === byDisplay.clusters && !paged)) return;
  }
  for (const line of lines) for (const t of line.tokens) if (t.display) t.display = { start: t.column, width: t.text.length };
}

/** What /\s/ matches (ECMAScript WhiteSpace and LineTerminator; U+3000 among them), by code unit. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}
