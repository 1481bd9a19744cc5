/**
 * Style 3: one cell per line, as pdftotext writes without -layout (real/*.pdftotext-raw.txt). With
 * reading_order damage: column-major blocks of numbers with the labels after them (洪泽区 2023),
 * values before labels in table 2, and table-4 header cells interleaved with the values.
 */
import { footer, printed, splitLabel, type RenderCtx } from "./render-common.js";
import { halves, wrap } from "./text.js";
import type { T2Model, T3Model, T3Row, T4Model } from "./types.js";

/** Each cell on its own line, blank lines between cells. */
const cellLines = (cells: readonly string[]) => cells.flatMap((c) => (c === "" ? [] : [c, ""]));

const stacked = (s: string) => halves(s).filter((h) => h !== "").join("\n");

export function rawT2(ctx: RenderCtx, t2: T2Model): string[] {
  const out: string[] = [];
  for (const block of t2.blocks) {
    out.push(...cellLines([block.caption, ...block.header]));
    for (const row of block.rows) {
      const values = printed(row.cells);
      if (t2.valueFirst && values.length === 1) out.push(...cellLines([...values, row.label]));
      else out.push(...cellLines([row.label, ...values]));
    }
    if (block.footerAfter) out.push(...footer(ctx));
  }
  return out;
}

function t3Header(t3: T3Model): string[] {
  return [
    ...cellLines([t3.applicants]),
    ...wrap(t3.note, 48),
    "",
    ...cellLines([t3.orgCaption, t3.natural, ...t3.orgCols.map(stacked), t3.total]),
  ];
}

/** Label lines of a row, preceded by its group label when it opens a group. */
function labelLines(ctx: RenderCtx, t3: T3Model, row: T3Row, opensGroup: boolean): string[] {
  const out: string[] = [];
  if (opensGroup && row.group !== null) {
    const at = t3.groupSplit[row.group];
    const g = [...row.group];
    out.push(at === undefined ? row.group : `${g.slice(0, at).join("")}\n${g.slice(at).join("")}`, "");
  }
  const parts = splitLabel(row);
  if (!parts) out.push(row.label);
  else if (row.split?.mode === "footer") out.push(parts[0], ...footer(ctx), parts[1]);
  else out.push(parts[0], parts[1]);
  return out;
}

/** reading_order: k rows printed column by column, k numbers per block, labels afterwards. */
function columnMajor(ctx: RenderCtx, t3: T3Model, start: number, k: number): string[] {
  const rows = t3.rows.slice(start, start + k);
  const out: string[] = [];
  const ncol = rows[0]?.cells.length ?? 0;
  for (let j = 0; j < ncol; j++) out.push(...rows.map((r) => r.cells[j]?.text ?? ""), "");
  rows.forEach((row, i) => {
    out.push(...labelLines(ctx, t3, row, row.group !== t3.rows[start + i - 1]?.group));
  });
  out.push("");
  if (rows.some((r) => r.footerAfter)) out.push(...footer(ctx));
  return out;
}

export function rawT3(ctx: RenderCtx, t3: T3Model): string[] {
  const out = t3Header(t3);
  let skip = 0;
  let glue = "";
  let outcomeSeen = false;
  t3.rows.forEach((row, i) => {
    if (row.level !== 1 && !outcomeSeen) {
      outcomeSeen = true;
      out.push(...(t3.outcomePieces ?? [t3.outcomeLabel]), "");
    }
    if (skip > 0) {
      skip--;
      return;
    }
    if (row.columnMajorRun > 0) {
      out.push(...columnMajor(ctx, t3, i, row.columnMajorRun));
      skip = row.columnMajorRun - 1;
      return;
    }
    const values = printed(row.cells);
    const labels = labelLines(ctx, t3, row, row.group !== null && row.group !== t3.rows[i - 1]?.group);
    if (row.runTogether || glue !== "") {
      // run_together: label and digits on one line; a glued row continues the previous line.
      const last = (labels.pop() ?? "") + (row.runTogether ? values.join("") : "");
      const line = glue + last;
      // A group label cannot go inside a glued line; pdftotext would print it after.
      if (glue === "") out.push(...labels);
      if (!row.glueNext) out.push(line, "", ...(glue === "" ? [] : labels), ...(row.runTogether ? [] : cellLines(values)));
      glue = row.glueNext ? line : "";
    } else {
      out.push(...labels, "", ...cellLines(values));
      glue = "";
    }
    if (row.footerAfter) out.push(...footer(ctx));
  });
  return out;
}

export function rawT4(ctx: RenderCtx, t4: T4Model): string[] {
  const sp = (s: string) => (t4.spaced ? [...s].join(" ") : s);
  const head = t4.cols.map((c) => stacked(sp(c)));
  const values = t4.cells.map((c) => c.text ?? "");
  const groups = [t4.review, t4.direct, t4.afterReview];
  if (!t4.interleave) {
    const out = cellLines([t4.review, t4.suit, t4.direct, t4.afterReview, ...head, ...head, ...head]);
    if (t4.footerInHeader) out.push(...footer(ctx));
    return [...out, ...cellLines(values)];
  }
  // Header cells interleaved with the values (淮安市 2024 raw): column order must come from the template.
  const out: string[] = [];
  groups.forEach((g, n) => {
    out.push(...cellLines([n === 1 ? `${t4.suit}\n${g}` : g, ...head.slice(0, 4)]));
    out.push(...cellLines(values.slice(n * 5, n * 5 + 4)));
    out.push(...cellLines([head[4] ?? "", values[n * 5 + 4] ?? ""]));
    if (n === 0 && t4.footerInHeader) out.push(...footer(ctx));
  });
  return out;
}
