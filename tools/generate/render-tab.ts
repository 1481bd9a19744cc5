/**
 * Style 1: tab-separated text as scraped from a web page (seeds/000_10edc68f72ccfcee.txt). Label
 * columns are cells of their own; 三、本年度办理结果 sits in the first cell of the outcome rows.
 */
import { footer, printed, splitLabel, type RenderCtx } from "./render-common.js";
import type { T2Model, T3Model, T3Row, T4Model } from "./types.js";

const tabs = (cells: readonly string[]) => cells.join("\t");

export function tabT2(ctx: RenderCtx, t2: T2Model): string[] {
  const out: string[] = [];
  const padTo4 = ctx.rng.chance(0.5);
  const pad = (cells: string[]) => (padTo4 ? [...cells, ...Array(Math.max(0, 4 - cells.length)).fill("")] : cells);
  for (const block of t2.blocks) {
    out.push(tabs(pad([block.caption])), tabs(pad(block.header)));
    for (const row of block.rows) out.push(tabs(pad([row.label, ...printed(row.cells)])));
    if (block.footerAfter) out.push(...footer(ctx));
  }
  return out;
}

function t3Header(ctx: RenderCtx, t3: T3Model): string[] {
  const lines = [
    tabs(["", t3.applicants, "", "", "", "", "", ""]),
    tabs(["", t3.natural, t3.orgCaption, "", "", "", "", t3.total]),
    tabs(["", "", ...t3.orgCols, ""]),
  ];
  const note = tabs([t3.note, "", "", "", "", "", "", ""]);
  // The seed prints the note cell as a row below the applicant header; HTML tables put it first.
  return ctx.rng.chance(0.6) ? [...lines, note] : [note.replace(/\t+$/, "") + lines[0], ...lines.slice(1)];
}

/** First cells of a row: [三、 piece, group label] for outcome rows, nothing for 一、二、四. */
function leadCells(t3: T3Model, row: T3Row, outcomeIndex: number, groupFirst: boolean, groupSecond: boolean): string[] {
  if (row.level === 1) return [];
  const pieces = t3.outcomePieces;
  const piece = pieces ? (pieces[outcomeIndex] ?? "") : outcomeIndex === 0 ? t3.outcomeLabel : "";
  if (row.level === 2) return [piece];
  const group = row.group ?? "";
  const at = t3.groupSplit[group];
  const chars = [...group];
  let groupCell = "";
  if (groupFirst) groupCell = at === undefined ? group : chars.slice(0, at).join("");
  else if (groupSecond && at !== undefined) groupCell = chars.slice(at).join("");
  return [piece, groupCell];
}

export function tabT3(ctx: RenderCtx, t3: T3Model): string[] {
  const out = t3Header(ctx, t3);
  const blankBetween = ctx.rng.chance(0.5);
  let outcomeIndex = 0;
  let pending = "";
  t3.rows.forEach((row, i) => {
    const prev = t3.rows[i - 1];
    const lead = leadCells(t3, row, outcomeIndex, row.group !== null && prev?.group !== row.group, row.group !== null && prev?.group === row.group && t3.rows[i - 2]?.group !== row.group);
    if (row.level !== 1) outcomeIndex++;
    const values = printed(row.cells);
    const parts = splitLabel(row);
    const label = parts ? parts[0] : row.label;
    // run_together: no separators at all between the label and the digits.
    const body = row.runTogether ? label + values.join("") : tabs([label, ...values]);
    const prefix = prev?.glueNext ? pending : tabs([...lead, ""]);
    if (row.glueNext) {
      pending = prefix + body;
      return;
    }
    if (parts && row.split?.mode === "last") {
      out.push(prefix + parts[0]);
      out.push(tabs([...lead.map(() => ""), parts[1] + (row.runTogether ? values.join("") : ""), ...(row.runTogether ? [] : values)]));
    } else {
      out.push(prefix + body);
      // A glued row's own first cells (三、 piece, group label) would vanish; scraped text keeps them on a line of their own.
      if (prev?.glueNext && lead.some((c) => c !== "")) out.push(tabs(lead));
      if (parts) {
        if (row.split?.mode === "footer") out.push(...footer(ctx));
        else if (blankBetween) out.push("");
        out.push(tabs([...lead.map(() => ""), parts[1]]));
      }
    }
    if (row.footerAfter) out.push(...footer(ctx));
  });
  return out;
}

export function tabT4(ctx: RenderCtx, t4: T4Model): string[] {
  const col = (s: string) => (t4.spaced ? [...s].join(" ") : s);
  const cols = t4.cols.map(col);
  const empty = (n: number) => Array<string>(n).fill("");
  const out = [
    tabs([col(t4.review), ...empty(4), col(t4.suit), ...empty(9)]),
    tabs([...cols, t4.direct, ...empty(4), t4.afterReview, ...empty(4)]),
    tabs([...empty(5), ...cols, ...cols]),
  ];
  if (t4.footerInHeader) out.push(...footer(ctx));
  out.push(tabs(printed(t4.cells)));
  return out;
}
