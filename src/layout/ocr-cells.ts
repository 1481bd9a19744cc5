/**
 * The cells of a table read by OCR, as the matchers should see them. Recognition fails on some
 * cells in ways the page's geometry can tell apart: a short dash read as "?" or "1", a faint digit
 * read as "?", "|" or "，", a sub-row's numbering read as "7," or "1" with its dot lost. Text from a
 * PDF's text layer is left alone.
 */
import type { BBox, TextToken } from "../model/index.js";
import { isBlankMark } from "./items.js";

const NUMERIC = /^[+\-]?[\d０-９][\d０-９,.，．]*$/;
const CJK = /[\u4e00-\u9fff]/;
/** Blank marks drawn as a horizontal bar. */
const DASHES = /^[-—–－一]+$/;
/** OCR confidence of a reading the recognition passes agreed on. */
const SURE_READING = 0.7;
/** Confidence of a blank mark recognized by its shape (as read-page.ts gives the slash). */
const SHAPE_READING = 0.9;
/** Under this confidence a reading of one or two characters is a guess at ink, not text. */
const GUESS = 0.5;
/** Cell edges closer than this (points) are one edge. */
const TOUCH_PT = 2;
/** Sub-row numbering as OCR misreads it in a label cell (7, / 7， / 7: / 7。 / 1 with its dot lost) before the label's text. */
const MISREAD_NUMBERING = new RegExp(`^([1-9])\\s*[,，:：;；。．·]?\\s*(?=${CJK.source})`);
/** A numbering such as （六） between brackets OCR took for look-alikes: 〈六)  《八)  〈(八). */
const MISREAD_BRACKETS = /[〈《<【[(（]+([一二三四五六七八九十]{1,3})[〉》>】\])）]+/g;

export interface CellRow {
  /** One token per cell of the row band, "" for an empty cell. */
  cells: TextToken[];
  /** The cells' boxes as drawn. */
  boxes: BBox[];
}

/** Rewrites the OCR'd cells of a table's rows in place. */
export function settleOcrCells(rows: readonly CellRow[]): void {
  const ocr = (t: TextToken): boolean => t.source === "ocr" && t.text !== "";
  const digitHeight = typicalDigitHeight(rows);
  for (const row of rows) row.cells = row.cells.map((t) => (ocr(t) ? dashByShape(t, digitHeight) : t));

  const valuesFrom = valueColumnsStart(rows);
  const inValues = (r: CellRow, c: number): boolean => r.boxes[c]!.x >= valuesFrom - TOUCH_PT;
  for (const row of rows) {
    const hasNumber = row.cells.some((t) => NUMERIC.test(t.text));
    const written = row.cells.map((t, c) => ({ t, c })).filter(({ t }) => t.text !== "");
    const values = written.filter(({ c }) => inValues(row, c));
    // A row with no number read is still a value row when its label is there and every value cell
    // with ink holds only a guess (a header row holds words read surely).
    const guessedRow = !hasNumber && values.length > 0 && values.length < written.length && values.every(({ t }) => ocr(t) && (isGuess(t) || isStray(t)));
    row.cells = row.cells.map((t, c) => {
      if (!ocr(t)) return t;
      if (!inValues(row, c) || !(hasNumber || guessedRow)) return { ...t, text: labelText(t.text) };
      const legible = NUMERIC.test(t.text) || isBlankMark(t.text) || [...t.text].filter((ch) => CJK.test(ch)).length >= 3;
      return legible ? t : { ...t, unreadable: true };
    });
  }
}

/**
 * Where the value columns begin: the left edge of the first number of the rows, as two rows at
 * least agree on it (a digit misread in a label column is a one-off). Infinity without numbers.
 */
function valueColumnsStart(rows: readonly CellRow[]): number {
  const starts = rows.flatMap((r) => {
    const c = r.cells.findIndex((t) => NUMERIC.test(t.text));
    return c >= 0 ? [r.boxes[c]!.x] : [];
  });
  const agreed = starts.filter((x) => starts.filter((y) => Math.abs(x - y) <= TOUCH_PT).length >= 2);
  return Math.min(...(agreed.length > 0 ? agreed : starts));
}

/** OCR'd text of a label cell: numbering brackets and sub-row numbering put right. */
function labelText(text: string): string {
  return numberingBrackets(text).replace(MISREAD_NUMBERING, "$1.");
}

/** OCR'd text with the brackets of a numbering such as （六） put right. */
export function numberingBrackets(text: string): string {
  return text.replace(MISREAD_BRACKETS, "($1)");
}

/**
 * A dash is a short flat bar, far lower than a digit, whatever OCR read in it ("?", "1", nothing):
 * the shape is the reading, as sure as the slash mark's. A dash read where the ink is taller is no
 * dash (a faint 0 with a speck beside it): illegible.
 */
function dashByShape(t: TextToken, digitHeight: number): TextToken {
  if (digitHeight <= 0) return t;
  const b = t.bbox!;
  if (b.width >= 1.2 * b.height && b.height <= 0.4 * digitHeight) return { ...t, text: "-", confidence: Math.max(t.confidence ?? 0, SHAPE_READING) };
  return DASHES.test(t.text) ? { ...t, text: "?" } : t;
}

/** Digits' height: from the numbers read surely (a dash is often read as an unsure 1), else from the labels' lines. */
function typicalDigitHeight(rows: readonly CellRow[]): number {
  const heights = (ok: (t: TextToken) => boolean): number[] => rows.flatMap((r) => r.cells.filter(ok).map((t) => t.bbox!.height));
  const digits = heights((t) => NUMERIC.test(t.text) && (t.confidence ?? 1) >= SURE_READING);
  if (digits.length >= 3) return quantile(digits, 0.5);
  // A label cell may hold several lines: the lower quartile is one line; digits are about 0.7 of it.
  return 0.7 * quantile(heights((t) => CJK.test(t.text)), 0.25);
}

/**
 * A character or two that is no number nor blank mark, alone in a value cell: a misread digit (a
 * thin 1 read as 工, confidently), not a word; a header's words in value cells come with a row
 * whose label cell is empty, or with longer words beside them.
 */
function isStray(t: TextToken): boolean {
  const chars = [...t.text.trim()];
  return chars.length >= 1 && chars.length <= 2 && !NUMERIC.test(t.text) && !isBlankMark(t.text) && !DASHES.test(t.text);
}

function isGuess(t: TextToken): boolean {
  return [...t.text].length <= 2 && (t.confidence ?? 1) < GUESS && !isBlankMark(t.text);
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor((s.length - 1) * q)]!;
}
