/** Generated reports as HTML pages with their gold files (`nianbao generate --kind html`). */
import { writeCorpus } from "../corpus-writer.js";
import type { Rng } from "../rng.js";
import type { ReportVariant } from "../types.js";
import { encodeGbk } from "./gbk.js";
import { chooseHtmlOptions, renderHtmlPage, type HtmlPageOptions } from "./page.js";
import { MARKUP_VARIANTS, planMarkupReport, type MarkupPlan } from "./plan.js";

export interface GeneratedHtml {
  id: string;
  bytes: Buffer;
  html: string;
  options: HtmlPageOptions;
  gold: MarkupGold;
}

export interface MarkupGold {
  agency: string;
  year: number;
  format: "2021" | "2019";
  applies_to_raw_files: string[];
  cells: Record<string, number | null>;
  damage: MarkupPlan["damage"];
  generator: { variant: ReportVariant; style: string; applied: MarkupPlan["applied"]; options?: object };
}

export function goldOf(plan: MarkupPlan, file: string, style: string, options?: object): MarkupGold {
  return {
    agency: plan.model.agency,
    year: plan.model.year,
    format: plan.variant === "2019" ? "2019" : "2021",
    applies_to_raw_files: [file],
    cells: plan.cells,
    damage: plan.damage,
    generator: { variant: plan.variant, style, applied: plan.applied, ...(options ? { options } : {}) },
  };
}

export function generateHtmlReport(rng: Rng, opts: { index: number; formats?: readonly ReportVariant[]; options?: Partial<HtmlPageOptions> }): GeneratedHtml {
  const plan = planMarkupReport(rng, { index: opts.index, prefix: "synhtml", ...(opts.formats ? { formats: opts.formats } : {}) });
  const options = { ...chooseHtmlOptions(rng), ...opts.options };
  const html = renderHtmlPage(plan, options, rng);
  const bytes = options.charset === "utf-8" ? Buffer.from(html, "utf8") : encodeGbk(html);
  return { id: plan.id, bytes, html, options, gold: goldOf(plan, `${plan.id}.html`, "html", options) };
}

export interface MarkupCorpusOptions {
  outDir: string;
  count: number;
  seed: number;
  formats?: ReportVariant[];
}

export function checkMarkupCorpusOptions(opts: MarkupCorpusOptions): void {
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new Error(`count must be a non-negative integer, got ${opts.count}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  const formats = opts.formats ?? MARKUP_VARIANTS;
  const bad = formats.filter((f) => !MARKUP_VARIANTS.includes(f));
  if (formats.length === 0 || bad.length > 0) throw new Error(`formats must be a non-empty list of ${MARKUP_VARIANTS.join(", ")}`);
}

/** Writes `count` reports of one kind: inputs/<id>.<ext> and gold/<id>.json; report i is the same whatever the count. */
export async function writeMarkupCorpus(
  opts: MarkupCorpusOptions,
  ext: string,
  make: (rng: Rng, index: number) => Promise<{ id: string; bytes: Buffer; gold: MarkupGold }> | { id: string; bytes: Buffer; gold: MarkupGold },
): Promise<{ inputs: string[]; golds: string[] }> {
  checkMarkupCorpusOptions(opts);
  return writeCorpus(opts, ext, make);
}

export function generateHtmlCorpus(opts: MarkupCorpusOptions): Promise<{ inputs: string[]; golds: string[] }> {
  return writeMarkupCorpus(opts, "html", (rng, index) => generateHtmlReport(rng, { index, ...(opts.formats ? { formats: opts.formats } : {}) }));
}
