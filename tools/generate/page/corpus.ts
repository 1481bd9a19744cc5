/** Generated reports as crawled web pages with their gold files (`nianbao generate --kind page`). */
import { writeCorpus, type CorpusFiles } from "../corpus-writer.js";
import type { Rng } from "../rng.js";
import { PAGE_DAMAGE_KINDS, type AnyDamageKind, type PageDamageKind, type ReportVariant } from "../types.js";
import { PAGE_VARIANTS, planPageReport, type PageReportOptions, type PageStyle } from "./plan.js";
import { renderPage } from "./render.js";

export interface PageGold {
  agency: string;
  year: number;
  format: "2021" | "2019";
  applies_to_raw_files: string[];
  cells: Record<string, number | null>;
  /** Cells whose printed text carries more than the number (`6586650.10元`), as in ../shared/real. */
  as_printed?: Record<string, string>;
  damage: Record<string, AnyDamageKind[]>;
  generator: { variant: ReportVariant; style: "page"; applied: PageDamageKind[]; page: PageStyle };
}

export interface GeneratedPage {
  id: string;
  file: string;
  text: string;
  gold: PageGold;
}

export function generatePageReport(rng: Rng, opts: PageReportOptions): GeneratedPage {
  const plan = planPageReport(rng, opts);
  const text = renderPage(plan, rng);
  const file = `${plan.id}.page.txt`;
  return {
    id: plan.id,
    file,
    text,
    gold: {
      agency: plan.agency.name,
      year: plan.year,
      format: plan.variant === "2019" ? "2019" : "2021",
      applies_to_raw_files: [file],
      cells: plan.cells,
      ...(Object.keys(plan.asPrinted).length > 0 ? { as_printed: plan.asPrinted } : {}),
      damage: plan.damage,
      generator: { variant: plan.variant, style: "page", applied: plan.applied, page: plan.style },
    },
  };
}

export interface PageCorpusOptions {
  outDir: string;
  count: number;
  seed: number;
  formats?: readonly ReportVariant[];
  /** Optional page kinds that may fire (`all`, `none` or a list; flatten always applies). */
  damage?: readonly PageDamageKind[] | "all" | "none";
  /** One chance for every optional kind instead of the realistic rates. */
  damageRate?: number;
}

/** Parses `all`, `none` or a comma list of page damage kinds (unknown kinds throw). */
export function parsePageDamage(value: string): PageDamageKind[] | "all" | "none" {
  if (value === "all" || value === "none") return value;
  const list = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const unknown = list.filter((k) => !(PAGE_DAMAGE_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new Error(`unknown page damage kind(s) ${unknown.join(", ")}; known: ${PAGE_DAMAGE_KINDS.join(", ")}`);
  return list as PageDamageKind[];
}

export async function generatePageCorpus(opts: PageCorpusOptions): Promise<CorpusFiles> {
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new Error(`count must be a non-negative integer, got ${opts.count}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  const rate = opts.damageRate;
  if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new Error(`damageRate must be between 0 and 1, got ${rate}`);
  const formats = opts.formats ?? PAGE_VARIANTS;
  const bad = formats.filter((f) => !PAGE_VARIANTS.includes(f));
  if (formats.length === 0 || bad.length > 0) throw new Error(`formats must be a non-empty list of ${PAGE_VARIANTS.join(", ")}`);
  const damage = opts.damage === undefined || opts.damage === "all" ? PAGE_DAMAGE_KINDS : opts.damage === "none" ? [] : opts.damage;
  if (typeof opts.damage !== "string" && opts.damage !== undefined) parsePageDamage(opts.damage.join(","));
  return writeCorpus(opts, "page.txt", (rng, index) => {
    const page = generatePageReport(rng, { index, formats, damage, ...(rate === undefined ? {} : { damageRate: rate }) });
    return { id: page.id, bytes: page.text, gold: page.gold };
  });
}
