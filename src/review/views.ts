/**
 * The JSON the pages render: queue items, one item with its source, a report as tables, the
 * overview's figures. Pure functions of a Snapshot; the pages never see file paths they could ask
 * for back — sources are named by record id only.
 */
import { correctionFor, type CorrectionEntry } from "../emit/index.js";
import { FLAG_CODES, type CellRecord, type Check, type FlagCode } from "../model/index.js";
import type { Doc, Snapshot } from "./store.js";

export interface QueueFilter {
  flag?: string;
  table?: string;
  agency?: string;
  year?: string;
  /** One document's values only (record id). */
  doc?: string;
  /** "reviewed": the cells reviewers decided, instead of those still to review. */
  show?: string;
}

function flagInfo(code: string): { code: string; zh: string; en: string; review: boolean } {
  const f = FLAG_CODES[code as FlagCode] as { zh: string; en: string; review: boolean } | undefined;
  return { code, zh: f?.zh ?? code, en: f?.en ?? code, review: f?.review ?? false };
}

function failedByKey(checks: readonly Check[]): Map<string, Check[]> {
  const out = new Map<string, Check[]>();
  for (const k of checks) {
    if (k.ok) continue;
    for (const key of k.keys) out.set(key, [...(out.get(key) ?? []), k]);
  }
  return out;
}

function correctionView(entry: CorrectionEntry, stale: boolean) {
  return { id: entry.id, action: entry.action, old: entry.old, new: entry.new, at: entry.at, reviewer: entry.reviewer, stale };
}

export function itemView(doc: Doc, cell: CellRecord, extracted: CellRecord | undefined, failed: readonly Check[], snap: Snapshot) {
  const found = extracted ? correctionFor(snap.log, doc.record.source.sha256, extracted) : null;
  return {
    doc: doc.id,
    sha256: doc.record.source.sha256,
    agency: doc.record.report.agency,
    year: doc.record.report.year,
    file: doc.record.source.path.split(/[\\/]/).pop() ?? "",
    kind: doc.record.source.kind,
    key: cell.key,
    table: cell.table,
    label_zh: cell.label_zh,
    value: cell.value,
    extracted: extracted?.value ?? null,
    raw: cell.raw,
    confidence: cell.confidence,
    status: cell.status,
    needs_review: cell.needs_review,
    flags: cell.flags.map(flagInfo),
    failed: failed.map((k) => ({ rule: k.rule, expected: k.expected, actual: k.actual, keys: k.keys, message_zh: k.message_zh ?? null })),
    source: cell.source,
    correction: found ? correctionView(found.entry, found.stale) : null,
  };
}
export type ItemView = ReturnType<typeof itemView>;

function matches(doc: Doc, cell: CellRecord, f: QueueFilter): boolean {
  if (f.flag && !cell.flags.includes(f.flag)) return false;
  if (f.table && cell.table !== f.table) return false;
  if (f.agency && doc.record.report.agency !== f.agency) return false;
  if (f.year && String(doc.record.report.year) !== f.year) return false;
  if (f.doc && doc.id !== f.doc) return false;
  return true;
}

/** The cells that still need review (log applied), least confident first, and the filter choices. */
export function queueView(snap: Snapshot, filter: QueueFilter, limit = 500) {
  const items: { item: ItemView; index: number }[] = [];
  const facets = { flags: new Map<string, number>(), tables: new Set<string>(), agencies: new Set<string>(), years: new Set<string>() };
  let reviewed = 0;
  let left = 0;
  const wanted = (c: CellRecord): boolean => (filter.show === "reviewed" ? c.status === "corrected" : c.needs_review);
  for (const doc of snap.docs) {
    const failed = failedByKey(doc.record.checks);
    const extracted = new Map(doc.extracted.cells.map((c) => [c.key, c]));
    doc.record.cells.forEach((cell, index) => {
      if (cell.status === "corrected" && !cell.needs_review) reviewed += 1;
      if (cell.needs_review && matches(doc, cell, filter)) left += 1;
      if (!wanted(cell)) return;
      for (const fl of cell.flags) facets.flags.set(fl, (facets.flags.get(fl) ?? 0) + 1);
      facets.tables.add(cell.table);
      if (doc.record.report.agency) facets.agencies.add(doc.record.report.agency);
      if (doc.record.report.year !== null) facets.years.add(String(doc.record.report.year));
      if (!matches(doc, cell, filter)) return;
      items.push({ item: itemView(doc, cell, extracted.get(cell.key), failed.get(cell.key) ?? [], snap), index });
    });
  }
  items.sort((a, b) => a.item.confidence - b.item.confidence || (a.item.doc < b.item.doc ? -1 : a.item.doc > b.item.doc ? 1 : 0) || a.index - b.index);
  return {
    left,
    shown: items.length,
    reviewed,
    items: items.slice(0, limit).map((i) => i.item),
    facets: {
      flags: [...facets.flags.entries()].sort().map(([code, count]) => ({ ...flagInfo(code), count })),
      tables: [...facets.tables].sort(),
      agencies: [...facets.agencies].sort(),
      years: [...facets.years].sort(),
    },
  };
}

