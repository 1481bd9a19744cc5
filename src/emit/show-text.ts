/**
 * `nianbao show`: one record's tables as aligned text for a terminal. Widths are measured with
 * string-width (a Chinese character takes two columns), values are right-aligned, and a value that
 * needs review carries a `*`, listed under its table with its flags.
 */
import type { CellRecord, ReportRecord } from "../model/index.js";
import { TEMPLATES, tableHeading, type Template } from "../templates/index.js";
import { textWidth as stringWidth } from "./text-width.js";

/** Pre-2019 indicators have no table heading of a template. */
const LEGACY_TITLE = "统计指标 (pre-2019 indicators)";
/** Row labels longer than this (columns) are cut with …. */
const LABEL_MAX = 28;
export const REVIEW_MARK = "*";

function cut(text: string, max: number): string {
  if (stringWidth(text) <= max) return text;
  let out = "";
  for (const ch of text) {
    if (stringWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

const padEnd = (s: string, w: number): string => s + " ".repeat(Math.max(0, w - stringWidth(s)));
const padStart = (s: string, w: number): string => " ".repeat(Math.max(0, w - stringWidth(s))) + s;

function valueText(c: CellRecord): string {
  return `${c.value === null ? "—" : String(c.value)}${c.needs_review ? REVIEW_MARK : ""}`;
}

/** Row label, column label: label_zh is `row｜column` (legacy cells have one label). */
function labels(c: CellRecord): [string, string] {
  const i = c.label_zh.lastIndexOf("｜");
  return i < 0 ? [c.label_zh, ""] : [c.label_zh.slice(0, i), c.label_zh.slice(i + 1)];
}

function tableText(table: string, cells: readonly CellRecord[]): string[] {
  const rows = new Map<string, { label: string; byColumn: Map<string, CellRecord> }>();
  const columns = new Map<string, string>();
  for (const c of cells) {
    const [rowLabel, colLabel] = labels(c);
    const col = table === "legacy" ? "value" : c.column;
    const rowKey = table === "legacy" ? c.key : c.row;
    if (!columns.has(col)) columns.set(col, table === "legacy" ? "数值" : cut(colLabel, 16));
    const row = rows.get(rowKey) ?? { label: cut(rowLabel, LABEL_MAX), byColumn: new Map() };
    row.byColumn.set(col, c);
    rows.set(rowKey, row);
  }
  const cols = [...columns.entries()];
  const labelWidth = Math.max(...[...rows.values()].map((r) => stringWidth(r.label)), 4);
  const widths = cols.map(([key, head]) => Math.max(stringWidth(head), ...[...rows.values()].map((r) => stringWidth(r.byColumn.has(key) ? valueText(r.byColumn.get(key)!) : ""))));
  const lines = [padEnd("", labelWidth) + cols.map(([, head], i) => `  ${padStart(head, widths[i]!)}`).join("")];
  for (const r of rows.values()) {
    lines.push(padEnd(r.label, labelWidth) + cols.map(([key], i) => `  ${padStart(r.byColumn.has(key) ? valueText(r.byColumn.get(key)!) : "", widths[i]!)}`).join(""));
  }
  return lines;
}

/** `templates`: those the record was read with (the pipeline's), for its tables' headings. */
export function recordToText(r: ReportRecord, templates: readonly Template[] = TEMPLATES): string {
  const out: string[] = [];
  const head = [r.report.agency ?? "(agency not found)", r.report.year === null ? "(year not found)" : String(r.report.year), r.report.template ?? "(no template)"];
  out.push(`${r.source.path}`, `${head.join(" · ")} · ${r.source.kind}, ${r.source.pages} page(s)`);
  const byTable = new Map<string, CellRecord[]>();
  for (const c of r.cells) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  if (byTable.size === 0) out.push("", "no statistics table found");
  for (const [table, cells] of byTable) {
    out.push("", table === "legacy" ? LEGACY_TITLE : tableHeading(table, templates), ...tableText(table, cells));
    const flagged = cells.filter((c) => c.needs_review);
    if (flagged.length > 0) {
      out.push(`${REVIEW_MARK} needs review (${flagged.length}):`);
      for (const c of flagged) out.push(`  ${c.key} = ${c.value ?? "—"} (printed "${c.raw}"; ${c.flags.join(", ") || "low confidence"})`);
    }
  }
  const failed = r.checks.filter((k) => !k.ok);
  out.push("", `${r.cells.length} value(s), ${r.cells.filter((c) => c.needs_review).length} to review; ${r.checks.length} rule(s) checked, ${failed.length} failed`);
  for (const k of failed) out.push(`  ${k.rule}: expected ${k.expected ?? "—"}, actual ${k.actual ?? "—"}`);
  return `${out.join("\n")}\n`;
}
