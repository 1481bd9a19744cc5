/**
 * The boundary between match and validate: template rows with the numbers placed in them, where
 * a placement the text did not settle is kept as several alternatives for the rules to decide.
 */
import type { FlagCode } from "./flags.js";
import type { BBox } from "./page-model.js";

export interface CellReading {
  /** The printed value; null for a cell printed blank, —, / or 无. */
  value: number | null;
  /** Not printed at all (a lost cell): the value is to be inferred from the rules. */
  unknown: boolean;
  raw: string;
  page: number;
  line: number;
  /** Where it was printed (readers with geometry): points, top-left origin. */
  bbox?: BBox;
  /** OCR confidence 0..1 of the printed reading (OCR readers only). */
  ocr?: number;
  /** A unit of money printed right after the number (元, 万元), converted to the column's unit by match. */
  unit?: "元" | "万元";
  flags: FlagCode[];
  /**
   * The cell differs between its row's readings and the row's own sums cannot choose between them
   * (they break the same sums, every total printed 0): ambiguous unless the table's other rules
   * prove one choice (validate/solve.ts).
   */
  varies?: true;
}

/** One interpretation of a unit: rows × the row's columns. */
export type CellMatrix = CellReading[][];

/** A group of template rows whose numbers came from one run of the text. */
export interface MatchedUnit {
  rows: string[];
  /** Column keys of each row, in printed order. */
  columns: string[][];
  /** At least one; more when the text allows several placements (lost cell, run-together digits). */
  alternatives: CellMatrix[];
  flags: FlagCode[];
}

export interface RowLabelInfo {
  score: number;
  flags: FlagCode[];
  page: number;
  line: number;
  raw: string;
}

export interface MatchedTable {
  /** The template table's id. */
  table: string;
  /** Template variant chosen for this table. */
  template: string;
  units: MatchedUnit[];
  labels: Record<string, RowLabelInfo>;
  unmapped: { text: string; page: number; line: number }[];
  warnings: string[];
  /** What a grid table (table 3, with the most rows) shows about how the document prints (read by the other layouts). */
  hints?: TableHints;
}

/** How a document prints its tables, as its grid table (table 3) shows it. */
export interface TableHints {
  /**
   * Zeros are printed blank where the text keeps no trace of them (run-on text,
   * RowShape.blanksTraceless; or reading-order text with short rows).
   */
  blanksTraceless?: boolean;
  /** Reading-order text of such a document: no table's placements are sure. */
  blanksApart?: boolean;
  /**
   * The document prints zeros blank (table 3 has rows short of several numbers, or not one 0 among
   * fewer numbers than cells), in any text: a row's missing cells are blanks, not lost ones.
   */
  zerosBlank?: boolean;
  /** The printed totals are wrong (RowShape.sumsUnreliable): a split that balances may do so by chance. */
  sumsUnreliable?: boolean;
  /** …and the rows that show it printed those totals 0 (RowShape.totalsPrintedZero). */
  totalsPrintedZero?: boolean;
}
