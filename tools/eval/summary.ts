/** A compact, human-readable table of an eval report (for the terminal). */
import type { EvalReport } from "./index.js";
import type { Tally } from "./score.js";

const pct = (n: number, d: number): string => (d === 0 ? "-" : ((100 * n) / d).toFixed(2));

function row(name: string, t: Tally): string {
  return [
    name.padEnd(24),
    String(t.cells).padStart(7),
    pct(t.exact, t.cells).padStart(8),
    String(t.silent).padStart(7),
    String(t.flagged_wrong).padStart(8),
    // False alarms are measured against the cells that were right: how much review is wasted.
    pct(t.false_alarm, t.exact).padStart(13),
  ].join(" ");
}

export function formatEvalSummary(report: EvalReport, maxErrors = 20): string {
  const d = report.documents;
  const lines = [
    `documents: ${d.matched} scored, ${d.unmatched_gold.length} gold file(s) without a record (${d.unmatched_gold_cells} cells not scored), ${d.unmatched_records.length} record(s) without gold`,
    "",
    [
      "scope".padEnd(24),
      "cells".padStart(7),
      "exact%".padStart(8),
      "silent".padStart(7),
      "flagged".padStart(8),
      "false-alarm%".padStart(13),
    ].join(" "),
    row("overall", report.overall),
  ];
  for (const [table, t] of Object.entries(report.by_table).sort()) lines.push(row(`table ${table}`, t));
  for (const [kind, t] of Object.entries(report.by_damage).sort()) lines.push(row(`damage ${kind}`, t));
  if (report.by_document.length > 1) {
    lines.push("");
    for (const doc of report.by_document) lines.push(row(doc.doc.length > 24 ? `…${doc.doc.slice(-23)}` : doc.doc, doc));
  }
  const errors = report.silent_errors;
  if (errors.length > 0) {
    lines.push("", `silent errors: ${errors.length}${errors.length > maxErrors ? ` (first ${maxErrors})` : ""}`);
    for (const e of errors.slice(0, maxErrors)) {
      lines.push(`  ${e.doc}  ${e.key}  gold ${String(e.gold)}  got ${e.missing ? "(missing)" : String(e.got)}`);
    }
  }
  if (d.unmatched_gold.length > 0) lines.push("", "gold without record:", ...d.unmatched_gold.map((f) => `  ${f}`));
  if (d.unmatched_records.length > 0) lines.push("", "records without gold:", ...d.unmatched_records.map((f) => `  ${f}`));
  if (report.warnings.length > 0) lines.push("", "warnings:", ...report.warnings.map((w) => `  ${w}`));
  return lines.join("\n") + "\n";
}
