/**
 * The solver (validate/solve.ts) on random tables: rows of four counts and their row total, a total
 * row, the row sums and column sums as rule instances. Rows lose a number (every position it could
 * have had is an alternative, as match gives them) or print their cells in an order the text does
 * not settle; the solver must choose the placement the rules allow, infer the lost value, never
 * change a printed one, and mark ambiguous every cell it could not settle — never a wrong value
 * passed off as sure. tests/solve-search.test.ts covers the bounded search of large tables.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../tools/generate/rng.js";
import type { CellReading, MatchedTable } from "../src/model/index.js";
import type { RuleInstance } from "../src/validate/rule-instances.js";
import { evaluate, solveTable, type SolvedCell } from "../src/validate/solve.js";

const PARTS = ["a", "b", "c", "d"];
const COLUMNS = [...PARTS, "t"];

const cell = (value: number | null): CellReading => ({ value, unknown: false, raw: value === null ? "" : String(value), page: 1, line: 1, flags: [] });
const lost = (): CellReading => ({ value: null, unknown: true, raw: "", page: 1, line: 1, flags: ["cell_lost"] });

interface Case {
  truth: number[][];
  matched: MatchedTable;
  instances: RuleInstance[];
  /** Rows printed with a number lost. */
  lossy: Set<number>;
}

/** A random table: `rows` rows + the total row; `losing` rows (chosen at random) lose a number each. */
function randomTable(rng: Rng, rows: number, losing: number): Case {
  const truth = Array.from({ length: rows }, () => {
    const parts = PARTS.map(() => (rng.int(0, 3) === 0 ? 0 : rng.int(1, 40)));
    return [...parts, parts.reduce((s, v) => s + v, 0)];
  });
  const totalRow = COLUMNS.map((_, c) => truth.reduce((s, r) => s + r[c]!, 0));
  const all = [...truth, totalRow];
  const names = [...truth.map((_, r) => `r${r}`), "total"];
  const lossy = new Set<number>();
  while (lossy.size < Math.min(losing, rows)) lossy.add(rng.int(0, rows - 1));
  const units: MatchedTable["units"] = all.map((row, r) => {
    const unit = { rows: [names[r]!], columns: [COLUMNS], flags: [] };
    if (!lossy.has(r)) return { ...unit, alternatives: [[row.map(cell)]] };
    // One number not printed: the others shift left; it may have been any of the five.
    const gone = rng.int(0, COLUMNS.length - 1);
    const printed = row.filter((_, c) => c !== gone);
    const alternatives = COLUMNS.map((_, at) => [[...printed.slice(0, at).map(cell), lost(), ...printed.slice(at).map(cell)]]);
    return { ...unit, alternatives };
  });
  const instances: RuleInstance[] = [
    ...names.map((n) => ({ id: `row[${n}]`, ruleId: "row", lhs: PARTS.map((p) => `${n}.${p}`), rhs: [`${n}.t`], basis: "official" as const, over: "each_row" as const })),
    ...COLUMNS.map((c) => ({ id: `col[${c}]`, ruleId: "col", lhs: truth.map((_, r) => `r${r}.${c}`), rhs: [`total.${c}`], basis: "official" as const, over: "each_column" as const })),
  ];
  const matched = { table: "t3", template: "toy", units, labels: {}, warnings: [], unmapped: [] } as MatchedTable;
  return { truth: all, matched, instances, lossy };
}

const valueAt = (solved: Map<string, SolvedCell>, key: string): number | null => {
  const c = solved.get(key);
  return c && !c.reading.unknown ? c.reading.value : null;
};

/** Cells whose value is not the truth yet are neither ambiguous nor unknown: `key: got, truth`. */
function silentErrors(truth: number[][], solved: Map<string, SolvedCell>): string[] {
  const names = [...truth.slice(0, -1).map((_, r) => `r${r}`), "total"];
  return truth.flatMap((row, r) =>
    row.flatMap((want, c) => {
      const key = `${names[r]}.${COLUMNS[c]}`;
      const s = solved.get(key);
      const got = valueAt(solved, key);
      return got === want || s === undefined || s.ambiguous || s.reading.unknown ? [] : [`${key}: ${got}, truth ${want}`];
    }),
  );
}

