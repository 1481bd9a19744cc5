/**
 * The record of a pre-2019 report (TEMPLATES.md §5): no national table, so the indicators of its
 * statistics table, or of its sentences, under the legacy template's keys `legacy.<family>.<indicator>`.
 */
import { linesToItems } from "../layout/items.js";
import { matchLegacy } from "../match/legacy.js";
import type { PageLine } from "../model/index.js";
import { GOV_INFO_LEGACY } from "../templates/index.js";
import { validateLegacy } from "../validate/legacy.js";
import type { ValidatedCell } from "../validate/index.js";
import { RECORD_SCHEMA_ID, type Check, type PageModel, type ReportRecord } from "../model/index.js";
import type { ReportMeta } from "../match/metadata.js";
import { VERSION } from "../version.js";
import { otherTables } from "./other-tables.js";

/** Fewer indicators than this is not a report's statistics (a stray 行政复议0件 in a news page). */
const MIN_INDICATORS = 2;

export interface LegacyResult {
  template: string;
  cells: ValidatedCell[];
  checks: Check[];
  warnings: string[];
  /** Indicators read from a statistics table (not from sentences). */
  fromTable: number;
}

/** Reports for these years had no national table; their statistics are read as indicators first. */
export const isLegacyYear = (year: number | null): boolean => year !== null && year <= GOV_INFO_LEGACY.years.to;

export function extractLegacy(lines: readonly PageLine[], reviewThreshold?: number): LegacyResult | null {
  const readings = matchLegacy(lines, GOV_INFO_LEGACY, (line) => linesToItems([line]));
  if (readings.length < MIN_INDICATORS) return null;
  const { cells, checks } = validateLegacy(readings, GOV_INFO_LEGACY, reviewThreshold);
  const fromText = readings.filter((r) => r.from === "text").length;
  const warnings = fromText > 0 ? [`pre-2019 report: ${fromText} of ${readings.length} indicators taken from sentences of the text (flagged from_text)`] : [];
  return { template: GOV_INFO_LEGACY.id, cells, checks, warnings, fromTable: readings.length - fromText };
}

export function legacyRecord(
  source: { path: string; sha256: string; model: PageModel },
  meta: ReportMeta,
  sections: Record<string, string>,
  legacy: LegacyResult,
  timings: Record<string, number>,
): ReportRecord {
  return {
    schema: RECORD_SCHEMA_ID,
    source: { path: source.path, sha256: source.sha256, kind: source.model.kind, pages: source.model.pages },
    report: { agency: meta.agency, year: meta.year, template: legacy.template, title: meta.title, tables: { legacy: legacy.template } },
    cells: legacy.cells,
    checks: legacy.checks,
    unmapped: [],
    sections,
    timings,
    warnings: [...(source.model.warnings ?? []), ...legacy.warnings],
    nianbao_version: VERSION,
    ...otherTables(source.model, legacy.cells),
  };
}
