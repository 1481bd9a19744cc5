/**
 * Tables 2–4 of a report model as rows of spanning cells, the shape both HTML and DOCX print:
 * "span" follows the official template's merges (TEMPLATES.md §2.3–2.5: 三、本年度办理结果 rowspan,
 * colspan=3 value cells …); "flat" is what many portals' editors save — no merges, rows of 8, 9 or
 * 10 cells under one header, empty cells where a merged label would be.
 */
import type { T2Model, T3Model, T4Model } from "../types.js";

export interface SpanCell {
  text: string;
  rowSpan?: number;
  colSpan?: number;
}

export type SpanTable = SpanCell[][];
export type TableStyle = "span" | "flat";

const c = (text: string, colSpan = 1, rowSpan = 1): SpanCell => ({ text, ...(colSpan > 1 ? { colSpan } : {}), ...(rowSpan > 1 ? { rowSpan } : {}) });
const printedText = (cells: readonly { text: string | null }[]): string[] => cells.map((x) => x.text ?? "");

export function t2Table(t2: T2Model, style: TableStyle): SpanTable {
  const rows: SpanTable = [];
  const width = 4;
  for (const block of t2.blocks) {
    rows.push([c(block.caption, style === "span" ? width : 1)]);
    const pad = (cells: string[]): SpanCell[] =>
      cells.map((t, i) => c(t, style === "span" && i === cells.length - 1 ? width - cells.length + 1 : 1));
    rows.push(pad(block.header));
    for (const row of block.rows) rows.push(pad([row.label, ...printedText(row.cells)]));
  }
  return rows;
}

export function t3Table(t3: T3Model, style: TableStyle): SpanTable {
  const rows: SpanTable = [];
  if (style === "span") {
    rows.push([c(t3.note, 3, 3), c(t3.applicants, 7)]);
    rows.push([c(t3.natural, 1, 2), c(t3.orgCaption, 5), c(t3.total, 1, 2)]);
    rows.push(t3.orgCols.map((x) => c(x)));
  } else {
    rows.push([c(t3.note), c(t3.applicants)]);
    rows.push([c(""), c(t3.natural), c(t3.orgCaption), c(t3.total)]);
    rows.push([c(""), c(""), ...t3.orgCols.map((x) => c(x))]);
  }
  const outcomeRows = t3.rows.filter((r) => r.level !== 1).length;
  let outcomeSeen = 0;
  t3.rows.forEach((row, i) => {
    const values = printedText(row.cells).map((t) => c(t));
    if (row.level === 1) {
      rows.push([c(row.label, style === "span" ? 3 : 1), ...values]);
      return;
    }
    const lead: SpanCell[] = [];
    const firstOutcome = outcomeSeen++ === 0;
    if (style === "span") {
      if (firstOutcome) lead.push(c(t3.outcomeLabel, 1, outcomeRows));
      if (row.level === 2) {
        rows.push([...lead, c(row.label, 2), ...values]);
        return;
      }
      if (t3.rows[i - 1]?.group !== row.group) lead.push(c(row.group ?? "", 1, groupLength(t3, i)));
      rows.push([...lead, c(row.label), ...values]);
      return;
    }
    // Flat: a 三、 cell only on the first outcome row, a group cell only on its first row; rows of
    // level 2 print two label cells, rows of level 3 three — the rows' cell counts differ.
    lead.push(c(firstOutcome ? t3.outcomeLabel : ""));
    if (row.level === 3) lead.push(c(t3.rows[i - 1]?.group !== row.group ? (row.group ?? "") : ""));
    rows.push([...lead, c(row.label), ...values]);
  });
  return rows;
}

export function t4Table(t4: T4Model, style: TableStyle): SpanTable {
  const cols = t4.cols.map((x) => c(x));
  const values = printedText(t4.cells).map((t) => c(t));
  if (style === "flat") {
    return [[c(t4.review), c(t4.suit)], [...cols, c(t4.direct), c(t4.afterReview)], [...cols, ...cols], values];
  }
  return [
    [c(t4.review, 5), c(t4.suit, 10)],
    [...t4.cols.map((x) => c(x, 1, 2)), c(t4.direct, 5), c(t4.afterReview, 5)],
    [...cols, ...cols],
    values,
  ];
}

/** Rows from i on that belong to row i's group (the group label's rowspan). */
function groupLength(t3: T3Model, i: number): number {
  let n = 0;
  while (t3.rows[i + n]?.group === t3.rows[i]!.group) n++;
  return n;
}
