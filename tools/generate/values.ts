/**
 * Random values for tables 2–4 that satisfy every sum rule of the template. Table 3 is built per
 * applicant column from the outcome rows up (then 总计, 上年结转, 结转下年度, 本年新收), so the balance
 * 一+二 = （七）+四 holds with non-negative values by construction. Magnitudes follow real reports:
 * mostly zeros, natural persons dominate, table-2 decision counts and fees can be large.
 */
import { getTable, type TemplateTable } from "../../src/templates/index.js";
import type { Rng } from "./rng.js";
import type { ReportVariant } from "./types.js";

export type Scale = "city" | "district" | "town" | "department";

export interface VariantTables {
  t2: TemplateTable;
  t3: TemplateTable;
  t4: TemplateTable;
}

/** The template tables a variant prints: hybrid = 2021 table 2 + 2019 table 3. */
export function tablesFor(variant: ReportVariant): VariantTables {
  const t2From = variant === "2019" ? "gov-info-2019" : "gov-info-2021";
  const t3From = variant === "2021" ? "gov-info-2021" : "gov-info-2019";
  return { t2: getTable(t2From, "t2"), t3: getTable(t3From, "t3"), t4: getTable("gov-info-2021", "t4") };
}

/** Every key of a table, in template order. */
export function tableKeys(table: TemplateTable): string[] {
  const cols = table.columns.map((c) => c.key);
  return table.rows.flatMap((r) => (r.columns ?? cols).map((c) => `${table.id}.${r.key}.${c}`));
}

const T3_STOCK = new Set(["new_received", "carried_over", "total", "carried_forward"]);

/** How often each outcome row is used, relative to 予以公开 (real reports: granted and not_held dominate). */
const OUTCOME_WEIGHT: Record<string, number> = {
  granted: 35,
  partially_granted: 10,
  "denied.state_secret": 0.5,
  "denied.prohibited_by_law": 0.8,
  "denied.three_safeties_one_stability": 0.5,
  "denied.third_party_rights": 1,
  "denied.internal_affairs": 0.8,
  "denied.process_info": 1.2,
  "denied.law_enforcement_file": 0.7,
  "denied.administrative_query": 2,
  "unable.not_held": 25,
  "unable.needs_creation": 2,
  "unable.unclear_after_correction": 2,
  "not_processed.complaint": 3,
  "not_processed.repeated": 2,
  "not_processed.publication": 0.5,
  "not_processed.excessive": 0.3,
  "not_processed.confirm_existing": 0.3,
  "other.overdue_correction": 2,
  "other.unpaid_fee": 0.3,
  "other.other": 4,
  "other.total": 6,
};

/** Volume of requests handled by one applicant column, by scale. */
function columnVolume(rng: Rng, scale: Scale, col: string): number {
  const base: Record<Scale, () => number> = {
    city: () => rng.logInt(80, 5000),
    district: () => (rng.chance(0.2) ? 0 : rng.logInt(1, 200)),
    town: () => (rng.chance(0.7) ? 0 : rng.int(1, 8)),
    department: () => (rng.chance(0.35) ? 0 : rng.logInt(1, 400)),
  };
  const n = base[scale]();
  if (col === "natural_person") return n;
  const share: Record<string, [number, number]> = {
    commercial: [0.45, 0.06],
    research: [0.06, 0.01],
    social_welfare: [0.05, 0.01],
    legal_service: [0.25, 0.03],
    other_org: [0.2, 0.01],
  };
  const [p, f] = share[col] ?? [0, 0];
  if (n === 0 || !rng.chance(p)) return 0;
  return Math.max(1, Math.round(n * f * (0.3 + rng.next() * 1.7)));
}

/** Splits v over a few weighted rows; the remainder goes to the heaviest chosen row. */
function distribute(rng: Rng, v: number, rows: string[]): Map<string, number> {
  const out = new Map(rows.map((r) => [r, 0]));
  if (v <= 0) return out;
  const w = (r: string) => OUTCOME_WEIGHT[r] ?? 1;
  const active = new Set([rng.weighted(rows.map((r) => [r, w(r)] as const))]);
  for (const r of rows) if (rng.chance(Math.min(0.95, (w(r) / 35) * Math.log10(v + 1)))) active.add(r);
  const shares = [...active].map((r) => [r, w(r) * (0.5 + rng.next())] as const);
  const sum = shares.reduce((s, [, x]) => s + x, 0);
  let left = v;
  for (const [r, x] of shares) {
    const n = Math.floor((v * x) / sum);
    out.set(r, n);
    left -= n;
  }
  const heaviest = [...shares].sort((a, b) => b[1] - a[1])[0];
  if (heaviest) out.set(heaviest[0], (out.get(heaviest[0]) ?? 0) + left);
  return out;
}

