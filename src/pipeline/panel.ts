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
import { TEMPLATES, templateKeys } from "../templates/index.js";
import { needsReview } from "../validate/confidence.js";
import { CROSS_YEAR_FLAGS, crossYearFindings, type CrossYearFinding, type YearDoc } from "../validate/cross-year.js";
import type { DocIndexEntry } from "./doc-index.js";

/** Every key of every template, 2021 first: the panel's columns. */
export const PANEL_KEYS: readonly string[] = [...new Set(TEMPLATES.flatMap((t) => templateKeys(t)))];

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
      groups.set(name, [...(groups.get(name) ?? []), doc]);
    }
  }
  const named = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([agency, docs]) => ({ agency, docs: docs.sort((a, b) => (a.chosen.year ?? 0) - (b.chosen.year ?? 0) || byId(a, b)) }));
  return [...named, ...alone.sort((a, b) => byId(a.docs[0]!, b.docs[0]!))];
}

const CROSS = new Set<string>(CROSS_YEAR_FLAGS);

/**
 * The group's records with their cross-year flags recomputed (old ones removed first, so a fixed
 * break loses its flag). `checked` are the records the checks read (reviewers' corrections applied);
 * the flags go onto `extracted`, which is what reports/*.json hold. Returns the records that changed.
 */
export function applyCrossYear(
  group: AgencyGroup,
  extracted: ReportRecord[],
  checked: readonly ReportRecord[],
): { records: ReportRecord[]; changed: Set<string>; findings: CrossYearFinding[] } {
  const findings: CrossYearFinding[] = [];
  if (group.agency !== null) {
    // One document per year: with duplicates, the first by id (the panel row's document).
    const seen = new Set<number>();
    const yearDocs: YearDoc[] = [];
    group.docs.forEach((d, i) => {
      const year = d.chosen.year;
      if (year === null || seen.has(year)) return;
      seen.add(year);
      yearDocs.push({ id: d.id, year, cells: checked[i]!.cells });
    });
    findings.push(...crossYearFindings(yearDocs));
  }
  const wanted = new Map<string, Map<string, Set<FlagCode>>>();
  for (const f of findings) {
    for (const c of f.cells) {
      const byKey = wanted.get(c.id) ?? new Map<string, Set<FlagCode>>();
      byKey.set(c.key, (byKey.get(c.key) ?? new Set()).add(f.flag));
      wanted.set(c.id, byKey);
    }
  }
  const changed = new Set<string>();
  const records = extracted.map((r, i) => {
    const id = group.docs[i]!.id;
    const want = wanted.get(id);
    let touched = false;
    const cells = r.cells.map((c): CellRecord => {
      const add = want?.get(c.key) ?? new Set<FlagCode>();
      const kept = c.flags.filter((f) => !CROSS.has(f));
      const flags = [...kept, ...CROSS_YEAR_FLAGS.filter((f) => add.has(f))] as FlagCode[];
      if (flags.length === c.flags.length && flags.every((f, k) => f === c.flags[k])) return c;
      touched = true;
      return { ...c, flags, needs_review: needsReview(c.confidence, flags) };
    });
    if (!touched) return r;
    changed.add(id);
    return { ...r, cells };
  });
  return { records, changed, findings };
}

/** One panel row per year of a named group, from the records as exported (corrections applied). */
export function panelRows(group: AgencyGroup, records: readonly ReportRecord[]): PanelRow[] {
  if (group.agency === null) return [];
  const rows: PanelRow[] = [];
  const byYear = new Map<number, number[]>();
  group.docs.forEach((d, i) => {
    if (d.chosen.year !== null) byYear.set(d.chosen.year, [...(byYear.get(d.chosen.year) ?? []), i]);
  });
  for (const [year, idx] of byYear) {
    const docs = idx.map((i) => group.docs[i]!).sort(byId);
    const first = docs[0]!;
    const record = records[group.docs.indexOf(first)]!;
    const flags = new Set<string>();
    if (docs.some((d) => d.chosen.conflict)) flags.add("year_conflict");
    if (new Set(docs.map((d) => d.sha256)).size > 1) flags.add("agency_year_duplicate");
    for (const c of record.cells) for (const f of c.flags) if (CROSS.has(f)) flags.add(f);
    rows.push({
      agency: group.agency,
      year,
      document: first.id,
      documents: docs.map((d) => d.id),
      agency_names: [...new Set(docs.flatMap((d) => (d.agency === null ? [] : [d.agency])))],
      year_source: first.chosen.source ?? "",
      flags: [...flags],
      values: Object.fromEntries(record.cells.map((c) => [c.key, c.value])),
    });
  }
  return rows;
}
