/**
 * The solver chooses one reading per row so that the table's rules hold. With many rows of many
 * readings (run-on rows of a table that prints zeros blank) it cannot try every combination; its
 * bounded search must still find the one combination every column sum allows, where settling rows
 * one at a time can stop at a wrong one. Random tables: rows whose numbers may sit in any of the
 * columns, a total row, and the column sums.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../tools/generate/rng.js";
import type { CellReading, MatchedTable } from "../src/model/index.js";
import type { RuleInstance } from "../src/validate/rule-instances.js";
import { solveTable } from "../src/validate/solve.js";

const COLUMNS = ["a", "b", "c", "d", "e"];
const cell = (value: number | null): CellReading => ({ value, unknown: false, raw: value === null ? "" : String(value), page: 1, line: 1, flags: [] });

/** Every placement of `values` (in order) into the columns, the others blank. */
function placements(values: number[], from = 0): (number | null)[][] {
  if (values.length === 0) return [COLUMNS.slice(from).map(() => null)];
  const out: (number | null)[][] = [];
  for (let c = from; c <= COLUMNS.length - values.length; c++) {
    for (const rest of placements(values.slice(1), c + 1)) out.push([...COLUMNS.slice(from, c).map(() => null), values[0]!, ...rest]);
  }
  return out;
}

function randomTable(rng: Rng, rows: number) {
  const truth = Array.from({ length: rows }, () => COLUMNS.map(() => (rng.int(0, 2) === 0 ? rng.int(1, 60) : null)));
  const total = COLUMNS.map((_, c) => truth.reduce((s, r) => s + (r[c] ?? 0), 0));
  const units: MatchedTable["units"] = truth.map((row, r) => {
    const printed = row.filter((v): v is number => v !== null);
    return { rows: [`r${r}`], columns: [COLUMNS], alternatives: placements(printed).map((p) => [p.map(cell)]), flags: [] };
  });
  units.push({ rows: ["total"], columns: [COLUMNS], alternatives: [[total.map((v) => cell(v === 0 ? null : v))]], flags: [] });
  const instances: RuleInstance[] = COLUMNS.map((c) => ({
    id: `sum[${c}]`, ruleId: "sum", lhs: truth.map((_, r) => `r${r}.${c}`), rhs: [`total.${c}`], basis: "implied", over: "each_column",
  }));
  const matched = { table: "t3", template: "toy", units, labels: {}, warnings: [], unmapped: [] } as unknown as MatchedTable;
  return { truth, matched, instances };
}

describe("solver on tables too large to enumerate", () => {
  it("finds a combination where every column sum holds, and it is the printed one where only it does", () => {
    const rng = new Rng(5);
    let large = 0;
    let unique = 0;
    for (let t = 0; t < 60; t++) {
      const { truth, matched, instances } = randomTable(rng, 7);
      const combos = matched.units.reduce((p, u) => p * u.alternatives.length, 1);
      if (combos <= 50_000) continue;
      large++;
      const solved = solveTable(matched, instances);
      const value = (k: string) => solved.get(k)!.reading.value ?? 0;
      for (const c of COLUMNS) expect(truth.reduce((s, _, r) => s + value(`r${r}.${c}`), 0)).toBe(value(`total.${c}`));
      // Where no cell is ambiguous the solver says the combination is the only one: it is the truth.
      const cells = truth.flatMap((row, r) => row.map((v, c) => ({ v, s: solved.get(`r${r}.${COLUMNS[c]}`)! })));
      if (cells.every(({ s }) => !s.ambiguous)) {
        unique++;
        for (const { v, s } of cells) expect(s.reading.value).toBe(v);
      }
    }
    expect(large).toBeGreaterThan(30);
    expect(unique).toBeGreaterThan(0);
  });
});