describe("solveTable on random tables with lost cells", () => {
  it("every cell equals the truth or is marked ambiguous; a settled lost cell is inferred from a rule", () => {
    let settled = 0;
    let lossyRows = 0;
    for (let seed = 0; seed < 80; seed++) {
      const rng = new Rng(9000 + seed);
      const { truth, matched, instances, lossy } = randomTable(rng, rng.int(2, 5), 1);
      const solved = solveTable(matched, instances);
      const names = [...truth.slice(0, -1).map((_, r) => `r${r}`), "total"];
      truth.forEach((row, r) => {
        let rowRight = true;
        row.forEach((want, c) => {
          const key = `${names[r]}.${COLUMNS[c]}`;
          const s = solved.get(key);
          const got = valueAt(solved, key);
          if (got !== want) {
            rowRight = false;
            // A wrong or missing value must never pass as settled.
            expect(s === undefined || s.ambiguous || s.reading.unknown, `seed ${seed} ${key}: got ${got}, truth ${want}`).toBe(true);
          }
        });
        if (!lossy.has(r)) return;
        lossyRows++;
        const cells = COLUMNS.map((c) => solved.get(`${names[r]}.${c}`)!);
        // A row that lost a number was placed by the rules, whatever they settled.
        for (const c of cells) expect(c.placedByRules, `seed ${seed} row ${r}`).toBe(true);
        if (rowRight && cells.every((c) => !c.ambiguous)) {
          settled++;
          expect(cells.filter((c) => c.reading.flags.includes("inferred_from_rule")).length, `seed ${seed} row ${r}`).toBe(1);
        }
      });
    }
    // One row losing a number: the column sums settle most (70 of these 80); equal neighbours or
    // zeros leave the rest in doubt, marked.
    expect(lossyRows).toBe(80);
    expect(settled / lossyRows).toBeGreaterThanOrEqual(0.8);
  });

  it("with two rows losing numbers: still never a wrong value unmarked, and never a printed value changed", () => {
    for (let seed = 0; seed < 40; seed++) {
      const rng = new Rng(9500 + seed);
      const { truth, matched, instances } = randomTable(rng, 3, 2);
      const solved = solveTable(matched, instances);
      expect(silentErrors(truth, solved), `seed ${seed}`).toEqual([]);
      matched.units.forEach((u) => {
        const printed = u.alternatives[0]![0]!.filter((c) => !c.unknown).map((c) => c.value);
        for (const col of COLUMNS) {
          const r = solved.get(`${u.rows[0]}.${col}`)!.reading;
          if (!r.unknown && !r.flags.includes("inferred_from_rule")) expect(printed, `seed ${seed} ${u.rows[0]}.${col}`).toContain(r.value);
        }
      });
    }
  });
});

