/** What the three renderers share: page footers, prose and the split of a label into fragments. */
import type { Rng } from "./rng.js";
import { footerText, spaceDigits, toFullwidth, wrap } from "./text.js";
import type { RenderStyle, ReportModel, T3Row } from "./types.js";
import type { ProseBlock } from "./names.js";

export interface RenderCtx {
  rng: Rng;
  style: RenderStyle;
  model: ReportModel;
  page: number;
  /** pdftotext prints `2023 年` (WPS PDFs); scraped web text prints `2023年`. */
  digitSpace: boolean;
}

/** A page footer (page_footer damage); PDF text styles start the next page with a form feed. */
export function footer(ctx: RenderCtx): string[] {
  const text = footerText(ctx.model.footerStyle, ctx.page++);
  if (ctx.style === "tab") return [text];
  const indent = ctx.rng.chance(0.5) ? ctx.rng.int(20, 75) : ctx.rng.int(0, 6);
  return [" ".repeat(indent) + text, "\f"];
}

/** Joins lines; a lone form feed becomes the prefix of the next line, as pdftotext writes it. */
export function joinLines(lines: readonly string[]): string {
  return lines.join("\n").replace(/\f\n/g, "\f") + "\n";
}

export function splitLabel(row: T3Row): [string, string] | null {
  if (!row.split) return null;
  const chars = [...row.label];
  return [chars.slice(0, row.split.at).join(""), chars.slice(row.split.at).join("")];
}

/** Printed texts of a row's cells: lost cells (null) are simply absent. */
export function printed(cells: readonly { text: string | null }[]): string[] {
  return cells.flatMap((c) => (c.text === null ? [] : [c.text]));
}

function proseText(ctx: RenderCtx, s: string): string {
  let out = ctx.digitSpace ? spaceDigits(s) : s;
  if (ctx.model.fullwidthProse) out = toFullwidth(out);
  return out;
}

/** Prose in the style's shape; layout and raw wrap at a PDF line width and may break pages. */
export function renderProse(ctx: RenderCtx, blocks: readonly ProseBlock[], linesSoFar: { n: number }): string[] {
  const out: string[] = [];
  const indent = ctx.style === "layout" ? "   " : "";
  const emit = (line: string) => {
    out.push(line);
    if (ctx.style !== "tab" && ctx.model.footers && ++linesSoFar.n % 38 === 0) out.push(...footer(ctx));
  };
  for (const block of blocks) {
    if (ctx.style === "tab") {
      if (block.heading !== "") out.push(proseText(ctx, block.heading), "");
      for (const p of block.paragraphs) out.push(proseText(ctx, p), "");
      continue;
    }
    if (block.heading !== "") emit(indent + proseText(ctx, block.heading));
    for (const p of block.paragraphs) {
      const lines = wrap(proseText(ctx, p), 62, ctx.style === "layout" ? 4 : 0);
      lines.forEach((l, i) => emit((i === 0 ? indent : "") + l));
    }
  }
  return out;
}

export function renderTitle(ctx: RenderCtx, title: readonly string[]): string[] {
  const t = title.map((l) => (ctx.digitSpace ? spaceDigits(l) : l));
  if (ctx.style === "tab") return [t.join(""), ""];
  if (ctx.style === "raw") return [...t];
  return [" ".repeat(16) + (t[0] ?? ""), " ".repeat(6) + (t[1] ?? ""), "", ""];
}
