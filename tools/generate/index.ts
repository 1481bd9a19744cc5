/**
 * Synthetic report generator: whole report texts with known values (gold) and controlled damage,
 * for measuring the extractor on the kinds of breakage real reports show (TEMPLATES.md §6).
 * generateReport is pure (same rng state → same report); generateCorpus writes inputs/ and gold/.
 */
import { writeCorpus } from "./corpus-writer.js";
import { applyDamage, chooseDamage } from "./damage.js";
import { DamageLog } from "./damage-context.js";
import { buildTables } from "./model.js";
import { pickAgency } from "./names.js";
import { renderReport } from "./render.js";
import type { Rng } from "./rng.js";
import { DAMAGE_KINDS, type DamageKind, type GeneratedReport, type GenerateOptions, type GenerateResult, type RenderStyle, type ReportModel, type ReportOptions, type ReportVariant } from "./types.js";
import { goldCells, reportParts } from "./report-parts.js";
import { generateValues, tablesFor } from "./values.js";

export * from "./types.js";
export { Rng } from "./rng.js";
export { tablesFor, tableKeys } from "./values.js";

const VARIANTS: readonly ReportVariant[] = ["2021", "2019", "hybrid"];

function pickYear(rng: Rng, variant: ReportVariant): number {
  return variant === "2019" ? rng.int(2019, 2020) : rng.int(2021, 2025);
}

export function generateReport(rng: Rng, opts: ReportOptions): GeneratedReport {
  const id = `syn${String(opts.index).padStart(5, "0")}_${rng.hex(8)}`;
  const variant = rng.pick(opts.formats);
  const year = opts.fixed?.year ?? pickYear(rng, variant);
  const agency = opts.fixed?.agency ?? pickAgency(rng, opts.index);
  const values = opts.fixed?.values ?? generateValues(rng, variant, agency.scale);
  const tables = tablesFor(variant);
  const active = chooseDamage(rng, opts.damage, opts.damageRate);
  // reading_order is a rendering (pdftotext raw order), so it decides the style. When it is enabled
  // but did not fire, the report is tab or layout: a clean raw rendering would count as undamaged
  // although real raw text always has some reading-order mix-up. A forced style wins.
  const styles: RenderStyle[] = opts.damage.includes("reading_order") ? ["tab", "layout"] : ["tab", "layout", "raw"];
  let style: RenderStyle = active.has("reading_order") ? "raw" : rng.pick(styles);
  if (opts.style !== undefined) {
    style = opts.style;
    if (style !== "raw") active.delete("reading_order");
  }
  const model: ReportModel = {
    variant,
    agency: agency.name,
    year,
    ...buildTables(rng, tables, values),
    footers: false,
    footerStyle: rng.pick(["dash", "dash", "spaced", "page"] as const),
    fullwidthProse: false,
  };
  const log = new DamageLog();
  const nulls = new Set<string>();
  applyDamage({ rng, model, tables, style, active, log, nulls });

  const text = renderReport(rng, model, style, reportParts(rng, agency, year, variant, values));
  const { keys, cells } = goldCells(tables, values, nulls);
  return {
    id,
    text,
    gold: {
      agency: agency.name,
      year,
      format: variant === "2019" ? "2019" : "2021",
      applies_to_raw_files: [`${id}.txt`],
      cells,
      damage: log.toRecord(keys),
      generator: { variant, style, applied: DAMAGE_KINDS.filter((k) => log.applied.has(k)) },
    },
  };
}

/** Parses a command-line damage option: `all`, `none`, or a comma list of kinds (unknown kinds throw). */
export function parseDamage(value: string): DamageKind[] | "all" | "none" {
  if (value === "all" || value === "none") return value;
  const list = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  return resolveDamage(list as DamageKind[]);
}

function resolveDamage(damage: GenerateOptions["damage"]): DamageKind[] {
  if (damage === undefined || damage === "all") return [...DAMAGE_KINDS];
  if (damage === "none") return [];
  const unknown = damage.filter((d) => !(DAMAGE_KINDS as readonly string[]).includes(d));
  if (unknown.length > 0) throw new Error(`unknown damage kind(s) ${unknown.join(", ")}; known: ${DAMAGE_KINDS.join(", ")}`);
  return [...damage];
}

function checkOptions(opts: GenerateOptions): void {
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new Error(`count must be a non-negative integer, got ${opts.count}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  const rate = opts.damageRate ?? 0.5;
  if (!(rate >= 0 && rate <= 1)) throw new Error(`damageRate must be between 0 and 1, got ${rate}`);
  const formats = opts.formats ?? VARIANTS;
  if (formats.length === 0) throw new Error("formats must not be empty");
  const bad = formats.filter((f) => !VARIANTS.includes(f));
  if (bad.length > 0) throw new Error(`unknown format(s) ${bad.join(", ")}; known: ${VARIANTS.join(", ")}`);
}

export async function generateCorpus(opts: GenerateOptions): Promise<GenerateResult> {
  checkOptions(opts);
  const damage = resolveDamage(opts.damage);
  return writeCorpus(opts, "txt", (rng, index) => {
    const report = generateReport(rng, { index, formats: opts.formats ?? VARIANTS, damage, damageRate: opts.damageRate ?? 0.5 });
    return { id: report.id, bytes: report.text, gold: report.gold };
  });
}
export * from "./pdf/index.js";
