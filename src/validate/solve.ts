/**
 * Chooses one alternative per unit so that as many rule instances as possible hold, then infers
 * cells the text did not print where one rule instance determines them. A cell whose value differs
 * between equally good choices is marked ambiguous. Printed values are never changed here.
 */
import type { CellReading, FlagCode, MatchedTable } from "../model/index.js";
import type { RuleInstance } from "./rule-instances.js";

export interface SolvedCell {
  reading: CellReading;
  /** Value differs between equally good placements. */
  ambiguous: boolean;
  /** The unit's placement was not unique in the text (lost cell, run-together digits, reading order). */
  placedByRules: boolean;
  unitFlags: FlagCode[];
}

/**
 * The rule instance each value the solver computed was computed from (inferred_from_rule): that
 * instance no longer checks the others. Beside the cells, not on them: one more property on some
 * cells gave the solver's hot loops two shapes of cell (text reading ~5 % slower).
 */
export const inferredBy = new WeakMap<SolvedCell, string>();

/** Upper bound on combinations enumerated exactly; above it, units are settled one at a time. */
const MAX_COMBINATIONS = 50_000;
const EPS = 1e-6;
const UNCHECKED_COST = 0.001;

export function solveTable(matched: MatchedTable, instances: readonly RuleInstance[]): Map<string, SolvedCell> {
  // A unit left with no reading at all (every placement broke a row's own sum) has no cells to
  // offer: its cells stay absent (value_missing, for review) rather than failing the document.
  const units = matched.units.filter((u) => u.alternatives.length > 0);
  const ambiguousUnits = units.map((u, i) => ({ u, i })).filter(({ u }) => u.alternatives.length > 1);
  const choice = units.map(() => 0);

  /** Each unit's cell keys (`<row>.<column>`) by row and column, built once. */
  const keysOf = units.map((u) => u.rows.map((row, r) => u.columns[r]!.map((col) => cellKey(row, col))));
  const cellsFor = (ch: readonly number[]): Map<string, CellReading> => {
    const m = new Map<string, CellReading>();
    units.forEach((u, i) => {
      const alt = u.alternatives[ch[i]!]!;
      keysOf[i]!.forEach((keys, r) => keys.forEach((key, c) => m.set(key, alt[r]![c]!)));
    });
    return m;
  };
  // Scoring many combinations: one shared map, with only the ambiguous units' cells rewritten, and
  // only the rule instances that touch an ambiguous unit re-evaluated (the rest are constant).
  // (With no ambiguous unit there is nothing to score: no map, no instances.)
  const scratch = ambiguousUnits.length > 0 ? cellsFor(choice) : new Map<string, CellReading>();
  const ambiguousKeys = new Set(ambiguousUnits.flatMap(({ i }) => keysOf[i]!.flat()));
  const varying = ambiguousUnits.length > 0 ? instances.filter((inst) => [...inst.lhs, ...inst.rhs].some((k) => ambiguousKeys.has(k))) : [];
  // Scored once per combination (up to MAX_COMBINATIONS): the cells those instances read are given
  // slots, each ambiguous alternative's writes and each instance's sides are slot lists, so that no
  // key string is built or hashed per combination (issue 14: a third of the solver's time).
  const slotOf = new Map<string, number>();
  const slotFor = (k: string): number => {
    let s = slotOf.get(k);
    if (s === undefined) slotOf.set(k, (s = slotOf.size));
    return s;
  };
  const compiled = varying.map((inst) => ({
    lhs: inst.lhs.map(slotFor),
    rhs: inst.rhs.map(slotFor),
    blank: inst.blankUnchecked?.map(slotFor) ?? [],
  }));
  const slots: (CellReading | undefined)[] = [...slotOf.keys()].map((k) => scratch.get(k));
  /** Per ambiguous unit and alternative: [slot, cell] pairs for the cells an instance reads, in cellsFor's order. */
  const writes = ambiguousUnits.map(({ u, i }) =>
    u.alternatives.map((alt) => {
      const out: { slot: number; cell: CellReading }[] = [];
      keysOf[i]!.forEach((keys, r) =>
        keys.forEach((key, c) => {
          const slot = slotOf.get(key);
          if (slot !== undefined) out.push({ slot, cell: alt[r]![c]! });
        }),
      );
      return out;
    }),
  );
  const sideSum = (side: readonly number[]): number | null => {
    let s = 0;
    for (let k = 0; k < side.length; k++) {
      const reading = slots[side[k]!];
      if (!reading || reading.unknown) return null;
      s += reading.value ?? 0;
    }
    return s;
  };
  // Failed rules count 1 each; a rule left unchecked by an unknown cell counts a little, so that a
  // placement the rules can verify beats one that merely escapes them. Constant instances add the
  // same amount to every combination, so they are left out. Same result as `evaluate` per instance.
  const costOf = (inst: (typeof compiled)[number]): number => {
    const l = sideSum(inst.lhs);
    const r = sideSum(inst.rhs);
    if (l === null || r === null) return UNCHECKED_COST;
    if (Math.abs(l - r) < EPS) return 0;
    if (inst.blank.some((slot) => isBlank(slots[slot]))) return UNCHECKED_COST;
    return 1;
  };
  // Successive combinations mostly differ in one unit (the enumeration turns the last one fastest):
  // only a unit whose alternative changed since the last call is written, and only the instances
  // reading its slots are evaluated again; the costs are summed in instance order as before, so the
  // total is the same number. Where two units write one slot (the last write counts), every unit is
  // written every time, as that order needs.
  const writers = new Map<number, number>();
  let shared = false;
  writes.forEach((alts, a) =>
    alts.forEach((ws) =>
      ws.forEach(({ slot }) => {
        const w = writers.get(slot);
        if (w !== undefined && w !== a) shared = true;
        writers.set(slot, a);
      }),
    ),
  );
  const readersOf: number[][] = ambiguousUnits.map(() => []);
  compiled.forEach((inst, c) => {
    const touched = new Set<number>();
    for (const slot of [...inst.lhs, ...inst.rhs, ...inst.blank]) {
      const a = writers.get(slot);
      if (a !== undefined) touched.add(a);
    }
    for (const a of touched) readersOf[a]!.push(c);
  });
  const costs = new Float64Array(compiled.length);
  const written = ambiguousUnits.map(() => -1);
  const stale = new Uint8Array(compiled.length).fill(1);
  // Indexed loops: this runs once per combination scored (no iterator objects).
  /** The rules the last combination `failures` scored breaks (not those it leaves unchecked). */
  let lastBroken = 0;
  const failures = (ch: readonly number[]): number => {
    for (let a = 0; a < ambiguousUnits.length; a++) {
      const alt = ch[ambiguousUnits[a]!.i]!;
      if (!shared && written[a] === alt) continue;
      written[a] = alt;
      const ws = writes[a]![alt]!;
      for (let w = 0; w < ws.length; w++) slots[ws[w]!.slot] = ws[w]!.cell;
      const readers = readersOf[a]!;
      for (let k = 0; k < readers.length; k++) stale[readers[k]!] = 1;
    }
    let n = 0;
    let broken = 0;
    for (let c = 0; c < compiled.length; c++) {
      if (stale[c] === 1 || shared) {
        costs[c] = costOf(compiled[c]!);
        stale[c] = 0;
      }
      n += costs[c]!;
      if (costs[c] === 1) broken++;
    }
    lastBroken = broken;
    return Math.round(n * 1000) / 1000;
  };

  // For each unit, the alternatives that appear in some best combination (a cell is ambiguous when
  // these differ on it); `bestChoice` is the first best combination found.
  const used = units.map((_, i) => new Set<number>([choice[i]!]));
  let bestChoice = choice.slice();
  // A cell its row's readings left to the rules (CellReading.varies) is settled only where every
  // combination that breaks as few rules gives it one value: the alternatives of such combinations,
  // counted by broken rules alone (a rule left unchecked by a blank is no evidence), or null where
  // the search for them did not finish.
  let settling: (Set<number> | null)[] = units.map((_, i) => new Set<number>([choice[i]!]));
  const leftToRules = ambiguousUnits.some(({ u }) => u.alternatives.some((alt) => alt.some((row) => row.some((c) => c.varies))));
  const combos = ambiguousUnits.reduce((p, { u }) => p * u.alternatives.length, 1);
  if (ambiguousUnits.length > 0 && combos <= MAX_COMBINATIONS) {
    let bestFail = Infinity;
    let fewestBroken = Infinity;
    const ch = choice.slice();
    const visit = (k: number): void => {
      if (k === ambiguousUnits.length) {
        const f = failures(ch);
        if (f < bestFail) {
          bestFail = f;
          bestChoice = ch.slice();
          ambiguousUnits.forEach(({ i }) => used[i] = new Set([ch[i]!]));
        } else if (f === bestFail) {
          ambiguousUnits.forEach(({ i }) => used[i]!.add(ch[i]!));
        }
        if (lastBroken < fewestBroken) {
          fewestBroken = lastBroken;
          ambiguousUnits.forEach(({ i }) => (settling[i] = new Set([ch[i]!])));
        } else if (lastBroken === fewestBroken) {
          ambiguousUnits.forEach(({ i }) => settling[i]!.add(ch[i]!));
        }
        return;
      }
      const { u, i } = ambiguousUnits[k]!;
      for (let a = 0; a < u.alternatives.length; a++) {
        ch[i] = a;
        visit(k + 1);
      }
    };
    visit(0);
  } else if (ambiguousUnits.length > 0) {
    // Coordinate descent: settle each unit with the others held, twice over.
    for (let pass = 0; pass < 2; pass++) {
      for (const { u, i } of ambiguousUnits) {
        let bestA = choice[i]!;
        let bestF = Infinity;
        for (let a = 0; a < u.alternatives.length; a++) {
          choice[i] = a;
          const f = failures(choice);
          if (f < bestF) [bestF, bestA] = [f, a];
        }
        choice[i] = bestA;
      }
    }
    // Without enumeration, uniqueness is shown unit by unit: any other alternative of a unit that
    // does as well with the rest held makes that unit's differing cells ambiguous.
    const bestF = failures(choice);
    bestChoice = choice.slice();
    for (const { u, i } of ambiguousUnits) {
      used[i] = new Set([choice[i]!]);
      for (let a = 0; a < u.alternatives.length; a++) {
        if (a !== choice[i] && failures(choice.map((c, j) => (j === i ? a : c))) <= bestF) used[i]!.add(a);
      }
    }
    // The descent can stop short (a column's rows settled one by one against a wrong total). A
    // branch-and-bound search under the descent's score, pruned by the rules' sums, finds every
    // best combination when it finishes within its step budget, and then replaces the descent's.
    // Only where the descent left a rule broken: a combination where every rule holds is kept as it
    // found it (the search costs up to its budget on every such table, for no better placement).
    const exact = bestF >= 1 ? boundedSearch(ambiguousUnits, keysOf, varying, cellsFor(choice), bestF) : null;
    if (exact) {
      exact.best.forEach((a, i) => (bestChoice[i] = a));
      exact.used.forEach((set, i) => (used[i] = set));
    }
    // Cells left to the rules: every combination that breaks as few rules, unchecked ones free.
    if (leftToRules) {
      failures(bestChoice);
      const proof = varying.length > 0 ? boundedSearch(ambiguousUnits, keysOf, varying, cellsFor(bestChoice), lastBroken, 0) : null;
      settling = units.map((_, i) => (proof ? (proof.used.get(i) ?? new Set([bestChoice[i]!])) : null));
    }
  }

  const out = chosenCells(units, keysOf, used, bestChoice, settling);
  markInheritedDoubt(units, keysOf, out, instances);
  inferUnknowns(out, instances);
  return out;
}

