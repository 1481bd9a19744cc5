/**
 * A generated report planned for a markup format (HTML, DOCX): built as the text and PDF generators
 * build it (same agencies, values, table models and prose). Only damage that a web page or Word file
 * really carries is used — zeros printed blank (blank_cells), misprinted labels and `1、` numbering;
 * lost cells, run-together digits and reading order are text-conversion damage that markup cannot have.
 */
import { applyDamage } from "../damage.js";
import { DamageLog } from "../damage-context.js";
import { buildTables } from "../model.js";
import { pickAgency } from "../names.js";
import type { ReportText } from "../render.js";
import type { Rng } from "../rng.js";
import { DAMAGE_KINDS, type AnyDamageKind, type DamageKind, type ReportModel, type ReportVariant } from "../types.js";
import { goldCells, reportParts } from "../report-parts.js";
import { generateValues, tablesFor } from "../values.js";

export const MARKUP_VARIANTS: readonly ReportVariant[] = ["2021", "2019", "hybrid"];

export interface MarkupPlan {
  id: string;
  model: ReportModel;
  parts: ReportText;
  variant: ReportVariant;
  /** Gold values: null for a cell printed blank. */
  cells: Record<string, number | null>;
  damage: Record<string, AnyDamageKind[]>;
  applied: DamageKind[];
}

export function planMarkupReport(rng: Rng, opts: { index: number; prefix: string; formats?: readonly ReportVariant[] }): MarkupPlan {
  const id = `${opts.prefix}${String(opts.index).padStart(5, "0")}_${rng.hex(8)}`;
  const variant = rng.pick(opts.formats ?? MARKUP_VARIANTS);
  const year = variant === "2019" ? rng.int(2019, 2020) : rng.int(2021, 2025);
  const agency = pickAgency(rng, opts.index);
  const values = generateValues(rng, variant, agency.scale);
  const tables = tablesFor(variant);
  const model: ReportModel = { variant, agency: agency.name, year, ...buildTables(rng, tables, values), footers: false, footerStyle: "dash", fullwidthProse: false };
  const active = new Set<DamageKind>();
  // Web pages print blanks far more often than PDFs (the portal's editor leaves zeros out).
  if (rng.chance(0.6)) active.add("blank_cells");
  if (rng.chance(0.3)) active.add(rng.pick(["misprints", "enum_comma"] as const));
  const log = new DamageLog();
  const nulls = new Set<string>();
  applyDamage({ rng, model, tables, style: "tab", active, log, nulls });
  // Portals mostly leave a blank cell empty (&nbsp;) rather than printing a mark in it.
  if (nulls.size > 0 && rng.chance(0.6)) {
    const all = [...model.t2.blocks.flatMap((b) => b.rows.flatMap((r) => r.cells)), ...model.t3.rows.flatMap((r) => r.cells), ...model.t4.cells];
    for (const cell of all) if (nulls.has(cell.key)) cell.text = "";
  }
  const parts: ReportText = reportParts(rng, agency, year, variant, values);
  const { keys, cells } = goldCells(tables, values, nulls);
  return { id, model, parts, variant, cells, damage: log.toRecord(keys), applied: DAMAGE_KINDS.filter((k) => log.applied.has(k)) };
}
