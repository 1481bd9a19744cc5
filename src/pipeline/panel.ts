/**
 * The end of a batch, per agency: documents grouped under one normalized agency name, the
 * cross-year checks run on the group (flags written back into the records of every year involved,
 * re-serialized atomically), and the group's panel rows. One agency's records are in memory at a
 * time, never the whole archive.
 */
import { canonicalAgencies } from "../match/agency.js";
import { chooseYear, type ChosenYear } from "../match/years.js";
import type { CellRecord, FlagCode, ReportRecord } from "../model/index.js";
import type { PanelRow } from "../emit/index.js";
import { TEMPLATES, templateKeys, type Template } from "../templates/index.js";
import { REVIEW_THRESHOLD, needsReview } from "../validate/confidence.js";
import { CROSS_YEAR_FLAGS, crossYearFindings, type CrossYearFinding, type CrossYearRuleSet, type YearDoc } from "../validate/cross-year.js";
import type { DocIndexEntry } from "./doc-index.js";

/** Every key of every template of the run, in template order (2021 first): the panel's columns. */
export function panelKeys(templates: readonly Template[]): string[] {
  return [...new Set(templates.flatMap((t) => templateKeys(t)))];
}

/** The panel's columns with the built-in templates. */
export const PANEL_KEYS: readonly string[] = panelKeys(TEMPLATES);

export interface GroupedDoc extends DocIndexEntry {
  chosen: ChosenYear;
}

export interface AgencyGroup {
  /** Canonical name; null for documents whose agency was not found (each alone, no panel row). */
  agency: string | null;
  docs: GroupedDoc[];
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function groupByAgency(entries: readonly DocIndexEntry[]): AgencyGroup[] {
  const canon = canonicalAgencies(entries.flatMap((e) => (e.agency === null ? [] : [e.agency])));
  const groups = new Map<string, GroupedDoc[]>();
  const alone: AgencyGroup[] = [];
  for (const e of entries) {
    const doc = { ...e, chosen: chooseYear(e.years) };
    if (e.agency === null) alone.push({ agency: null, docs: [doc] });
    else {
      const name = canon.get(e.agency) ?? e.agency;
      const docs = groups.get(name);
      if (docs) docs.push(doc);
      else groups.set(name, [doc]);
    }
  }
  const named = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([agency, docs]) => ({ agency, docs: docs.sort((a, b) => (a.chosen.year ?? 0) - (b.chosen.year ?? 0) || byId(a, b)) }));
  return [...named, ...alone.sort((a, b) => byId(a.docs[0]!, b.docs[0]!))];
}

const CROSS = new Set<string>(CROSS_YEAR_FLAGS);

/** Record id → key → the cross-year flags its cell must carry. */
export type WantedFlags = Map<string, Map<string, Set<FlagCode>>>;

/** The first document of each year (with duplicates, the first by id: the panel row's document). */
export function yearLeaders(group: AgencyGroup): Map<number, number> {
  const leaders = new Map<number, number>();
  group.docs.forEach((d, i) => {
    if (d.chosen.year !== null && !leaders.has(d.chosen.year)) leaders.set(d.chosen.year, i);
  });
  return leaders;
}

/**
 * The group's cross-year findings. `cellsOf(i)` gives the cells the checks read for document i
 * (reviewers' corrections applied); it is called once for each year's leading document.
 */
export async function groupFindings(
  group: AgencyGroup,
  cellsOf: (i: number) => Promise<YearDoc["cells"]>,
  /** The run's templates' cross-year rules (default: the built-in templates'). */
  rules?: CrossYearRuleSet,
): Promise<{ findings: CrossYearFinding[]; wanted: WantedFlags }> {
  const findings: CrossYearFinding[] = [];
  if (group.agency !== null && group.docs.length > 1) {
    const yearDocs: YearDoc[] = [];
    for (const [year, i] of yearLeaders(group)) yearDocs.push({ id: group.docs[i]!.id, year, cells: await cellsOf(i) });
    findings.push(...crossYearFindings(yearDocs, ...(rules ? [rules] : [])));
  }
  const wanted: WantedFlags = new Map();
  for (const f of findings) {
    for (const c of f.cells) {
      const byKey = wanted.get(c.id) ?? new Map<string, Set<FlagCode>>();
      byKey.set(c.key, (byKey.get(c.key) ?? new Set()).add(f.flag));
      wanted.set(c.id, byKey);
    }
  }
  return { findings, wanted };
}

/**
 * The record with its cross-year flags set to `want` (old ones removed first, so a fixed break
 * loses its flag), or null when nothing changes. The flags go onto the record as extracted, which
 * is what reports/*.json hold.
 */
export function withCrossYearFlags(r: ReportRecord, want: ReadonlyMap<string, Set<FlagCode>> | undefined, reviewThreshold: number = REVIEW_THRESHOLD): ReportRecord | null {
  let touched = false;
  const cells = r.cells.map((c): CellRecord => {
    const add = want?.get(c.key);
    const kept = c.flags.filter((f) => !CROSS.has(f));
    const flags = (add ? [...kept, ...CROSS_YEAR_FLAGS.filter((f) => add.has(f))] : kept) as FlagCode[];
    if (flags.length === c.flags.length && flags.every((f, k) => f === c.flags[k])) return c;
    touched = true;
    return { ...c, flags, needs_review: needsReview(c.confidence, flags, reviewThreshold) };
  });
  return touched ? { ...r, cells } : null;
}

/** One panel row per year of a named group, from the exported (corrected) records of the years' leading documents. */
export function panelRows(group: AgencyGroup, leaders: ReadonlyMap<number, Pick<ReportRecord, "cells">>): PanelRow[] {
  if (group.agency === null) return [];
  const rows: PanelRow[] = [];
  const byYear = new Map<number, GroupedDoc[]>();
  for (const d of group.docs) if (d.chosen.year !== null) byYear.set(d.chosen.year, [...(byYear.get(d.chosen.year) ?? []), d]);
  for (const [year, docs] of byYear) {
    const record = leaders.get(year);
    if (!record) continue;
    const flags = new Set<string>();
    if (docs.some((d) => d.chosen.conflict)) flags.add("year_conflict");
    if (new Set(docs.map((d) => d.sha256)).size > 1) flags.add("agency_year_duplicate");
    if (docs[0]!.partial) flags.add("partial");
    for (const c of record.cells) for (const f of c.flags) if (CROSS.has(f)) flags.add(f);
    rows.push({
      agency: group.agency,
      year,
      document: docs[0]!.id,
      documents: docs.map((d) => d.id),
      agency_names: [...new Set(docs.flatMap((d) => (d.agency === null ? [] : [d.agency])))],
      year_source: docs[0]!.chosen.source ?? "",
      flags: [...flags],
      values: Object.fromEntries(record.cells.map((c) => [c.key, c.value])),
    });
  }
  return rows;
}