/**
 * Each cell read from its unit's chosen alternative (no map of the whole choice: a key a later unit
 * repeats is set again by that unit, as the map's last write would have had it). A function of its
 * own, so that solveTable, which runs once per table, is not recompiled for the readings' shapes.
 */
function chosenCells(
  units: MatchedTable["units"],
  keysOf: readonly (readonly (readonly string[])[])[],
  used: readonly Set<number>[],
  bestChoice: readonly number[],
  /** Per unit, the alternatives that settle a cell left to the rules (varies); null: not settled. */
  settling: readonly (Set<number> | null)[],
): Map<string, SolvedCell> {
  const out = new Map<string, SolvedCell>();
  units.forEach((u, i) => {
    const usedAlts = used[i]!;
    const alt = u.alternatives[bestChoice[i]!]!;
    const several = u.alternatives.length > 1;
    keysOf[i]!.forEach((keys, r) =>
      keys.forEach((key, c) => {
        const reading = alt[r]![c]!;
        let ambiguous = false;
        if (several && reading.varies) {
          const alts = settling[i];
          ambiguous = !alts || [...alts].some((a) => !sameValue(u.alternatives[a]![r]![c]!, reading));
        }
        for (const a of usedAlts) {
          if (!sameValue(u.alternatives[a]![r]![c]!, reading)) {
            ambiguous = true;
            break;
          }
        }
        out.set(key, { reading, ambiguous, placedByRules: several || hasPlacementFlag(reading), unitFlags: u.flags });
      }),
    );
  });
  return out;
}

