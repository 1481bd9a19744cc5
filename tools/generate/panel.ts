/**
 * A multi-year panel of synthetic reports: a few agencies, each reporting for consecutive years,
 * with the year-to-year links real archives have (上年结转 = last year's 结转下年度继续办理, 现行有效件数
 * moving by 制发 − 废止, values of a similar size each year) — and with breaks planted on purpose, so
 * that the cross-year checks can be measured: every planted break must be flagged, nothing else.
 * The agency is written differently from year to year (淮安市洪泽区人民政府 / 洪泽区人民政府 / 洪泽区政府),
 * as archives do, to exercise agency-name normalization.
 */
import { generateReport } from "./index.js";
import { Rng } from "./rng.js";
import type { GeneratedReport } from "./types.js";
import { generateValues, tablesFor } from "./values.js";

export type PlantedKind = "carryover" | "in_force" | "outlier";

export interface PlantedBreak {
  kind: PlantedKind;
  /** Canonical agency name (the longest written form). */
  agency: string;
  /** The later year of the pair (carryover, in_force) or the outlier's year. */
  year: number;
  /** The key changed in that year. */
  key: string;
}

export interface PanelOptions {
  seed: number;
  agencies: number;
  years: number;
  firstYear?: number;
  /** Breaks of each kind to plant (each in a different agency-year); default 1. */
  breaksPerKind?: number;
}

export interface GeneratedPanel {
  reports: GeneratedReport[];
  planted: PlantedBreak[];
}

const CITIES = ["淮安", "泰州", "宿迁", "盐城", "宜春", "德阳", "绵阳", "济宁"];
const DISTRICTS = ["清江浦", "洪泽", "海陵", "宿城", "亭湖", "袁州", "旌阳", "涪城"];
const APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org"];
const T3 = tablesFor("2021").t3;
const OUTCOME_ROWS = T3.rows.map((r) => r.key).filter((k) => !["new_received", "carried_over", "total", "carried_forward"].includes(k));

/** One year's values from the agency's base, linked to the year before (`prev`). */
function yearValues(rng: Rng, base: Map<string, number>, prev: Map<string, number> | null, plant: Set<PlantedKind>, planted: (key: string) => void): Map<string, number> {
  const v = new Map(base);
  for (const [k, n] of base) {
    // Table 2's decision counts and fees wander a little; its rules/normative rows are chained below.
    if (k.startsWith("t2.") && !/\.(issued|repealed|in_force)$/.test(k)) v.set(k, Math.round(n * (0.95 + rng.next() * 0.1) * 100) / 100);
  }
  for (const doc of ["rules", "normative_docs"]) {
    const before = prev?.get(`t2.${doc}.in_force`) ?? base.get(`t2.${doc}.in_force`) ?? 0;
    const issued = rng.int(0, 4);
    const repealed = rng.int(0, Math.min(before, 2));
    v.set(`t2.${doc}.issued`, issued);
    v.set(`t2.${doc}.repealed`, repealed);
    v.set(`t2.${doc}.in_force`, before + issued - repealed);
  }
  if (prev && plant.has("in_force")) {
    v.set("t2.rules.in_force", (v.get("t2.rules.in_force") ?? 0) + rng.int(3, 9));
    planted("t2.rules.in_force");
  }
  const breakCol = prev && plant.has("carryover") ? "natural_person" : null;
  for (const col of APPLICANTS) {
    let total = 0;
    for (const row of OUTCOME_ROWS) {
      const n = Math.max(0, (base.get(`t3.${row}.${col}`) ?? 0) + (rng.chance(0.3) ? rng.int(-1, 1) : 0));
      v.set(`t3.${row}.${col}`, n);
      total += n;
    }
    let over = prev ? (prev.get(`t3.carried_forward.${col}`) ?? 0) : (base.get(`t3.carried_over.${col}`) ?? 0);
    if (col === breakCol) {
      over += rng.int(2, 6);
      planted(`t3.carried_over.${col}`);
    }
    let forward = rng.chance(0.5) ? rng.int(0, 3) : 0;
    let received = total + forward - over;
    if (received < 0) {
      forward -= received;
      received = 0;
    }
    v.set(`t3.total.${col}`, total);
    v.set(`t3.carried_over.${col}`, over);
    v.set(`t3.carried_forward.${col}`, forward);
    v.set(`t3.new_received.${col}`, received);
  }
  for (const row of T3.rows) v.set(`t3.${row.key}.total`, APPLICANTS.reduce((s, c) => s + (v.get(`t3.${row.key}.${c}`) ?? 0), 0));
  if (plant.has("outlier")) {
    v.set("t2.penalty.decisions", Math.round((v.get("t2.penalty.decisions") ?? 0) * 40 + 5000));
    planted("t2.penalty.decisions");
  }
  return v;
}

/** Reports of `agencies` × `years` in the 2021 format, without damage (the checks, not the reader, are measured). */
export function generatePanel(opts: PanelOptions): GeneratedPanel {
  const first = opts.firstYear ?? 2019;
  const perKind = opts.breaksPerKind ?? 1;
  const rng = new Rng(opts.seed);
  // Planted breaks go to distinct agency-years, never to the first year (carryover and in_force need a year before).
  const slots: [number, number][] = [];
  for (let a = 0; a < opts.agencies; a++) for (let y = 1; y < opts.years; y++) slots.push([a, y]);
  const plan = new Map<string, Set<PlantedKind>>();
  for (const kind of ["carryover", "in_force", "outlier"] as const) {
    for (let i = 0; i < perKind && slots.length > 0; i++) {
      const [a, y] = slots.splice(rng.int(0, slots.length - 1), 1)[0]!;
      plan.set(`${a}:${y}`, new Set([kind]));
    }
  }
  const reports: GeneratedReport[] = [];
  const planted: PlantedBreak[] = [];
  for (let a = 0; a < opts.agencies; a++) {
    const city = CITIES[a % CITIES.length]!;
    const district = DISTRICTS[a % DISTRICTS.length]!;
    const forms = [`${city}市${district}区人民政府`, `${district}区人民政府`, `${city}市 ${district}区政府`];
    // District scale with some requests in every column, so that the carry-over links are not all zeros.
    const base = generateValues(Rng.forItem(opts.seed, 1000 + a), "2021", "district");
    let prev: Map<string, number> | null = null;
    for (let y = 0; y < opts.years; y++) {
      const year = first + y;
      const plant = plan.get(`${a}:${y}`) ?? new Set<PlantedKind>();
      const values = yearValues(rng, base, prev, plant, (key) => planted.push({ kind: [...plant][0]!, agency: forms[0]!, year, key }));
      const name = forms[(a + y) % forms.length]!;
      const agency = { name, self: "我区", office: `${city}市${district}区人民政府办公室`, scale: "district" as const };
      reports.push(
        generateReport(Rng.forItem(opts.seed, a * 100 + y), {
          index: a * 100 + y,
          formats: ["2021"],
          damage: [],
          damageRate: 0,
          fixed: { agency, year, values },
        }),
      );
      prev = values;
    }
  }
  return { reports, planted };
}