export function t3Values(rng: Rng, table: TemplateTable, scale: Scale): Map<string, number> {
  const values = new Map<string, number>();
  const outcomes = table.rows.map((r) => r.key).filter((k) => !T3_STOCK.has(k));
  const applicants = table.columns.map((c) => c.key).filter((c) => c !== "total");
  for (const col of applicants) {
    const byRow = distribute(rng, columnVolume(rng, scale, col), outcomes);
    let total = 0;
    for (const [row, n] of byRow) {
      values.set(`t3.${row}.${col}`, n);
      total += n;
    }
    const carriedOver = total > 0 && rng.chance(0.5) ? rng.int(0, Math.min(total, Math.ceil(total * 0.1) + 1)) : 0;
    const carriedForward = rng.chance(total > 0 ? 0.5 : 0.08) ? rng.int(0, Math.ceil(total * 0.1) + 1) : 0;
    values.set(`t3.total.${col}`, total);
    values.set(`t3.carried_over.${col}`, carriedOver);
    values.set(`t3.carried_forward.${col}`, carriedForward);
    values.set(`t3.new_received.${col}`, total + carriedForward - carriedOver);
  }
  for (const row of table.rows) {
    const sum = applicants.reduce((s, c) => s + (values.get(`t3.${row.key}.${c}`) ?? 0), 0);
    values.set(`t3.${row.key}.total`, sum);
  }
  return values;
}

export function t4Values(rng: Rng, table: TemplateTable, scale: Scale): Map<string, number> {
  const values = new Map<string, number>();
  const busy = scale === "city" ? 0.9 : scale === "town" ? 0.08 : 0.35;
  const max = scale === "city" ? 200 : 12;
  for (const row of table.rows) {
    let total = 0;
    for (const col of ["upheld", "corrected", "other", "pending"]) {
      const n = rng.chance(busy * (row.key === "review" ? 1 : 0.6)) ? rng.logInt(1, max) : 0;
      values.set(`t4.${row.key}.${col}`, n);
      total += n;
    }
    values.set(`t4.${row.key}.total`, total);
  }
  return values;
}

/** 万元 with up to two decimals, as printed (7730.28, 96171.6). */
function amount(rng: Rng, lo: number, hi: number): number {
  const x = rng.logInt(lo, hi) + rng.next();
  const digits = rng.pick([0, 1, 2, 2]);
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function t2Values(rng: Rng, table: TemplateTable, scale: Scale): Map<string, number> {
  const v = new Map<string, number>();
  const big = scale === "city" ? 1 : scale === "town" ? 0.001 : scale === "district" ? 0.05 : 0.02;
  const quiet = scale === "town" ? 0.75 : 0.15;
  const count = (hi: number) => (rng.chance(quiet) ? 0 : rng.logInt(1, Math.max(1, Math.round(hi * big))));
  const set = (k: string, n: number) => v.set(`t2.${k}`, n);
  if (table.rows.some((r) => r.key === "procurement")) {
    for (const doc of ["rules", "normative_docs"]) {
      const made = count(doc === "rules" ? 5 : 40);
      const published = rng.chance(0.8) ? made : rng.int(0, made);
      set(`${doc}.new_made`, made);
      set(`${doc}.new_published`, published);
      set(`${doc}.total_published`, published + count(doc === "rules" ? 60 : 400));
    }
    for (const item of ["licensing", "other_services", "penalty", "coercion"]) {
      const prev = count(item === "penalty" ? 5000 : 1500);
      set(`${item}.prev_count`, prev);
      set(`${item}.change`, rng.chance(0.5) ? 0 : rng.int(-Math.min(prev, 40), 60));
      set(`${item}.decisions`, count(item === "penalty" ? 3000000 : 500000));
    }
    const feePrev = count(60);
    set("fees.prev_count", feePrev);
    set("fees.change", rng.chance(0.6) ? 0 : rng.int(-Math.min(feePrev, 10), 5));
    set("procurement.count", count(600));
    set("procurement.amount", rng.chance(quiet) ? 0 : amount(rng, 1, Math.max(2, Math.round(300000 * big))));
    return v;
  }
  for (const doc of ["rules", "normative_docs"]) {
    const issued = count(doc === "rules" ? 5 : 30);
    const repealed = rng.chance(0.5) ? 0 : count(doc === "rules" ? 4 : 30);
    set(`${doc}.issued`, issued);
    set(`${doc}.repealed`, repealed);
    set(`${doc}.in_force`, issued + count(doc === "rules" ? 60 : 300));
  }
  set("licensing.decisions", count(800000));
  set("penalty.decisions", count(4000000));
  set("coercion.decisions", count(100000));
  set("fees.amount", rng.chance(quiet) ? 0 : amount(rng, 1, Math.max(2, Math.round(200000 * big))));
  return v;
}

export function generateValues(rng: Rng, variant: ReportVariant, scale: Scale): Map<string, number> {
  const t = tablesFor(variant);
  return new Map([...t2Values(rng, t.t2, scale), ...t3Values(rng, t.t3, scale), ...t4Values(rng, t.t4, scale)]);
}