/** `<row>.<column>` keys, built once per pair (rows and columns are the templates' few keys). */
const keyCache = new Map<string, Map<string, string>>();
function cellKey(row: string, col: string): string {
  let byCol = keyCache.get(row);
  if (!byCol) keyCache.set(row, (byCol = new Map()));
  let k = byCol.get(col);
  if (k === undefined) byCol.set(col, (k = `${row}.${col}`));
  return k;
}

/** Nodes visited before a bounded search gives up (a few milliseconds). */
const SEARCH_BUDGET = 50_000;
/** Largest set of reachable sums kept per rule and depth. */
const REACH_CAP = 4096;
/** Sums compared at a millionth (amounts carry decimals). */
const key = (x: number): number => Math.round(x * 1e6) / 1e6;

interface Share {
  /** Per alternative of the unit: its cells' sum on each side of the rule, and whether one is unknown. */
  lhs: number[];
  rhs: number[];
  unknown: boolean[];
  /** Per alternative: a cell that leaves the rule unchecked when blank (blankUnchecked) is blank. */
  blank: boolean[];
  mayBeBlank: boolean;
  minL: number;
  maxL: number;
  minR: number;
  maxR: number;
  mayBeUnknown: boolean;
}

/**
 * Branch and bound over the ambiguous units' alternatives, scoring as `failures` does (a failed
 * rule 1, an unchecked one UNCHECKED_COST). A partial combination is pruned when the rules it
 * already breaks cost more than the best found; a rule is known broken before all its units are
 * placed when the sums its remaining units can reach cannot make both sides equal. Returns every
 * alternative used by some best combination, or null when the budget ran out.
 */
