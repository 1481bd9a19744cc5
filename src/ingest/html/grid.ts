/**
 * A <table> → its grid: every cell placed at its row and column with rowspan and colspan resolved
 * (docling's TableCell offsets), so a value keeps its column whatever the cells before it span.
 * Then each row becomes the tokens of one line, as the text reader gives a tab-separated line: one
 * token per cell, a blank value cell as an empty token (a blank item in layout), never dropped.
 */
import { findAll, isTag, textOf, type DomNode } from "./dom.js";

export interface GridCell {
  text: string;
  /** 0-based row and column of the cell's top-left corner in the grid. */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

export interface TableGrid {
  /** The cells that start in each row, left to right (cells spanning down from above are not repeated). */
  rows: GridCell[][];
  /** Columns of the widest row. */
  width: number;
}

/** Spans beyond this are markup errors (rowspan="9999"); they are cut to it. */
const MAX_SPAN = 200;

const span = (v: string | undefined): number => {
  const n = Number.parseInt(v ?? "1", 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_SPAN) : 1;
};

/** The rows of this table (through thead/tbody/tfoot), not those of tables nested in its cells. */
export function tableRows(table: DomNode): DomNode[] {
  return findAll(table, (n) => isTag(n, "tr"), (n) => isTag(n, "table", "tr"));
}

export function tableToGrid(table: DomNode): TableGrid {
  const taken: boolean[][] = [];
  const rows: GridCell[][] = [];
  let width = 0;
  tableRows(table).forEach((tr, r) => {
    const cells: GridCell[] = [];
    let col = 0;
    for (const td of (tr.children ?? []).filter((n) => isTag(n, "td", "th"))) {
      while (taken[r]?.[col]) col++;
      const cell: GridCell = { text: cleanCellText(textOf(td)), row: r, col, rowSpan: span(td.attribs?.["rowspan"]), colSpan: span(td.attribs?.["colspan"]) };
      for (let dr = 0; dr < cell.rowSpan; dr++) {
        const line = (taken[r + dr] ??= []);
        for (let dc = 0; dc < cell.colSpan; dc++) line[col + dc] = true;
      }
      cells.push(cell);
      col += cell.colSpan;
      width = Math.max(width, col);
    }
    rows.push(cells);
  });
  return { rows, width };
}

/** Whitespace (and &nbsp;) collapsed; an empty or whitespace-only cell is "". */
function cleanCellText(s: string): string {
  return s.replace(/[\s\u00a0\u3000]+/g, " ").trim();
}

const VALUE = /^[+\-]?[\d０-９][\d０-９,，.．]*$|^(?:—|-|－|\/|／|无|——|–)$/;

/** A cell holding a number or a printed blank mark (—, /, 无). */
export const isValueCell = (text: string): boolean => VALUE.test(text.replace(/\s+/g, ""));

/**
 * The texts of one row as tokens: each cell's whitespace-separated words (as the text reader splits
 * a field), and "" for an empty cell after the row's label — in a row that has values, or whose one
 * label is followed only by empty cells (a row printed blank, even in a table printed all blank;
 * header rows hold several labels). Empty cells before the label are padding of the label columns
 * and are left out.
 */
export function rowTokens(cells: readonly GridCell[]): { text: string; col: number }[] {
  const hasValue = cells.some((c) => c.text !== "" && isValueCell(c.text));
  const nonEmpty = cells.filter((c) => c.text !== "");
  const lastText = nonEmpty[nonEmpty.length - 1];
  const blankRow = nonEmpty.length === 1 && lastText !== undefined && cells.indexOf(lastText) < cells.length - 1;
  const valueRow = hasValue || blankRow;
  const out: { text: string; col: number }[] = [];
  let seenContent = false;
  for (const c of cells) {
    if (c.text === "") {
      // A row with no label at all (table 4's data row): every cell is a value cell.
      const allValues = nonEmpty.every((x) => isValueCell(x.text));
      if (valueRow && (seenContent || allValues)) out.push({ text: "", col: c.col });
      continue;
    }
    seenContent = true;
    for (const word of c.text.split(" ")) out.push({ text: word, col: c.col });
  }
  return out;
}
