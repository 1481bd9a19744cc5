/**
 * The format-independent page model that every reader (src/ingest/<format>) produces.
 * Coordinates: top-left origin, PDF points, 1-based pages. Plain text has no geometry:
 * its tokens carry a 1-based line number and a 0-based column (character offset) instead.
 */

/** Where a token's text came from. */
export type TokenSource = "text" | "pdf-text" | "ocr" | "html-cell" | "docx";

export interface BBox {
  /** Left edge, points from the page's left edge. */
  x: number;
  /** Top edge, points from the page's top edge (top-left origin). */
  y: number;
  width: number;
  height: number;
}

export interface TextToken {
  text: string;
  /** 1-based page number. */
  page: number;
  /** 1-based line number within the whole document (plain text) or within the page. */
  line: number;
  /** 0-based character offset of the token in its line (plain text), or a cell index. */
  column: number;
  bbox?: BBox;
  /**
   * Plain text only: start and width in the columns space-aligned text lines its cells up by:
   * display columns (East Asian wide characters count 2), or characters where the numbers line up
   * by character count (pdftotext -layout). Absent for tab-separated lines.
   */
  display?: { start: number; width: number };
  source: TokenSource;
  /** Recognition confidence 0..1 (OCR only). */
  confidence?: number;
  /**
   * A table's value cell whose ink reads as no number and no blank mark (OCR: "?", "|", "，" for a
   * faint 0): a value is printed there, but which is not known. Set by layout, read by items.
   */
  unreadable?: boolean;
}

/** One line of a page, in reading order; `blankBefore` counts the empty lines above it. */
export interface PageLine {
  page: number;
  line: number;
  text: string;
  tokens: TextToken[];
  blankBefore: number;
}

/** What a reader can promise about positions; later stages branch on this, never on the format. */
export type GeometryCapability = "exact" | "approximate" | "none";

/** An axis-aligned ruling line of a table (a stroked line or a thin filled rectangle), in points, top-left origin. */
export interface Ruling {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A page of a reader with geometry: its text tokens (with bbox) and ruling lines, before lines are built. */
export interface PositionedPage {
  /** 1-based. */
  page: number;
  /** Page size in points. */
  width: number;
  height: number;
  tokens: TextToken[];
  rulings: Ruling[];
}

export interface PageModel {
  kind: SourceKind;
  geometry: GeometryCapability;
  pages: number;
  /** Lines in reading order: given by text readers, built by src/layout from `positioned` otherwise. */
  lines: PageLine[];
  /** Readers with geometry (PDF text layer, OCR): the positioned tokens and rulings of every page. */
  positioned?: PositionedPage[];
  /** Problems of the input that are not fatal (a page without text layer …). */
  warnings?: string[];
  /** Readers that see tables as such (HTML, DOCX): each table's cells and the lines its rows became. */
  tables?: ReaderTable[];
  /**
   * The separators between a table row's cells were lost (tags stripped with nothing in their
   * place): any number may be several cells run together, and its position says nothing.
   */
  separatorsLost?: boolean;
}

/** A table as its reader saw it: the texts of the cells that start in each row (spans not repeated). */
export interface ReaderTable {
  page: number;
  /** `line` of the first and last PageLine its rows became. */
  firstLine: number;
  lastLine: number;
  rows: string[][];
}

export type SourceKind = "text" | "html" | "pdf" | "pdf-ocr" | "image" | "docx";

/** An input document before ingest. */
export interface SourceDocument {
  path: string;
  bytes: Buffer;
  sha256: string;
}
