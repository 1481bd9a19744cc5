/** A template table's each_row sum rules in column-index form (the shape a printed row must fit). */
import type { TemplateTable } from "../templates/index.js";
import type { RowShape } from "./row-alternatives.js";

export function rowShape(table: TemplateTable, columns: readonly string[]): RowShape {
  const sums = table.rules
    .filter((r) => r.over === "each_row" && r.rhs.length === 1)
    .flatMap((r) => {
      const parts = r.lhs.map((k) => columns.indexOf(k));
      const total = columns.indexOf(r.rhs[0]!);
      return parts.every((p) => p >= 0) && total >= 0 ? [{ parts, total }] : [];
    });
  return { ncols: columns.length, sums, bounds: rowBounds(table, columns) };
}

/** The table's bounds over the given columns, in column-index form (those naming other columns are left out). */
export function rowBounds(table: TemplateTable, columns: readonly string[]): RowShape["bounds"] {
  return table.bounds.flatMap((b) => {
    const lhs = b.lhs.map((k) => columns.indexOf(k));
    const rhs = b.rhs.map((k) => columns.indexOf(k));
    return [...lhs, ...rhs].every((j) => j >= 0) ? [{ lhs, rhs, certain: b.certain }] : [];
  });
}

/** Which of the given columns take a signed value (本年增/减): a number printed with a sign sits in no other. */
export function rowSigned(table: TemplateTable, columns: readonly string[]): boolean[] {
  return columns.map((k) => table.columns.find((c) => c.key === k)?.kind === "signed_count");
}

/** Several rows printed as one flat row (table 4): the per-row sums repeated at each row's offset. */
export function flatShape(single: RowShape, rows: number): RowShape {
  const sums = [];
  for (let r = 0; r < rows; r++) {
    const off = r * single.ncols;
    for (const s of single.sums) sums.push({ parts: s.parts.map((p) => p + off), total: s.total + off });
  }
  return { ncols: single.ncols * rows, sums };
}
