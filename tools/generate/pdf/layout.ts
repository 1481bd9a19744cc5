/**
 * The layout choices of one generated PDF, drawn from the report's rng (every field is drawn, also
 * when forced, so forcing one choice does not change the others) and written to the gold file.
 */
import type { Rng } from "../rng.js";

export type Borders = "grid" | "none" | "rules";
export type LabelWidth = "wide" | "medium" | "narrow";

export interface PdfLayout {
  orientation: "portrait" | "landscape";
  proseFont: "sans" | "serif";
  tableFont: "sans" | "serif";
  /** Table text size in points (7–11). */
  tableSize: number;
  /** Prose size in points (10–14); the title is larger. */
  proseSize: number;
  /** grid: every cell ruled (WPS PDFs); none: no lines at all; rules: horizontal rules only. */
  borders: Borders;
  /** Table 2 captions (第二十条第（一）项) left-aligned (淮安市) or centred (洪泽区). */
  captionLeft: boolean;
  /** Table 2 values left-aligned in their cells (淮安市 2024) rather than centred. */
  t2ValuesLeft: boolean;
  /** Shaded caption and header cells (the blue caption rows of the 淮安 PDFs). */
  headerFill: boolean;
  /** How much room the label columns get: narrow makes long labels wrap over 2–3 lines. */
  labelWidth: LabelWidth;
  /** 三、本年度办理结果 one character per line (real PDFs) or wrapped horizontally. */
  outcomeVertical: boolean;
  /** Table 3's three header rows printed again on the page it continues on. */
  repeatHeader: boolean;
  /** Page breaks forced before these body rows (besides those where a page is full). */
  forceBreak: { t2: number | null; t3: number | null };
  /** Space before a table heading pushes it to a new page (a table starts on a fresh page). */
  tablesOnNewPage: boolean;
  margin: number;
  footer: { style: "dash" | "spaced" | "page"; align: "center" | "outer" };
  /** Rows taller than their text (line spacing inside cells). */
  cellPadding: number;
  /** Zeros printed blank (or —, /, 无) in some cells, as the text generator's blank_cells. */
  blankCells: boolean;
  /** Label misprints and `1、` numbering from the text generator's label damage. */
  labelDamage: boolean;
}

export type PdfLayoutOverrides = Partial<PdfLayout>;

export function chooseLayout(rng: Rng, force: PdfLayoutOverrides = {}, t3Rows = 25): PdfLayout {
  const orientation = rng.chance(0.25) ? "landscape" : "portrait";
  const proseFont = rng.chance(0.6) ? "serif" : "sans";
  const tableFont = rng.chance(0.5) ? "serif" : "sans";
  const tableSize = rng.int(7, 11);
  const proseSize = rng.int(10, 14);
  const borders = rng.weighted([["grid", 6], ["none", 2], ["rules", 2]] as const);
  const captionLeft = rng.chance(0.5);
  const t2ValuesLeft = rng.chance(0.25);
  const headerFill = rng.chance(0.4);
  const labelWidth = rng.weighted([["wide", 1], ["medium", 2], ["narrow", 2]] as const);
  const outcomeVertical = rng.chance(0.65);
  const repeatHeader = rng.chance(0.4);
  const forceBreak = {
    t2: rng.chance(0.25) ? rng.int(2, 9) : null,
    t3: rng.chance(0.4) ? rng.int(3, t3Rows - 2) : null,
  };
  const tablesOnNewPage = rng.chance(0.15);
  const margin = rng.int(45, 85);
  const footer = { style: rng.pick(["dash", "spaced", "spaced", "page"] as const), align: rng.chance(0.5) ? ("center" as const) : ("outer" as const) };
  const cellPadding = rng.pick([2, 3, 4, 6]);
  const blankCells = rng.chance(0.35);
  const labelDamage = rng.chance(0.3);
  return {
    orientation,
    proseFont,
    tableFont,
    tableSize,
    proseSize,
    borders,
    captionLeft,
    t2ValuesLeft,
    headerFill,
    labelWidth,
    outcomeVertical,
    repeatHeader,
    forceBreak,
    tablesOnNewPage,
    margin,
    footer,
    cellPadding,
    blankCells,
    labelDamage,
    ...force,
  };
}
