/**
 * The item stream between layout and match: text fragments, numbers and blank markers of a table's
 * lines, in reading order, with their positions (layout/items.ts builds it from the lines).
 */
import type { BBox } from "./page-model.js";

export interface ItemBase {
  page: number;
  line: number;
  column: number;
  /** Empty lines between this item and the previous one (0 on the same line). */
  gapBefore: number;
  /** Display-column span in space-aligned text (see TextToken.display); absent otherwise. */
  x?: { start: number; end: number };
  /** Box on the page (readers with geometry), points, top-left origin. */
  bbox?: BBox;
  /** Recognition confidence 0..1 of the token the item came from (OCR only). */
  ocr?: number;
  /** True when this item starts a new line. */
  lineStart: boolean;
  /** A page footer or page break lies between this item and the previous one. */
  pageBreakBefore: boolean;
}

export interface TextItem extends ItemBase {
  kind: "text";
  /** NFKC, no whitespace, `、` after a numbering digit turned into `.`. */
  text: string;
  raw: string;
}

export interface NumberItem extends ItemBase {
  kind: "num";
  value: number;
  raw: string;
  /** The raw text was not plain ASCII digits (full-width digits, thousands separators). */
  normalized: boolean;
  /** Digits that were printed glued to a label: separators between cells may be lost. */
  glued: boolean;
  /** A unit of money printed right after it (`3922533.2元`, `1690.9913万元`). */
  unit?: "元" | "万元";
  /**
   * Set one space after label text on its line (space-aligned text): its column is where the label
   * pushed it, not where it was printed. pdftotext -layout sets wide characters one column each, so
   * a label wrapped beside its number (`分处理的，只计这一 353`) ends left of where the number stands.
   */
  crowded?: boolean;
}

export interface BlankItem extends ItemBase {
  kind: "blank";
  raw: string;
}

/** A value cell with ink no reading makes a number of (see TextToken.unreadable): a value, unknown. */
export interface UnreadableItem extends ItemBase {
  kind: "unreadable";
  raw: string;
}

export type Item = TextItem | NumberItem | BlankItem | UnreadableItem;
