/**
 * What every rendering of a generated report shares: its prose (title, intro, sections 一, 五, 六 and
 * the table headings, in this rng order) and its gold cells. Text, HTML/DOCX and PDF generators call
 * these, so a report of one seed reads the same whatever it is rendered to.
 */
import { getTemplate } from "../../src/templates/index.js";
import { closingSections, introParagraphs, overviewSection, titleLines, type Agency } from "./names.js";
import type { ReportText } from "./render.js";
import type { Rng } from "./rng.js";
import type { ReportVariant } from "./types.js";
import { tableKeys, type VariantTables } from "./values.js";

export function reportParts(rng: Rng, agency: Agency, year: number, variant: ReportVariant, values: ReadonlyMap<string, number>): ReportText {
  const sections = getTemplate(variant === "2019" ? "gov-info-2019" : "gov-info-2021").sections.map((s) => s.label_zh);
  const section = (i: number): string => sections[i] ?? "";
  return {
    title: titleLines(agency, year),
    intro: introParagraphs(rng, agency, year, variant === "2019"),
    overview: overviewSection(rng, agency, year, values.get("t3.new_received.total") ?? 0, section(0)),
    tableHeadings: [section(1), section(2), section(3)],
    closing: closingSections(rng, agency, year, [section(4), section(5)]),
  };
}

/** Every key of the report's tables with its gold value: null where the cell is printed blank. */
export function goldCells(tables: VariantTables, values: ReadonlyMap<string, number>, nulls: ReadonlySet<string>): { keys: string[]; cells: Record<string, number | null> } {
  const keys = [...tableKeys(tables.t2), ...tableKeys(tables.t3), ...tableKeys(tables.t4)];
  const cells: Record<string, number | null> = {};
  for (const key of keys) cells[key] = nulls.has(key) ? null : (values.get(key) ?? null);
  return { keys, cells };
}
