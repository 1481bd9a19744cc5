/** Assembles a whole report: title, intro, the six sections, with tables 2–4 in the chosen style. */
import { layoutT2, layoutT3, layoutT4 } from "./render-layout.js";
import { rawT2, rawT3, rawT4 } from "./render-raw.js";
import { tabT2, tabT3, tabT4 } from "./render-tab.js";
import { joinLines, renderProse, renderTitle, type RenderCtx } from "./render-common.js";
import type { ProseBlock } from "./names.js";
import type { RenderStyle, ReportModel, T2Model, T3Model, T4Model } from "./types.js";
import type { Rng } from "./rng.js";
import { footerText } from "./text.js";

interface TableRenderers {
  t2: (ctx: RenderCtx, t: T2Model) => string[];
  t3: (ctx: RenderCtx, t: T3Model) => string[];
  t4: (ctx: RenderCtx, t: T4Model) => string[];
}

const RENDERERS: Record<RenderStyle, TableRenderers> = {
  tab: { t2: tabT2, t3: tabT3, t4: tabT4 },
  layout: { t2: layoutT2, t3: layoutT3, t4: layoutT4 },
  raw: { t2: rawT2, t3: rawT3, t4: rawT4 },
};

export interface ReportText {
  title: string[];
  intro: string[];
  overview: ProseBlock[];
  /** Headings of sections 二, 三, 四 (template data). */
  tableHeadings: readonly [string, string, string];
  closing: ProseBlock[];
}

export function renderReport(rng: Rng, model: ReportModel, style: RenderStyle, parts: ReportText): string {
  const ctx: RenderCtx = { rng, style, model, page: 1, digitSpace: style !== "tab" && rng.chance(0.7) };
  const r = RENDERERS[style];
  const count = { n: 0 };
  const heading = (h: string) => renderProse(ctx, [{ heading: h, paragraphs: [] }], count);
  const gap = style === "tab" ? [""] : [];
  const lines = [
    ...(style === "tab" ? ["", ""] : []),
    ...renderTitle(ctx, parts.title),
    ...renderProse(ctx, [{ heading: "", paragraphs: parts.intro }], count),
    ...renderProse(ctx, parts.overview, count),
    ...heading(parts.tableHeadings[0]),
    ...gap,
    ...r.t2(ctx, model.t2),
    ...gap,
    ...heading(parts.tableHeadings[1]),
    ...gap,
    ...r.t3(ctx, model.t3),
    ...gap,
    ...heading(parts.tableHeadings[2]),
    ...gap,
    ...r.t4(ctx, model.t4),
    ...gap,
    ...renderProse(ctx, parts.closing, count),
  ];
  if (model.footers && style !== "tab") lines.push("", ...renderFinalFooter(ctx));
  return joinLines(lines);
}

/** The last page's footer, so page numbers run to the end as in a PDF. */
function renderFinalFooter(ctx: RenderCtx): string[] {
  return [" ".repeat(26) + footerText(ctx.model.footerStyle, ctx.page)];
}
