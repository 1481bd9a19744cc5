/**
 * Generated reports as PDFs with their gold files. The report is built as in the text generator
 * (same agencies, values, table models and prose); of its damage kinds only those that belong in a
 * PDF are used — zeros printed blank (blank_cells) and label misprints and `1、` numbering — since
 * lost cells, run-together digits, reading order and footers inside the text are conversion damage.
 * The gold file describes exactly what the PDF prints (blank cells are null).
 */
import { writeCorpus } from "../corpus-writer.js";
import { applyDamage } from "../damage.js";
import { DamageLog } from "../damage-context.js";
import { buildTables } from "../model.js";
import { pickAgency } from "../names.js";
import type { ReportText } from "../render.js";
import { Rng } from "../rng.js";
import { blankZeros } from "../damage-page.js";
import { DAMAGE_KINDS, PAGE_DAMAGE_KINDS, type AnyDamageKind, type DamageKind, type GoldOut, type ReportModel, type ReportVariant } from "../types.js";
import { goldCells, reportParts } from "../report-parts.js";
import { generateValues, tablesFor } from "../values.js";
import { checkFonts } from "./fonts.js";
import { chooseLayout, type PdfLayout, type PdfLayoutOverrides } from "./layout.js";
import { renderReportPdfWithInfo } from "./render.js";

const VARIANTS: readonly ReportVariant[] = ["2021", "2019", "hybrid"];

export interface PdfReportOptions {
  index: number;
  formats?: readonly ReportVariant[];
  /** Forces layout choices (tests); the others are drawn from the rng. */
  layout?: PdfLayoutOverrides;
  /**
   * Share of reports printed with every zero blank and 总计 only in some rows (blank_zeros), as
   * published tables often are; 0 (default) leaves every report as before. Drawn from the report's
   * own second stream, so a report differs from its default self only in its blank cells.
   */
  blankZeros?: number;
}

/** The text generator's gold file, with the PDF's layout and where each table landed. */
export interface PdfGold extends Omit<GoldOut, "generator"> {
  generator: {
    variant: ReportVariant;
    style: "pdf";
    applied: AnyDamageKind[];
    layout: PdfLayout & { pages: number; tablePages: { t2: number[]; t3: number[]; t4: number[] } };
  };
}

/** A report ready to render: the model, its prose, the layout and the gold (without page info). */
export interface PdfReportPlan {
  id: string;
  model: ReportModel;
  parts: ReportText;
  layout: PdfLayout;
  variant: ReportVariant;
  cells: Record<string, number | null>;
  log: DamageLog;
}

export interface GeneratedPdf {
  id: string;
  pdf: Buffer;
  gold: PdfGold;
}

/** Builds a report as the text generator does, with only PDF-appropriate damage; pure in the rng. */
export function planPdfReport(rng: Rng, opts: PdfReportOptions): PdfReportPlan {
  const id = `synpdf${String(opts.index).padStart(5, "0")}_${rng.hex(8)}`;
  const variant = rng.pick(opts.formats ?? VARIANTS);
  const year = variant === "2019" ? rng.int(2019, 2020) : rng.int(2021, 2025);
  const agency = pickAgency(rng, opts.index);
  const values = generateValues(rng, variant, agency.scale);
  const tables = tablesFor(variant);
  const layout = chooseLayout(rng, opts.layout ?? {}, tables.t3.rows.length);
  const model: ReportModel = {
    variant,
    agency: agency.name,
    year,
    ...buildTables(rng, tables, values),
    footers: true,
    footerStyle: layout.footer.style,
    fullwidthProse: false,
  };
  const active = new Set<DamageKind>();
  if (layout.blankCells) active.add("blank_cells");
  if (layout.labelDamage) active.add(rng.pick(["misprints", "enum_comma"] as const));
  const log = new DamageLog();
  const nulls = new Set<string>();
  applyDamage({ rng, model, tables, style: "layout", active, log, nulls });

  const parts: ReportText = reportParts(rng, agency, year, variant, values);
  const share = opts.blankZeros ?? 0;
  if (share > 0) {
    const own = Rng.forItem(Number.parseInt(id.slice(-8), 16), 1);
    if (share >= 1 || own.chance(share)) blankZeros({ rng: own, model, tables, log, nulls, printed: new Map() });
  }
  const { cells } = goldCells(tables, values, nulls);
  return { id, model, parts, layout, variant, cells, log };
}

export async function generatePdfReport(rng: Rng, opts: PdfReportOptions): Promise<GeneratedPdf> {
  const plan = planPdfReport(rng, opts);
  const { pdf, pages, tablePages } = await renderReportPdfWithInfo(plan.model, plan.parts, { layout: plan.layout });
  const keys = Object.keys(plan.cells);
  return {
    id: plan.id,
    pdf,
    gold: {
      agency: plan.model.agency,
      year: plan.model.year,
      format: plan.variant === "2019" ? "2019" : "2021",
      applies_to_raw_files: [`${plan.id}.pdf`],
      cells: plan.cells,
      damage: plan.log.toRecord(keys),
      generator: {
        variant: plan.variant,
        style: "pdf",
        applied: [...DAMAGE_KINDS, ...PAGE_DAMAGE_KINDS].filter((k) => plan.log.applied.has(k)),
        layout: { ...plan.layout, pages, tablePages },
      },
    },
  };
}

export interface PdfCorpusOptions {
  outDir: string;
  count: number;
  seed: number;
  formats?: ReportVariant[];
  /** Forces layout choices for every report. */
  layout?: PdfLayoutOverrides;
  /** Share of reports with zeros printed blank and 总计 only in some rows (see PdfReportOptions). */
  blankZeros?: number;
}

export async function generatePdfCorpus(opts: PdfCorpusOptions): Promise<{ inputs: string[]; golds: string[] }> {
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new Error(`count must be a non-negative integer, got ${opts.count}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  const formats = opts.formats ?? VARIANTS;
  const bad = formats.filter((f) => !VARIANTS.includes(f));
  if (formats.length === 0 || bad.length > 0) throw new Error(`formats must be a non-empty list of ${VARIANTS.join(", ")}`);
  checkShare(opts.blankZeros);
  checkFonts();
  return writeCorpus(opts, "pdf", async (rng, index) => {
    const report = await generatePdfReport(rng, { index, formats, ...(opts.layout ? { layout: opts.layout } : {}), ...(opts.blankZeros ? { blankZeros: opts.blankZeros } : {}) });
    return { id: report.id, bytes: report.pdf, gold: report.gold };
  });
}

/** A share option must be a number from 0 to 1. */
export function checkShare(share: number | undefined, name = "blankZeros"): void {
  if (share !== undefined && !(share >= 0 && share <= 1)) throw new Error(`${name} must be between 0 and 1, got ${share}`);
}
