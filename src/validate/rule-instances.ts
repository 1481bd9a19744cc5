/** A template's sum rules expanded into instances over concrete cell keys (`<row>.<column>`, table-local). */
import type { TemplateTable } from "../templates/index.js";

export interface RuleInstance {
  /** Rule id with the column or row it is applied to, e.g. `t3.balance[natural_person]`. */
  id: string;
  ruleId: string;
  lhs: string[];
  rhs: string[];
  basis: "official" | "implied";
}

export function expandRules(table: TemplateTable): RuleInstance[] {
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
        });
      }
    }
  }
  return out;
}