function boundedSearch(
  amb: readonly { u: MatchedTable["units"][number]; i: number }[],
  /** Every unit's cell keys by row and column (solveTable's keysOf). */
  keysOf: readonly (readonly (readonly string[])[])[],
  instances: readonly RuleInstance[],
  fixed: ReadonlyMap<string, CellReading>,
  upper: number,
  /** What a rule left unchecked costs (0: only broken rules count). */
  unchecked: number = UNCHECKED_COST,
): { best: Map<number, number>; used: Map<number, Set<number>> } | null {
  const owner = new Map<string, [number, number, number]>();
  amb.forEach(({ i }, k) => keysOf[i]!.forEach((keys, r) => keys.forEach((key, c) => owner.set(key, [k, r, c]))));
  let constant = 0;
  // Per instance: the fixed part of each side, and the share of each ambiguous unit it touches.
  const rules: { fixedL: number; fixedR: number; fixedBlank: boolean; shares: Map<number, Share> }[] = [];
  for (const inst of instances) {
    let fixedL = 0;
    let fixedR = 0;
    let fixedBlank = false;
    const blankKeys = new Set(inst.blankUnchecked ?? []);
    let never = false;
    const shares = new Map<number, Share>();
    const add = (key: string, side: "lhs" | "rhs"): void => {
      const o = owner.get(key);
      if (!o) {
        const c = fixed.get(key);
        if (!c || c.unknown) never = true;
        else if (side === "lhs") fixedL += c.value ?? 0;
        else fixedR += c.value ?? 0;
        if (c && !c.unknown && c.value === null && blankKeys.has(key)) fixedBlank = true;
        return;
      }
      const [k, r, c] = o;
      const alts = amb[k]!.u.alternatives;
      let share = shares.get(k);
      if (!share) {
        share = { lhs: alts.map(() => 0), rhs: alts.map(() => 0), unknown: alts.map(() => false), blank: alts.map(() => false), mayBeBlank: false, minL: 0, maxL: 0, minR: 0, maxR: 0, mayBeUnknown: false };
        shares.set(k, share);
      }
      alts.forEach((alt, a) => {
        const cell = alt[r]![c]!;
        if (cell.unknown) share!.unknown[a] = true;
        else share![side][a]! += cell.value ?? 0;
        if (!cell.unknown && cell.value === null && blankKeys.has(key)) share!.blank[a] = true;
      });
    };
    inst.lhs.forEach((k) => add(k, "lhs"));
    inst.rhs.forEach((k) => add(k, "rhs"));
    // A rule with a cell that no combination fills is unchecked in every one: a constant cost.
    if (never) {
      constant += unchecked;
      continue;
    }
    for (const sh of shares.values()) {
      sh.minL = Math.min(...sh.lhs);
      sh.maxL = Math.max(...sh.lhs);
      sh.minR = Math.min(...sh.rhs);
      sh.maxR = Math.max(...sh.rhs);
      sh.mayBeUnknown = sh.unknown.some(Boolean);
      sh.mayBeBlank = sh.blank.some(Boolean);
    }
    rules.push({ fixedL, fixedR, fixedBlank, shares });
  }
  // Units with the fewest alternatives first; each unit's rules, to re-score only those.
  const order = amb.map((_, k) => k).sort((a, b) => amb[a]!.u.alternatives.length - amb[b]!.u.alternatives.length);
  const rulesOf = amb.map((_, k) => rules.map((_, j) => j).filter((j) => rules[j]!.shares.has(k)));
  // Per rule and depth: every value of Σ lhs − Σ rhs the units placed from that depth on can add
  // (each unit's alternatives taken alone per rule: a relaxation, so a missing value proves the rule
  // cannot hold). Left out (null) where the set grows past a cap; the interval bound still applies.
  const reach = rules.map(({ shares }) => {
    const sets: (Set<number> | null)[] = new Array(order.length + 1).fill(null);
    sets[order.length] = new Set([0]);
    for (let d = order.length - 1; d >= 0; d--) {
      const next = sets[d + 1];
      const sh = shares.get(order[d]!);
      if (!next || !sh) {
        sets[d] = next ?? null;
        continue;
      }
      const out = new Set<number>();
      const deltas = new Set(sh.lhs.map((l, a) => key(l - sh.rhs[a]!)));
      for (const x of next) for (const dv of deltas) out.add(key(x + dv));
      sets[d] = out.size <= REACH_CAP ? out : null;
      if (!sets[d]) break;
    }
    return sets;
  });
  let depthNow = 0;
  // Each rule's units and shares as arrays: scored at every node, a Map's iteration cost showed.
  const unitsOf = rules.map((r) => [...r.shares.keys()]);
  const sharesOf = rules.map((r) => [...r.shares.values()]);
  // The costs a node overwrites, restored on the way back: one row per depth, no allocation per node.
  const widest = Math.max(0, ...rulesOf.map((js) => js.length));
  const savedAt = Array.from({ length: order.length }, () => new Float64Array(widest));
  const assigned: number[] = amb.map(() => -1);
  const costOf = (j: number): number => {
    const { fixedL, fixedR, fixedBlank } = rules[j]!;
    const units = unitsOf[j]!;
    const list = sharesOf[j]!;
    let lo = fixedL, hi = fixedL, loR = fixedR, hiR = fixedR;
    let open = false;
    // The rule may end unchecked rather than broken: a cell of an open unit may be unknown, or a
    // cell that leaves it unchecked when blank is (or may be) blank.
    let mayBeUnknown = fixedBlank;
    let placed = fixedL - fixedR;
    for (let n = 0; n < units.length; n++) {
      const sh = list[n]!;
      const a = assigned[units[n]!]!;
      if (a >= 0) {
        if (sh.unknown[a]) return unchecked;
        placed += sh.lhs[a]! - sh.rhs[a]!;
        lo += sh.lhs[a]!; hi += sh.lhs[a]!; loR += sh.rhs[a]!; hiR += sh.rhs[a]!;
        if (sh.blank[a]) mayBeUnknown = true;
      } else {
        open = true;
        if (sh.mayBeUnknown || sh.mayBeBlank) mayBeUnknown = true;
        lo += sh.minL; hi += sh.maxL; loR += sh.minR; hiR += sh.maxR;
      }
    }
    if (!open) return Math.abs(lo - loR) < EPS ? 0 : mayBeUnknown ? unchecked : 1;
    const set = reach[j]![depthNow];
    const broken = lo > hiR + EPS || loR > hi + EPS || (set != null && !set.has(key(-placed)));
    return broken ? (mayBeUnknown ? unchecked : 1) : 0;
  };
  const ruleCost = rules.map((_, j) => costOf(j));
  let bound = constant + ruleCost.reduce((s, x) => s + x, 0);
  let best = Math.round(upper * 1000) / 1000;
  let found = false;
  const used = new Map<number, Set<number>>();
  const firstBest = new Map<number, number>();
  let nodes = 0;
  const visit = (depth: number): boolean => {
    if (++nodes > SEARCH_BUDGET) return false;
    const score = Math.round(bound * 1000) / 1000;
    if (score > best) return true;
    if (depth === order.length) {
      if (score < best || !found) {
        best = score;
        found = true;
        used.clear();
        firstBest.clear();
        amb.forEach((x, k) => firstBest.set(x.i, assigned[k]!));
      }
      amb.forEach((x, k) => {
        const set = used.get(x.i) ?? new Set<number>();
        set.add(assigned[k]!);
        used.set(x.i, set);
      });
      return true;
    }
    const k = order[depth]!;
    for (let a = 0; a < amb[k]!.u.alternatives.length; a++) {
      assigned[k] = a;
      depthNow = depth + 1;
      const saved = savedAt[depth]!;
      rulesOf[k]!.forEach((j, n) => (saved[n] = ruleCost[j]!));
      for (const j of rulesOf[k]!) {
        const c = costOf(j);
        bound += c - ruleCost[j]!;
        ruleCost[j] = c;
      }
      const ok = visit(depth + 1);
      rulesOf[k]!.forEach((j, n) => {
        bound += saved[n]! - ruleCost[j]!;
        ruleCost[j] = saved[n]!;
      });
      assigned[k] = -1;
      if (!ok) return false;
    }
    return true;
  };
  const done = visit(0);
  if (!done || !found) return null;
  return { best: firstBest, used };
}