describe("solveTable with readings no rule settles", () => {
  it("marks the cells that differ between equally good readings ambiguous, and only those", () => {
    // One row, its own sum only: 3 | 5 | total 8 or 5 | 3 | total 8.
    const matched = {
      table: "t3",
      template: "toy",
      units: [{ rows: ["r"], columns: [["a", "b", "t"]], alternatives: [[[cell(3), cell(5), cell(8)]], [[cell(5), cell(3), cell(8)]]], flags: [] }],
      labels: {},
      warnings: [],
      unmapped: [],
    } as MatchedTable;
    const rule: RuleInstance = { id: "row[r]", ruleId: "row", lhs: ["r.a", "r.b"], rhs: ["r.t"], basis: "official", over: "each_row" };
    const solved = solveTable(matched, [rule]);
    expect(solved.get("r.a")!.ambiguous).toBe(true);
    expect(solved.get("r.b")!.ambiguous).toBe(true);
    expect(solved.get("r.t")!.ambiguous).toBe(false);
    // A column rule that tells them apart settles it.
    const withColumn = solveTable(
      { ...matched, units: [...matched.units, { rows: ["s"], columns: [["a"]], alternatives: [[[cell(5)]]], flags: [] }, { rows: ["sum"], columns: [["a"]], alternatives: [[[cell(10)]]], flags: [] }] },
      [rule, { id: "col[a]", ruleId: "col", lhs: ["r.a", "s.a"], rhs: ["sum.a"], basis: "official", over: "each_column" }],
    );
    expect([withColumn.get("r.a")!.reading.value, withColumn.get("r.b")!.reading.value]).toEqual([5, 3]);
    expect(withColumn.get("r.a")!.ambiguous).toBe(false);
  });

  it("settles cells left to the table's rules (varies) only where its search proves one choice", () => {
    // Sixteen rows of 1|2 or 2|1 (too many combinations to try all): the column sums hold for the
    // truth and for any swap of a 1|2 row with a 2|1 row, which no one row's change shows.
    const varies = (v: number): CellReading => ({ ...cell(v), varies: true });
    const rows = Array.from({ length: 16 }, (_, r) => `r${r}`);
    const units: MatchedTable["units"] = rows.map((row, r) => {
      const [x, y] = r < 8 ? [1, 2] : [2, 1];
      return { rows: [row], columns: [["a", "b"]], alternatives: [[[varies(x), varies(y)]], [[varies(y), varies(x)]]], flags: [] };
    });
    units.push({ rows: ["sum"], columns: [["a", "b"]], alternatives: [[[cell(24), cell(24)]]], flags: [] });
    const columns: RuleInstance[] = ["a", "b"].map((c) => ({ id: `col[${c}]`, ruleId: "col", lhs: rows.map((r) => `${r}.${c}`), rhs: [`sum.${c}`], basis: "official", over: "each_column" }));
    const matched = { table: "t3", template: "toy", units, labels: {}, warnings: [], unmapped: [] } as MatchedTable;
    const solved = solveTable(matched, columns);
    for (const row of rows) expect(solved.get(`${row}.a`)!.ambiguous, row).toBe(true);
    // Rows all 1|2: any swap breaks the sums, and the search proves it.
    const same = rows.slice(0, 8);
    const single = solveTable({ ...matched, units: [...units.slice(0, 8), { rows: ["sum"], columns: [["a", "b"]], alternatives: [[[cell(8), cell(16)]]], flags: [] }] }, ["a", "b"].map((c) => ({ id: `col[${c}]`, ruleId: "col", lhs: same.map((r) => `${r}.${c}`), rhs: [`sum.${c}`], basis: "official", over: "each_column" })));
    expect(single.get("r0.a")!.ambiguous).toBe(false);
    expect(single.get("r0.a")!.reading.value).toBe(1);
  });

  it("does not settle cells left to the rules by a sum a blank 总计 leaves unchecked", () => {
    // 5|·|5 holds the row's sum; ·|5|· leaves it unchecked (its 总计 blank): no rule is broken by
    // either, so the cells they differ on stay in doubt though the first scores better.
    const varies = (v: number | null): CellReading => ({ ...cell(v), varies: true });
    const matched = {
      table: "t3",
      template: "toy",
      units: [{ rows: ["r"], columns: [["a", "b", "t"]], alternatives: [[[varies(5), varies(null), varies(5)]], [[varies(null), varies(5), varies(null)]]], flags: [] }],
      labels: {},
      warnings: [],
      unmapped: [],
    } as MatchedTable;
    const rule: RuleInstance = { id: "row[r]", ruleId: "row", lhs: ["r.a", "r.b"], rhs: ["r.t"], basis: "official", over: "each_row", blankUnchecked: ["r.t"] };
    const solved = solveTable(matched, [rule]);
    expect(solved.get("r.a")!.reading.value).toBe(5);
    for (const col of ["a", "b", "t"]) expect(solved.get(`r.${col}`)!.ambiguous, col).toBe(true);
  });

  it("infers a cell no text gave only where one rule determines it, and never a negative count", () => {
    const unit = (row: string, cols: string[], values: (number | "lost")[]) => ({
      rows: [row],
      columns: [cols],
      alternatives: [[values.map((v) => (v === "lost" ? lost() : cell(v)))]],
      flags: [],
    });
    const rule = (lhs: string[], rhs: string[]): RuleInstance => ({ id: lhs.join("+"), ruleId: "x", lhs, rhs, basis: "official", over: "each_row" });
    const matched = (units: MatchedTable["units"]) => ({ table: "t3", template: "toy", units, labels: {}, warnings: [], unmapped: [] }) as MatchedTable;
    const one = solveTable(matched([unit("r", ["a", "b", "t"], [4, "lost", 10])]), [rule(["r.a", "r.b"], ["r.t"])]);
    expect(one.get("r.b")!.reading).toMatchObject({ value: 6, unknown: false });
    expect(one.get("r.b")!.reading.flags).toEqual(expect.arrayContaining(["cell_lost", "inferred_from_rule"]));
    // Two cells open in the one rule: not determined.
    const two = solveTable(matched([unit("r", ["a", "b", "t"], ["lost", "lost", 10])]), [rule(["r.a", "r.b"], ["r.t"])]);
    expect(two.get("r.a")!.reading.unknown).toBe(true);
    // The printed parts exceed the total: the difference would be negative, left unknown.
    const over = solveTable(matched([unit("r", ["a", "b", "t"], [12, "lost", 10])]), [rule(["r.a", "r.b"], ["r.t"])]);
    expect(over.get("r.b")!.reading.unknown).toBe(true);
  });
});

describe("evaluate", () => {
  const inst: RuleInstance = { id: "x", ruleId: "x", lhs: ["a", "b"], rhs: ["t"], basis: "official", over: "each_row" };
  it("counts a blank as 0, leaves an unknown or absent cell unchecked, and fails a wrong sum", () => {
    const rng = new Rng(9900);
    for (let n = 0; n < 30; n++) {
      const a = rng.int(0, 50);
      const b = rng.int(0, 50);
      expect(evaluate(inst, new Map([["a", cell(a)], ["b", cell(b)], ["t", cell(a + b)]]))).toBe(true);
      expect(evaluate(inst, new Map([["a", cell(a)], ["b", cell(b)], ["t", cell(a + b + rng.int(1, 9))]]))).toBe(false);
      expect(evaluate(inst, new Map([["a", cell(a)], ["b", cell(null)], ["t", cell(a)]]))).toBe(true);
      expect(evaluate(inst, new Map([["a", cell(a)], ["b", lost()], ["t", cell(a + b)]]))).toBeNull();
      expect(evaluate(inst, new Map([["a", cell(a)], ["t", cell(a + b)]]))).toBeNull();
    }
  });

  it("leaves a sum whose blank total the document did not print unchecked instead of failed", () => {
    const blankTotal = { ...inst, blankUnchecked: ["t"] };
    expect(evaluate(blankTotal, new Map([["a", cell(3)], ["b", cell(4)], ["t", cell(null)]]))).toBeNull();
    expect(evaluate(inst, new Map([["a", cell(3)], ["b", cell(4)], ["t", cell(null)]]))).toBe(false);
    expect(evaluate(blankTotal, new Map([["a", cell(3)], ["b", cell(4)], ["t", cell(6)]]))).toBe(false);
  });
});
