/**
 * Lines → a flat stream of items (text fragments, numbers, blank markers) with their positions.
 * This is where the text-level damage is undone that does not need the template: full-width
 * characters, page footers inside tables, digits glued to labels, `1、` for `1.`.
 */
import type { Item, NumberItem, PageLine } from "../model/index.js";
import { isPageFooter } from "./footers.js";


const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
const BLANK_MARKS = new Set(["-", "—", "–", "/", "无", "－", "——", "\\", "／"]);
const SPLIT = /(\d+(?:,\d{3})*(?:\.\d+)?)/;

/** A cell's whole text is a mark for "nothing printed here" (—, /, 无 …). */
export function isBlankMark(text: string): boolean {
  return BLANK_MARKS.has(text.normalize("NFKC").trim());
}

/** What the reader said about its lines (PageModel capabilities) that changes how items are read. */
export interface LayoutHints {
  /** Cells' separators were lost (run-on text): every number may be several cells run together. */
  separatorsLost?: boolean;
}

export function linesToItems(lines: readonly PageLine[], hints: LayoutHints = {}): Item[] {
  const items: Item[] = [];
  let gap = 0;
  let pageBreak = false;
  let lastPage = lines[0]?.page ?? 1;
  const paged = lines.some((l) => l.page !== lastPage);
  /** Among the first or last two lines of its page (the first and last lines given are no edge for that alone: a section starts mid-page). */
  const atPageEdge = (i: number): boolean => {
    const page = lines[i]!.page;
    for (let j = Math.max(0, i - 2); j <= Math.min(lines.length - 1, i + 2); j++) if (lines[j]!.page !== page) return true;
    return false;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    gap += line.blankBefore;
    if (line.page !== lastPage) {
      pageBreak = true;
      lastPage = line.page;
    }
    if (isPageFooter(line.text, !paged || atPageEdge(i))) {
      pageBreak = true;
      continue;
    }
    let first = true;
    const lineStart = items.length;
    /** Display column after the line's previous token (its items' own positions when it was one item). */
    let tokenEnd: number | null = null;
    for (const token of line.tokens) {
      const base = { page: token.page, line: token.line, column: token.column };
      const parts: Positionless<Item>[] = token.unreadable ? [{ kind: "unreadable", raw: token.text, ...base }] : chunkToItems(token.text, base);
      for (const item of parts) {
        // A token split into several items (glued digits) has no reliable position of its own, nor has
        // any token of text whose separators were lost (its columns mean nothing).
        if (token.display && parts.length === 1 && !hints.separatorsLost) item.x = { start: token.display.start, end: token.display.start + token.display.width };
        if (token.bbox) item.bbox = token.bbox;
        if (token.confidence !== undefined) item.ocr = token.confidence;
        if (hints.separatorsLost && item.kind === "num") item.glued = true;
        // The item is fresh from chunkToItems: completed in place, not copied (a spread per item was
        // nine tenths of this function's time, issue 14). Same properties in the same order.
        const full = item as Item;
        if (full.kind === "num" && full.x && !first) {
          const prev = items[items.length - 1]!;
          // The text before it may be the end of a token split into items (a label glued to another
          // row's digits, 制作20000023、补正后…不明确 1): that token's end is where the text ended.
          const textEnd = prev.kind === "text" && prev.line === full.line ? (prev.x?.end ?? tokenEnd) : null;
          if (textEnd !== null && full.x.start - textEnd <= 1) full.crowded = true;
        }
        full.gapBefore = first ? gap : 0;
        full.lineStart = first;
        full.pageBreakBefore = first && pageBreak;
        items.push(full);
        first = false;
      }
      tokenEnd = token.display ? token.display.start + token.display.width : null;
    }
    demoteBlanksInText(items, lineStart);
    gap = 0;
    pageBreak = false;
  }
  return items;
}

type Positionless<T> = T extends Item ? Omit<T, "gapBefore" | "lineStart" | "pageBreakBefore"> : never;

function chunkToItems(rawChunk: string, pos: { page: number; line: number; column: number }): Positionless<Item>[] {
  const chunk = rawChunk.normalize("NFKC");
  if (chunk === "" || BLANK_MARKS.has(chunk)) return [{ kind: "blank", raw: rawChunk, ...pos }];
  if (NUMBER.test(chunk)) return [numberItem(chunk, rawChunk, false, pos)];

  // Split text from digit runs: "数量123001016" → text + glued digits; "161.属于" → digits "16" + "1.属于".
  const parts = chunk.split(SPLIT).filter((p) => p !== "");
  const out: Positionless<Item>[] = [];
  let pendingText = "";
  const flushText = (): void => {
    if (pendingText) out.push({ kind: "text", text: pendingText, raw: pendingText, ...pos });
    pendingText = "";
  };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!/^\d/.test(part)) {
      pendingText += part;
      continue;
    }
    const next = parts[i + 1] ?? "";
    const isNumbering = /^[.、]/.test(next) && !/^[.、]\d/.test(next) && /^\d+$/.test(part);
    if (isNumbering) {
      // The numbering of a sub-row is one digit (1–8); digits before it belong to the previous cell.
      const value = part.slice(0, -1);
      if (value) {
        flushText();
        out.push(numberItem(value, value, true, pos));
      }
      pendingText += part.slice(-1) + "." + next.slice(1);
      i++;
      continue;
    }
    const prevIsText = pendingText !== "" || out.length > 0;
    // A sign between digits (`37+23 1535`, `20-8`: 本年增/减 run together with its neighbours) is the
    // sign of the number after it, not text: the run goes on.
    if (/^[+\-−－＋]$/.test(pendingText) && out.length > 0 && out[out.length - 1]!.kind === "num") {
      const sign = /[+＋]/.test(pendingText) ? "+" : "-";
      pendingText = "";
      out.push(numberItem(`${sign}${part}`, `${sign}${part}`, true, pos));
      continue;
    }
    if (pendingText && /[第（(]$/.test(pendingText)) {
      // Digits inside a label such as 第3页 or （1）: part of the text.
      pendingText += part;
      continue;
    }
    flushText();
    const item = numberItem(part, part, prevIsText, pos);
    const unit = /^(万元|元)/.exec(next)?.[1] as NumberItem["unit"];
    if (unit) item.unit = unit;
    out.push(item);
  }
  flushText();
  return out;
}

function numberItem(
  chunk: string,
  raw: string,
  glued: boolean,
  pos: { page: number; line: number; column: number },
): Positionless<NumberItem> {
  const plain = chunk.replace(/,/g, "");
  return { kind: "num", value: Number(plain), raw, normalized: raw !== plain || /[^\x00-\x7f]/.test(raw), glued, ...pos };
}

/**
 * A blank mark followed by text on its line is a character of a label, not an empty cell:
 * `（四） 无 法提供` is 无法提供 spaced out.
 */
function demoteBlanksInText(items: Item[], from: number): void {
  for (let i = items.length - 2; i >= from; i--) {
    const it = items[i]!;
    if (it.kind === "blank" && items[i + 1]!.kind === "text") {
      const { raw, ...pos } = it;
      items[i] = { ...pos, kind: "text", text: raw.normalize("NFKC"), raw };
    }
  }
}