function hasPlacementFlag(c: CellReading): boolean {
  return c.flags.includes("cell_lost") || c.flags.includes("digits_split");
}

function sameValue(a: CellReading, b: CellReading): boolean {
  if (a.unknown || b.unknown) return a.unknown === b.unknown;
  return (a.value ?? 0) === (b.value ?? 0) && (a.value === null) === (b.value === null);
}

/** true/false when every cell is known; null when some cell is unknown or absent. Blank counts as 0. */
export function evaluate(inst: RuleInstance, cells: ReadonlyMap<string, CellReading | { reading: CellReading }>): boolean | null {
  const sum = (keys: readonly string[]): number | null => {
    let s = 0;
    for (const k of keys) {
      const c = cells.get(k);
      const reading = c && "reading" in c ? c.reading : c;
      if (!reading || reading.unknown) return null;
      s += reading.value ?? 0;
    }
    return s;
  };
  const l = sum(inst.lhs);
  const r = sum(inst.rhs);
  if (l === null || r === null) return null;
  if (Math.abs(l - r) < EPS) return true;
  return inst.blankUnchecked?.some((k) => isBlank(cells.get(k))) ? null : false;
}

function isBlank(c: CellReading | { reading: CellReading } | undefined): boolean {
  const reading = c && "reading" in c ? c.reading : c;
  return reading !== undefined && !reading.unknown && reading.value === null;
}