/** One cell with its history in the log (every entry about it, oldest first). */
export function cellView(snap: Snapshot, doc: Doc, key: string) {
  const cell = doc.record.cells.find((c) => c.key === key);
  if (!cell) return null;
  const failed = failedByKey(doc.record.checks).get(key) ?? [];
  const history = snap.log.entries.filter((e) => e.sha256 === doc.record.source.sha256 && e.key === key);
  return { ...itemView(doc, cell, doc.extracted.cells.find((c) => c.key === key), failed, snap), history };
}

/** The report's tables rebuilt as grids (rows and columns in the record's order), with its checks. */
export function reportView(snap: Snapshot, doc: Doc) {
  const failed = failedByKey(doc.record.checks);
  const extracted = new Map(doc.extracted.cells.map((c) => [c.key, c]));
  const tables = new Map<string, { rows: Map<string, string>; columns: Map<string, string>; cells: ItemView[] }>();
  for (const cell of doc.record.cells) {
    const t = tables.get(cell.table) ?? { rows: new Map<string, string>(), columns: new Map<string, string>(), cells: [] as ItemView[] };
    // label_zh is "row label｜column label" (the row part may itself contain ｜ for nested headings).
    const parts = cell.label_zh.split("｜");
    const colLabel = parts.length > 1 ? parts.pop()! : cell.column;
    if (!t.rows.has(cell.row)) t.rows.set(cell.row, parts.join("｜"));
    if (!t.columns.has(cell.column)) t.columns.set(cell.column, colLabel);
    t.cells.push(itemView(doc, cell, extracted.get(cell.key), failed.get(cell.key) ?? [], snap));
    tables.set(cell.table, t);
  }
  const r = doc.record;
  return {
    id: doc.id,
    sha256: r.source.sha256,
    file: r.source.path.split(/[\\/]/).pop() ?? "",
    kind: r.source.kind,
    pages: r.source.pages,
    agency: r.report.agency,
    year: r.report.year,
    title: r.report.title,
    warnings: r.warnings,
    tables: [...tables.entries()].map(([id, t]) => ({
      id,
      template: r.report.tables[id] ?? r.report.template,
      rows: [...t.rows.entries()].map(([key, label]) => ({ key, label })),
      columns: [...t.columns.entries()].map(([key, label]) => ({ key, label })),
      cells: t.cells,
    })),
    checks: r.checks.filter((k) => !k.ok),
    checks_total: r.checks.length,
  };
}

/** Outcome groups of table 3 (the first part of the row key), in the order of the template. */
const OUTCOME_GROUPS = ["granted", "partially_granted", "denied", "unable", "not_processed", "other"] as const;

/** Figures for the overview charts: flags by kind, confidence histogram, applications by agency, year and outcome. */
export function overviewView(snap: Snapshot) {
  const flags = new Map<string, number>();
  const bins = Array.from({ length: 10 }, () => 0);
  const series = new Map<string, Map<number, { applications: number | null; outcomes: Record<string, number> }>>();
  let cells = 0;
  let review = 0;
  for (const doc of snap.docs) {
    for (const c of doc.record.cells) {
      cells += 1;
      if (c.needs_review) review += 1;
      for (const f of c.flags) flags.set(f, (flags.get(f) ?? 0) + 1);
      bins[Math.min(9, Math.floor(c.confidence * 10))]! += 1;
    }
    const { agency, year } = doc.record.report;
    if (!agency || year === null) continue;
    const t3 = new Map(doc.record.cells.filter((c) => c.table === "t3" && c.column === "total").map((c) => [c.row, c.value]));
    const outcomes: Record<string, number> = {};
    for (const g of OUTCOME_GROUPS) {
      // A group printed with its own total row (2019's （六）其他处理) counts once, not with its sub-rows.
      const own = t3.get(g) ?? t3.get(`${g}.total`);
      const v = own !== undefined ? own : [...t3.entries()].filter(([row]) => row.startsWith(`${g}.`)).reduce<number | null>((s, [, x]) => (x === null ? s : (s ?? 0) + x), null);
      if (v !== null && v !== undefined) outcomes[g] = v;
    }
    const byYear = series.get(agency) ?? new Map();
    byYear.set(year, { applications: t3.get("new_received") ?? null, outcomes });
    series.set(agency, byYear);
  }
  return {
    documents: snap.docs.length,
    cells,
    review,
    corrections: snap.log.entries.length,
    flags: [...flags.entries()].sort((a, b) => b[1] - a[1]).map(([code, count]) => ({ ...flagInfo(code), count })),
    confidence: bins,
    agencies: [...series.entries()]
      .map(([agency, years]) => ({ agency, years: [...years.entries()].sort((a, b) => a[0] - b[0]).map(([year, v]) => ({ year, ...v })) }))
      .sort((a, b) => b.years.length - a.years.length || a.agency.localeCompare(b.agency, "zh")),
  };
}
