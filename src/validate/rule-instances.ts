/** A template's sum rules expanded into instances over concrete cell keys (`<row>.<column>`, table-local). */
import type { TemplateTable } from "../templates/index.js";

export interface RuleInstance {
  /** Rule id with the column or row it is applied to, e.g. `t3.balance[natural_person]`. */
  id: string;
  ruleId: string;
  lhs: string[];
  rhs: string[];
  basis: "official" | "implied";
  over: "each_column" | "each_row";
  /**
   * Cells that, left blank, leave the instance unchecked rather than failed: in a table that prints
   * 总计 only in some rows, a row's blank 总计.
   */
  blankUnchecked?: string[];
}

/**
 * The rule instances of a table as a document that prints zeros blank without a trace is checked:
 * the total of a row sum (each_row, one cell on the right) may be a total the document did not print.
 */
export function withBlankTotals(instances: readonly RuleInstance[], table: TemplateTable): RuleInstance[] {
  // Only the row's own total: a blank cell of the 总计 column's column sum still fails it, so that a
  // reading filling the wrong row's total is caught there.
  const perRow = new Set(table.rules.filter((r) => r.over === "each_row" && r.rhs.length === 1).map((r) => r.id));
  return instances.map((i) => (perRow.has(i.ruleId) ? { ...i, blankUnchecked: i.rhs } : i));
}

/** Templates are loaded once and never change: each table's instances are expanded once (issue 14). */
const expandedByTable = new WeakMap<TemplateTable, readonly RuleInstance[]>();

export function expandRules(table: TemplateTable): RuleInstance[] {
  let cached = expandedByTable.get(table);
  if (!cached) expandedByTable.set(table, (cached = expand(table)));
  return cached.slice();
}

function expand(table: TemplateTable): RuleInstance[] {
  const out: RuleInstance[] = [];
  const columnsOf = (rowKey: string): string[] => {
    const row = table.rows.find((r) => r.key === rowKey);
    return row?.columns ?? table.columns.map((c) => c.key);
  };
  for (const rule of table.rules) {
    if (rule.over === "each_column") {
      for (const col of table.columns) {
        const rows = [...rule.lhs, ...rule.rhs];
        if (!rows.every((r) => columnsOf(r).includes(col.key))) continue;
        out.push({
          id: `${rule.id}[${col.key}]`,
          ruleId: rule.id,
          lhs: rule.lhs.map((r) => `${r}.${col.key}`),
          rhs: rule.rhs.map((r) => `${r}.${col.key}`),
          basis: rule.basis,
          over: rule.over,
        });
      }
    } else {
      for (const row of table.rows) {
        const cols = columnsOf(row.key);
        if (![...rule.lhs, ...rule.rhs].every((c) => cols.includes(c))) continue;
        out.push({
          id: `${rule.id}[${row.key}]`,
          ruleId: rule.id,
          lhs: rule.lhs.map((c) => `${row.key}.${c}`),
          rhs: rule.rhs.map((c) => `${row.key}.${c}`),
          basis: rule.basis,
          over: rule.over,
        });
      }
    }
  }
  return out;
}