/** Fills cells that no text gave (absent or unknown) where a single rule instance determines them. */
function inferUnknowns(cells: Map<string, SolvedCell>, instances: readonly RuleInstance[]): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const inst of instances) {
      // The one cell left open, if exactly one is (counted without building lists: most instances have none).
      const k = soleOpen(cells, inst);
      if (k === undefined) continue;
      const keys = [...inst.lhs, ...inst.rhs];
      const side = inst.lhs.includes(k) ? "lhs" : "rhs";
      const val = (ks: readonly string[]): number => ks.filter((x) => x !== k).reduce((s, x) => s + (cells.get(x)!.reading.value ?? 0), 0);
      const value = side === "lhs" ? val(inst.rhs) - val(inst.lhs) : val(inst.lhs) - val(inst.rhs);
      if (value < -EPS) continue;
      const prev = cells.get(k);
      const anchor = prev?.reading ?? anyReading(cells, keys);
      const cell: SolvedCell = {
        reading: {
          value: Math.round(value * 1e6) / 1e6,
          unknown: false,
          raw: "",
          page: anchor?.page ?? 0,
          line: anchor?.line ?? 0,
          flags: [...new Set<FlagCode>([...(prev?.reading.flags ?? []), "inferred_from_rule"])],
        },
        ambiguous: prev?.ambiguous ?? false,
        placedByRules: true,
        unitFlags: prev?.unitFlags ?? [],
      };
      inferredBy.set(cell, inst.id);
      cells.set(k, cell);
      changed = true;
    }
  }
}

