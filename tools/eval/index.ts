/**
 * `nianbao eval`: scores the records of an output folder against gold files and writes
 * `<outDir>/eval.json`. Totals are given overall, per table, per damage kind and per document, and
 * every silent error is listed, since those are what a user of the data would never notice.
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { loadGolds, loadRecords, matchGold } from "./load.js";
import { addOutcome, emptyTally, scorePair, tallyOf, type SilentError, type Tally } from "./score.js";

export { formatEvalSummary } from "./summary.js";
export { scorePair, sameValue, type Tally, type SilentError, type CellOutcome, type ScoredCell } from "./score.js";

export const EVAL_SCHEMA_ID = "nianbao.eval/1";

export interface DocumentResult extends Tally {
  doc: string;
  record: string;
  gold: string;
  /** Record cells whose key the gold does not have (not scored). */
  extra_cells: number;
}

export interface EvalReport {
  schema: typeof EVAL_SCHEMA_ID;
  gold_dir: string;
  out_dir: string;
  documents: {
    /** Record–gold pairs scored (one gold may serve several records, e.g. layout and raw text). */
    matched: number;
    gold_files: number;
    records: number;
    /** Gold files no record matched; their cells are not counted as errors. */
    unmatched_gold: string[];
    unmatched_gold_cells: number;
    unmatched_records: string[];
  };
  overall: Tally;
  by_table: Record<string, Tally>;
  by_damage: Record<string, Tally>;
  by_document: DocumentResult[];
  silent_errors: SilentError[];
  warnings: string[];
}

function bump(map: Record<string, Tally>, key: string): Tally {
  return (map[key] ??= emptyTally());
}

export async function evaluate(opts: { goldDir: string; outDir: string }): Promise<EvalReport> {
  const warnings: string[] = [];
  const golds = await loadGolds(opts.goldDir);
  const records = await loadRecords(join(opts.outDir, "reports"), warnings);
  const report: EvalReport = {
    schema: EVAL_SCHEMA_ID,
    gold_dir: opts.goldDir,
    out_dir: opts.outDir,
    documents: { matched: 0, gold_files: golds.length, records: records.length, unmatched_gold: [], unmatched_gold_cells: 0, unmatched_records: [] },
    overall: emptyTally(),
    by_table: {},
    by_damage: {},
    by_document: [],
    silent_errors: [],
    warnings,
  };
  const used = new Set<string>();
  const docNames = new Set<string>();
  for (const record of records) {
    const gold = matchGold(record, golds);
    if (!gold) {
      report.documents.unmatched_records.push(record.file);
      continue;
    }
    used.add(gold.file);
    let doc = basename(record.sourcePath);
    if (docNames.has(doc)) doc = `${doc} (${basename(record.file)})`;
    docNames.add(doc);
    const { outcomes, extra, duplicateKeys } = scorePair(gold.gold, record.cells);
    if (duplicateKeys.length > 0) warnings.push(`record ${record.file} has duplicate keys: ${duplicateKeys.join(", ")}`);
    for (const o of outcomes) {
      addOutcome(report.overall, o);
      addOutcome(bump(report.by_table, o.table), o);
      for (const kind of o.damage) addOutcome(bump(report.by_damage, kind), o);
      if (o.silent) report.silent_errors.push({ doc, key: o.key, gold: o.gold, got: o.got, missing: o.missing });
    }
    report.by_document.push({ doc, record: record.file, gold: gold.file, extra_cells: extra.length, ...tallyOf(outcomes) });
    report.documents.matched++;
  }
  for (const gold of golds) {
    if (used.has(gold.file)) continue;
    report.documents.unmatched_gold.push(gold.file);
    report.documents.unmatched_gold_cells += Object.keys(gold.gold.cells).length;
  }
  await writeAtomic(join(opts.outDir, "eval.json"), JSON.stringify(report, null, 2) + "\n");
  return report;
}

/** Temp file + rename, so a reader never sees half an eval.json. */
async function writeAtomic(path: string, text: string): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, text, "utf8");
  await rename(tmp, path);
}
