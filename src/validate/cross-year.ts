/**
 * Checks across the years of one agency, which no single report can show; the first two are
 * declared by the template tables (cross_year):
 *   - carry-over: this year's 上年结转 (t3.carried_over.<col>) equals last year's 结转下年度继续办理
 *     (t3.carried_forward.<col>), per column;
 *   - stock: 现行有效件数 moves by 制发 − 废止 (t2.<doc>.in_force(y) = in_force(y−1) + issued(y) − repealed(y),
 *     2021 format);
 *   - outlier: a value far outside the agency's other years.
 * Findings name every cell involved, in both years, so that each record can carry the flag.
 * Only consecutive years are linked: a gap in the archive breaks no chain.
 */
import type { CellRecord, FlagCode } from "../model/index.js";
import { TEMPLATES, type Template } from "../templates/index.js";

/** The codes this module writes; a re-check removes them first, so a record never keeps a stale one. */
export const CROSS_YEAR_FLAGS = ["carryover_break", "in_force_break", "year_outlier"] as const satisfies readonly FlagCode[];
export type CrossYearFlag = (typeof CROSS_YEAR_FLAGS)[number];

export interface YearDoc {
  /** Record id. */
  id: string;
  year: number;
  cells: readonly Pick<CellRecord, "key" | "value" | "status">[];
}

export interface CrossYearFinding {
  flag: CrossYearFlag;
  rule: string;
  /** The cells involved: record id and key. */
  cells: { id: string; key: string }[];
  expected: number;
  actual: number;
}

/** The templates' cross-year rules over full keys, each rule once (both national formats declare table 3's). */
export interface CrossYearRuleSet {
  carryOver: { rule: string; from: string; to: string }[];
  stock: { rule: string; stock: string; added: string; removed: string }[];
}

export function crossYearRules(templates: readonly Template[]): CrossYearRuleSet {
  const carry = new Map<string, CrossYearRuleSet["carryOver"][number]>();
  const stock = new Map<string, CrossYearRuleSet["stock"][number]>();
  for (const table of templates.flatMap((t) => t.tables)) {
    for (const c of table.cross_year.carry_over) {
      for (const col of c.columns ?? table.columns.map((x) => x.key)) {
        const rule = `cross_year.${c.id}[${col}]`;
        if (!carry.has(rule)) carry.set(rule, { rule, from: `${table.id}.${c.from}.${col}`, to: `${table.id}.${c.to}.${col}` });
      }
    }
    for (const s of table.cross_year.stock) {
      for (const row of s.rows) {
        const rule = `cross_year.${s.id}[${row}]`;
        const key = (col: string): string => `${table.id}.${row}.${col}`;
        if (!stock.has(rule)) stock.set(rule, { rule, stock: key(s.stock), added: key(s.added), removed: key(s.removed) });
      }
    }
  }
  return { carryOver: [...carry.values()], stock: [...stock.values()] };
}

const BUILT_IN_RULES = crossYearRules(TEMPLATES);

/**
 * Outlier rule: with at least MIN_OTHER_YEARS other years, a value is flagged when it is further
 * from their median than all of OUTLIER_ABS, OUTLIER_MAD_FACTOR robust deviations and
 * OUTLIER_RATIO × the median. Year-to-year changes of 2–3× are common in real reports (a campaign, a
 * reorganisation); the figures flag only order-of-magnitude jumps such as a misplaced unit or digits.
 */
const MIN_OTHER_YEARS = 3;
const OUTLIER_ABS = 20;
const OUTLIER_MAD_FACTOR = 10;
const OUTLIER_RATIO = 3;

/** A cell's number for cross-year arithmetic: blanks count as 0 (as in the rules); missing cells are unknown. */
function valueOf(doc: Indexed, key: string): number | undefined {
  const c = doc.byKey.get(key);
  if (!c || c.status === "missing") return undefined;
  return c.value ?? 0;
}

interface Indexed extends YearDoc {
  byKey: Map<string, YearDoc["cells"][number]>;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** All findings for one agency. Documents are taken one per year (the caller resolves duplicates). */
export function crossYearFindings(docs: readonly YearDoc[], rules: CrossYearRuleSet = BUILT_IN_RULES): CrossYearFinding[] {
  const byYear: Indexed[] = [...docs].sort((a, b) => a.year - b.year).map((d) => ({ ...d, byKey: new Map(d.cells.map((c) => [c.key, c])) }));
  const out: CrossYearFinding[] = [];
  for (let i = 1; i < byYear.length; i++) {
    const prev = byYear[i - 1]!;
    const cur = byYear[i]!;
    if (cur.year !== prev.year + 1) continue;
    for (const c of rules.carryOver) {
      const before = valueOf(prev, c.from);
      const now = valueOf(cur, c.to);
      if (before === undefined || now === undefined || before === now) continue;
      out.push({ flag: "carryover_break", rule: c.rule, cells: [{ id: prev.id, key: c.from }, { id: cur.id, key: c.to }], expected: before, actual: now });
    }
    for (const st of rules.stock) {
      const before = valueOf(prev, st.stock);
      const now = valueOf(cur, st.stock);
      const issued = valueOf(cur, st.added);
      const repealed = valueOf(cur, st.removed);
      if (before === undefined || now === undefined || issued === undefined || repealed === undefined) continue;
      const expected = before + issued - repealed;
      if (expected === now) continue;
      out.push({
        flag: "in_force_break",
        rule: st.rule,
        cells: [{ id: prev.id, key: st.stock }, { id: cur.id, key: st.stock }, { id: cur.id, key: st.added }, { id: cur.id, key: st.removed }],
        expected,
        actual: now,
      });
    }
  }
  out.push(...outliers(byYear));
  return out;
}

function outliers(docs: readonly Indexed[]): CrossYearFinding[] {
  if (docs.length < MIN_OTHER_YEARS + 1) return [];
  const keys = new Set(docs.flatMap((d) => d.cells.map((c) => c.key)));
  const out: CrossYearFinding[] = [];
  for (const key of keys) {
    const series = docs.flatMap((d) => {
      const v = valueOf(d, key);
      return v === undefined ? [] : [{ id: d.id, v }];
    });
    if (series.length < MIN_OTHER_YEARS + 1) continue;
    for (const { id, v } of series) {
      const others = series.filter((s) => s.id !== id).map((s) => s.v);
      const med = median(others);
      const mad = median(others.map((x) => Math.abs(x - med))) * 1.4826;
      const limit = Math.max(OUTLIER_ABS, OUTLIER_MAD_FACTOR * mad, OUTLIER_RATIO * Math.abs(med));
      if (Math.abs(v - med) > limit) out.push({ flag: "year_outlier", rule: `cross_year.outlier[${key}]`, cells: [{ id, key }], expected: med, actual: v });
    }
  }
  return out;
}