/** The instance's only cell that is absent or unknown; undefined when none or several are. */
function soleOpen(cells: ReadonlyMap<string, SolvedCell>, inst: RuleInstance): string | undefined {
  let open: string | undefined;
  const n = inst.lhs.length;
  for (let i = 0; i < n + inst.rhs.length; i++) {
    const k = i < n ? inst.lhs[i]! : inst.rhs[i - n]!;
    const c = cells.get(k);
    if (c && !c.reading.unknown) continue;
    if (open !== undefined) return undefined;
    open = k;
  }
  return open;
}

function anyReading(cells: ReadonlyMap<string, SolvedCell>, keys: readonly string[]): CellReading | undefined {
  for (const k of keys) {
    const c = cells.get(k);
    if (c && !c.reading.unknown) return c.reading;
  }
  return undefined;
}

const isDoubtful = (c: SolvedCell | undefined): boolean => !c || c.ambiguous || c.reading.unknown || c.reading.flags.includes("ambiguous");

/**
 * A unit whose placement the rules chose is only as sure as the other cells of those rules: if a
 * rule that touches it also holds a doubtful cell (ambiguous, unknown, absent), the cells where its
 * alternatives differ are doubtful too. Repeated until nothing changes, since doubt spreads.
 */
function markInheritedDoubt(units: MatchedTable["units"], keysOf: readonly (readonly (readonly string[])[])[], out: Map<string, SolvedCell>, instances: readonly RuleInstance[]): void {
  // A unit's keys, varying cells and touching instances do not change between passes: found once.
  const facts = units.map((u, ui) => {
    if (u.alternatives.length < 2) return null;
    const keys = keysOf[ui]!.flat();
    const varying = keys.filter((k, i) => {
      const [r, c] = locate(u, i);
      const first = u.alternatives[0]![r]![c]!;
      return u.alternatives.some((alt) => !sameValue(alt[r]![c]!, first));
    });
    return { own: new Set(keys), varying, touching: null as RuleInstance[] | null };
  });
  let changed = true;
  while (changed) {
    changed = false;
    for (const f of facts) {
      if (!f) continue;
      const { own, varying } = f;
      if (varying.every((k) => out.get(k)!.ambiguous)) continue;
      const touching = (f.touching ??= instances.filter((inst) => [...inst.lhs, ...inst.rhs].some((k) => own.has(k))));
      const doubtful = touching.some((inst) => [...inst.lhs, ...inst.rhs].some((k) => !own.has(k) && isDoubtful(out.get(k))));
      if (!doubtful) continue;
      for (const k of varying) {
        const c = out.get(k)!;
        if (!c.ambiguous) {
          out.set(k, { ...c, ambiguous: true });
          changed = true;
        }
      }
    }
  }
}

/** Row and column of the i-th cell of a unit, counting row by row. */
function locate(u: MatchedTable["units"][number], i: number): [number, number] {
  let rest = i;
  for (let r = 0; r < u.rows.length; r++) {
    const n = u.columns[r]!.length;
    if (rest < n) return [r, rest];
    rest -= n;
  }
  throw new Error("cell index out of range");
}
