/**
 * Types of the synthetic report generator: its public options and the intermediate table models
 * that damage is applied to before a renderer turns them into text.
 */

export const DAMAGE_KINDS = [
  "split_labels",
  "vertical_header",
  "page_footer",
  "misprints",
  "lost_cells",
  "reading_order",
  "fullwidth",
  "enum_comma",
  "blank_cells",
  "run_together",
] as const;
export type DamageKind = (typeof DAMAGE_KINDS)[number];

/**
 * Damage seen in crawled web pages and blank-heavy published tables (../shared/real/fj-pingtan-*):
 * opt-in, never part of `DAMAGE_KINDS`, so the default text corpus and its figures do not change.
 * flatten: tags stripped with no separator, the body on one line; blank_zeros: zeros printed blank,
 * 总计 printed only in some rows; totals_zero: every 总计 printed 0; label_typos: 先行有效件数, 钩稽,
 * 行政法复议 …; repeated_title: the title again at the top of the body; site_chrome: 当前位置, 附件下载,
 * 打印本页 … in the text.
 */
export const PAGE_DAMAGE_KINDS = ["flatten", "blank_zeros", "totals_zero", "label_typos", "repeated_title", "site_chrome"] as const;
export type PageDamageKind = (typeof PAGE_DAMAGE_KINDS)[number];
/** Any kind a gold file can name. */
export type AnyDamageKind = DamageKind | PageDamageKind;

/** "hybrid" = 2021 table 2 with the single-row （六）其他处理 of 2019 in table 3 (洪泽区 2023/2024). */
export type ReportVariant = "2021" | "2019" | "hybrid";

/** tab: scraped web text like the seed; layout: pdftotext -layout; raw: pdftotext reading order. */
export type RenderStyle = "tab" | "layout" | "raw";
export const RENDER_STYLES: readonly RenderStyle[] = ["tab", "layout", "raw"];

export interface GenerateOptions {
  outDir: string;
  count: number;
  seed: number;
  formats?: ReportVariant[];
  damage?: DamageKind[] | "all" | "none";
  /** Chance that each enabled damage kind is applied to a report (default 0.5). */
  damageRate?: number;
}

export interface GenerateResult {
  inputs: string[];
  golds: string[];
}

/** Options of one report; style is only for tests that need a given rendering. */
export interface ReportOptions {
  index: number;
  formats: readonly ReportVariant[];
  damage: readonly DamageKind[];
  damageRate: number;
  style?: RenderStyle;
  /**
   * Fixed agency, year and values instead of random ones (the multi-year panel generator, panel.ts):
   * the values must satisfy the rules of the variant's tables.
   */
  fixed?: { agency: { name: string; self: string; office: string; scale: "city" | "district" | "town" | "department" }; year: number; values: Map<string, number> };
}

export interface GoldOut {
  agency: string;
  year: number;
  format: "2021" | "2019";
  applies_to_raw_files: string[];
  cells: Record<string, number | null>;
  damage: Record<string, AnyDamageKind[]>;
  generator: { variant: ReportVariant; style: RenderStyle; applied: AnyDamageKind[] };
}

export interface GeneratedReport {
  id: string;
  text: string;
  gold: GoldOut;
}

/** A printed value cell. text null = not printed at all (lost_cells); "" = printed blank. */
export interface Cell {
  key: string;
  text: string | null;
}

export interface T2Row {
  key: string;
  label: string;
  cells: Cell[];
}

export interface T2Block {
  caption: string;
  /** 信息内容 followed by the block's column headers. */
  header: string[];
  rows: T2Row[];
  /** page_footer: a footer line is printed after this block. */
  footerAfter: boolean;
}

export interface T2Model {
  blocks: T2Block[];
  /** reading_order: single-value rows print the value before the label (洪泽区 raw). */
  valueFirst: boolean;
}

/** How a split label's fragments and the row's numbers share lines (js-huaian-shi_2024 layout). */
export type SplitMode = "first" | "between" | "last" | "footer";

export interface T3Row {
  key: string;
  /** 1: 一、… across all label columns; 2: （一）… under 三、; 3: numbered item under a group. */
  level: 1 | 2 | 3;
  group: string | null;
  label: string;
  cells: Cell[];
  /** split_labels: wrap the label after this many characters. */
  split: { at: number; mode: SplitMode } | null;
  runTogether: boolean;
  /** run_together: the next row's label follows on the same line. */
  glueNext: boolean;
  footerAfter: boolean;
  /** Part of a reading-order column-major run (its first row carries the run length). */
  columnMajorRun: number;
}

export interface T3Model {
  note: string;
  applicants: string;
  natural: string;
  orgCaption: string;
  orgCols: string[];
  total: string;
  outcomeLabel: string;
  /** vertical_header: the outcome label printed in pieces on successive lines. */
  outcomePieces: string[] | null;
  /** split_labels on group labels: group label → wrap position. */
  groupSplit: Record<string, number>;
  rows: T3Row[];
}

export interface T4Model {
  review: string;
  suit: string;
  direct: string;
  afterReview: string;
  cols: string[];
  /** vertical_header: header characters spaced out (`结 果 维 持`). */
  spaced: boolean;
  cells: Cell[];
  footerInHeader: boolean;
  /** reading_order: header cells interleaved with the values. */
  interleave: boolean;
}

export interface ReportModel {
  variant: ReportVariant;
  agency: string;
  year: number;
  t2: T2Model;
  t3: T3Model;
  t4: T4Model;
  /** page_footer active: footers also in the prose. */
  footers: boolean;
  footerStyle: "dash" | "spaced" | "page";
  fullwidthProse: boolean;
}
