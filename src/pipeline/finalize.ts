/**
 * The end of a batch (and `rebuildTables`): index the records of the output folder, group them by
 * agency, run the cross-year checks, and stream every table. Records are read one agency at a time;
 * what is held for the whole folder is one small index entry per document.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { OUTPUT_FILES, TablesWriter, applyCorrections, foldManifest, notRead, readCorrections, readManifest, recordId, type ManifestEntry } from "../emit/index.js";
import { ReportRecordSchema, type ReportRecord } from "../model/index.js";
import type { CrossYearFinding } from "../validate/cross-year.js";
import { buildCodebook } from "./codebook.js";
import { docIndexEntry, type DocIndexEntry } from "./doc-index.js";
import { removeRecordFile, reportPath, reportsDir, saveRecord } from "./out-dir.js";
import type { RunProfile } from "./profile.js";
import { PANEL_KEYS, groupByAgency, type AgencyGroup, groupFindings, panelRows, withCrossYearFlags, yearLeaders } from "./panel.js";

/** Documents of one agency held in memory at once; bigger groups are read twice (see the loop). */
const HOLD_LIMIT = 32;

export interface FinalizeOptions {
  /** Index entries of the records written by this run (their files need not be read to index them). */
  fresh?: ReadonlyMap<string, DocIndexEntry>;
  /** Records replaced by this run (same input path, other content); their files are deleted. */
  isSuperseded?: (file: string, record: ReportRecord) => boolean;
  /** Documents of one agency held in memory at once (default HOLD_LIMIT; tests lower it). */
  holdLimit?: number;
  /** The manifest as it will be after this run (for failures.csv); default: manifest.jsonl as it is. */
  manifest?: readonly ManifestEntry[];
  /** Write nianbao.xlsx (default true). */
  xlsx?: boolean;
  /** Filled with the time of the table phase's stages (`--profile`). */
  profile?: RunProfile;
}

export interface FinalizeResult {
  records: number;
  findings: CrossYearFinding[];
  /** Records re-serialized with new or removed cross-year flags. */
  reflagged: number;
  warnings: string[];
}

/** `trusted`: written by this run's task, which checked it against the schema just before (saves ~1 ms a record). */
async function readRecord(path: string, trusted = false): Promise<ReportRecord> {
  const data: unknown = JSON.parse(await readFile(path, "utf8"));
  return trusted ? (data as ReportRecord) : ReportRecordSchema.parse(data);
}

async function indexFolder(outDir: string, opts: FinalizeOptions, warnings: string[]): Promise<DocIndexEntry[]> {
  let names: string[];
  try {
    names = (await readdir(reportsDir(outDir))).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const entries: DocIndexEntry[] = [];
  const ids = new Set<string>();
  for (const name of names) {
    if (name.startsWith(".") || !name.endsWith(".json")) continue;
    const file = name.slice(0, -".json".length);
    const known = opts.fresh?.get(file);
    if (known) {
      ids.add(file);
      entries.push(known);
      continue;
    }
    let record: ReportRecord;
    try {
      record = await readRecord(reportPath(outDir, file));
    } catch (err) {
      const why = err instanceof Error && err.name === "ZodError" ? "not a valid record" : `unreadable (${err instanceof Error ? err.message.split("\n")[0] : String(err)})`;
      warnings.push(`${reportPath(outDir, file)}: ${why}; left out of the tables`);
      continue;
    }
    if (opts.isSuperseded?.(file, record)) {
      await removeRecordFile(outDir, file);
      continue;
    }
    const id = recordId(record);
    if (ids.has(id) || id !== file) {
      warnings.push(`${reportPath(outDir, file)}: ${ids.has(id) ? `same id ${id} as another record` : `file name is not the record's id ${id}`}; left out of the tables`);
      continue;
    }
    ids.add(id);
    entries.push(docIndexEntry(id, record));
  }
  return entries;
}

export async function finalizeOutput(outDir: string, opts: FinalizeOptions = {}): Promise<FinalizeResult> {
  const warnings: string[] = [];
  const prof = opts.profile;
  const tIndex = performance.now();
  const entries = await indexFolder(outDir, opts, warnings);
  const groups = groupByAgency(entries);
  const log = await readCorrections(outDir);
  if (log.invalid > 0) warnings.push(`${outDir}/corrections.jsonl: ${log.invalid} unreadable line(s) ignored`);
  const manifest = opts.manifest ?? foldManifest((await readManifest(join(outDir, OUTPUT_FILES.manifest))).entries);
  const writer = new TablesWriter(outDir, { panelKeys: PANEL_KEYS, log, codebook: buildCodebook(), failures: notRead(manifest), ...(opts.xlsx === false ? { xlsx: false } : {}), ...(prof ? { clock: prof } : {}) });
  prof?.add("index records", performance.now() - tIndex);
  const findings: CrossYearFinding[] = [];
  let reflagged = 0;
  let records = 0;
  try {
    const reader = (group: AgencyGroup) => (i: number): Promise<ReportRecord> =>
      readRecord(reportPath(outDir, group.docs[i]!.id), opts.fresh?.has(group.docs[i]!.id) === true);
    // A small group is held in memory; a big one (one agency over many documents) is read twice
    // instead, so that memory never depends on how many reports one agency has.
    const load = (group: AgencyGroup): Promise<ReportRecord[] | null> =>
      group.docs.length <= (opts.holdLimit ?? HOLD_LIMIT) ? Promise.all(group.docs.map((_, i) => reader(group)(i))) : Promise.resolve(null);
    // The next group is read while this one is written (file reads overlap the SQLite and CSV work).
    let next = groups[0] ? load(groups[0]) : null;
    for (const [g, group] of groups.entries()) {
      const read = reader(group);
      const held = await next;
      next = groups[g + 1] ? load(groups[g + 1]!) : null;
      next?.catch(() => undefined); // a failed read is thrown when awaited, not as an unhandled rejection
      const recordAt = (i: number): Promise<ReportRecord> => (held ? Promise.resolve(held[i]!) : read(i));
      const tCross = performance.now();
      const { findings: found, wanted } = await groupFindings(group, async (i) => applyCorrections(await recordAt(i), log).cells);
      prof?.add("cross-year", performance.now() - tCross);
      findings.push(...found);
      const leaderOf = new Map([...yearLeaders(group)].map(([year, i]) => [i, year]));
      const leaders = new Map<number, ReportRecord>();
      for (const [i, doc] of group.docs.entries()) {
        const extracted = await recordAt(i);
        const patched = withCrossYearFlags(extracted, wanted.get(doc.id));
        if (patched) {
          // Re-writing a record for its cross-year flags is part of the cross-year stage.
          if (prof) await prof.timeAsync("cross-year", () => saveRecord(outDir, patched));
          else await saveRecord(outDir, patched);
          reflagged += 1;
        }
        const exported = await writer.add(patched ?? extracted, group.agency);
        records += 1;
        const year = leaderOf.get(i);
        if (year !== undefined) leaders.set(year, exported);
      }
      for (const row of panelRows(group, leaders)) writer.addPanelRow(row);
    }
    await writer.commit();
    warnings.push(...writer.warnings);
  } catch (err) {
    await writer.abort();
    throw err;
  }
  return { records, findings, reflagged, warnings };
}

/** Rebuilds every table of an output folder from its records (after corrections, or by hand). */
export async function rebuildTables(outDir: string): Promise<FinalizeResult> {
  return finalizeOutput(outDir);
}
