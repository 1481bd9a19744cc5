/**
 * Tables a reader saw that no template took (an attachment, a 政务公开 table of another kind), kept
 * whole in the record's `tables_other`: a table is taken when a cell of the record was read from
 * one of its lines.
 */
import type { PageModel, ReportRecord } from "../model/index.js";

export function otherTables(model: PageModel, cells: readonly { source: { page: number; line: number } }[]): Pick<ReportRecord, "tables_other"> {
  // A reader that saw no tables (text) has none to keep: no keys built for the cells.
  if (!model.tables || model.tables.length === 0) return {};
  const used = new Set(cells.map((c) => `${c.source.page}:${c.source.line}`));
  const other = (model.tables ?? []).filter((t) => {
    for (let l = t.firstLine; l <= t.lastLine; l++) if (used.has(`${t.page}:${l}`)) return false;
    return true;
  });
  if (other.length === 0) return {};
  return { tables_other: other.map((t) => ({ page: t.page, line_from: t.firstLine, line_to: t.lastLine, rows: t.rows })) };
}
