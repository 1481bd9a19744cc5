/**
 * The end of a batch (and `rebuildTables`): index the records of the output folder, group them by
 * agency, run the cross-year checks, and stream every table. Records are read one agency at a time;
 * what is held for the whole folder is one small index entry per document.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { OUTPUT_FILES, TABLE_FILES, TablesWriter, applyCorrections, foldManifest, notRead, readCorrections, readManifest, readRecordFiles, recordId, type ManifestEntry } from "../emit/index.js";
import { ReportRecordSchema, type ReportRecord } from "../model/index.js";
import { TABLE_LABELS_EN, TEMPLATES } from "../templates/index.js";
import { crossYearRules, type CrossYearFinding } from "../validate/cross-year.js";
import { buildCodebook } from "./codebook.js";
import { docIndexEntry, type DocIndexEntry } from "./doc-index.js";
import { removeRecordFile, reportPath, reportsDir, saveRecordSync } from "./out-dir.js";
import type { RunProfile } from "./profile.js";
import { readRunTemplates } from "./run-templates.js";
import { groupByAgency, panelKeys, type AgencyGroup, groupFindings, panelRows, withCrossYearFlags, yearLeaders } from "./panel.js";

/** Documents of one agency held in memory at once; bigger groups are read twice (see the loop). */
const HOLD_LIMIT = 32;

export interface FinalizeOptions {
  /** The run's review threshold (pipeline options review.threshold), for cells whose cross-year flags change. */
  reviewThreshold?: number;
  /** Index entries of the records written by this run (their files need not be read to index them). */
  fresh?: ReadonlyMap<string, DocIndexEntry>;
  /** Records replaced by this run (same input path, other content); their files are deleted. `sourcePath`: the record's source.path. */
  isSuperseded?: (file: string, sourcePath: string) => boolean;
  /** Documents of one agency held in memory at once (default HOLD_LIMIT; tests lower it). */
  holdLimit?: number;
  /** The manifest as it will be after this run (for failures.csv); default: manifest.jsonl as it is. */
  manifest?: readonly ManifestEntry[];
  /** Write nianbao.xlsx: true always, false never, default when every value fits in a sheet (TablesWriterOptions.xlsx). */
  xlsx?: boolean;
  /** Filled with the time of the table phase's stages (`--profile`). */
  profile?: RunProfile;
  /** The folder's record files as the SQLite file noted them, taken earlier (`knownRecords`); default: taken now. */
  known?: KnownRecords;
}

/** Record files whose size and modification time are those the last run noted: their index entries. */
export type KnownRecords = ReadonlyMap<string, { entry: DocIndexEntry; stamp: Stamp }>;

/**
 * The record files of an output folder that are as the last run's tables noted them (sqlite.ts
 * record_files), with their index entries. A batch takes them while its document threads start:
 * a record this run writes is then among its fresh entries, which come first (indexFolder).
 */
export function knownRecords(outDir: string): KnownRecords {
  const known = new Map<string, { entry: DocIndexEntry; stamp: Stamp }>();
  for (const [id, noted] of readRecordFiles(join(outDir, TABLE_FILES.sqlite))) {
    const stamp = fileStamp(reportPath(outDir, id));
    if (stamp && stamp.size === noted.size && stamp.mtime_ms === noted.mtime_ms) known.set(id, { entry: JSON.parse(noted.entry) as DocIndexEntry, stamp });
  }
  return known;
}

export interface FinalizeResult {
  records: number;
  findings: CrossYearFinding[];
  /** Records re-serialized with new or removed cross-year flags. */
  reflagged: number;
  warnings: string[];
}

/**
 * `trusted`: written by this run's task, which checked it against the schema just before (saves ~1 ms a record).
 * Read synchronously: the records were just written and are in the page cache, and a promise round
 * trip per file cost 20 % of reading them back (10,000 records: ~2 s of the tables phase).
 */
async function readRecord(path: string, trusted = false): Promise<ReportRecord> {
  const data: unknown = JSON.parse(readFileSync(path, "utf8"));
  return trusted ? (data as ReportRecord) : ReportRecordSchema.parse(data);
}

/**
 * The folder's records as index entries. A record file whose size and modification time are those
 * the SQLite file's record_files table noted when the tables were last written is not read: its
 * entry comes from there (a re-run of 10,000 reports read and parsed every one, issue 14), and it
 * is later read without the schema check (`trusted`), as the records this run wrote are.
 */
async function indexFolder(outDir: string, opts: FinalizeOptions, warnings: string[], trusted: Set<string>, stamps: Map<string, Stamp>): Promise<DocIndexEntry[]> {
  let names: string[];
  try {
    names = (await readdir(reportsDir(outDir))).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const known = opts.known ?? knownRecords(outDir);
  const entries: DocIndexEntry[] = [];
  const ids = new Set<string>();
  for (const name of names) {
    if (name.startsWith(".") || !name.endsWith(".json")) continue;
    const file = name.slice(0, -".json".length);
    const fresh = opts.fresh?.get(file);
    if (fresh) {
      ids.add(file);
      trusted.add(file);
      entries.push(fresh);
      continue;
    }
    const noted = known.get(file);
    if (noted && !ids.has(file)) {
      const { entry, stamp } = noted;
      stamps.set(file, stamp);
      if (opts.isSuperseded?.(file, entry.path)) {
        await removeRecordFile(outDir, file);
        continue;
      }
      ids.add(file);
      trusted.add(file);
      entries.push(entry);
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
    if (opts.isSuperseded?.(file, record.source.path)) {
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

type Stamp = { size: number; mtime_ms: number };

function fileStamp(path: string): Stamp | null {
  try {
    const s = statSync(path);
    return { size: s.size, mtime_ms: s.mtimeMs };
  } catch {
    return null;
  }
}

export async function finalizeOutput(outDir: string, opts: FinalizeOptions = {}): Promise<FinalizeResult> {
  const warnings: string[] = [];
  const prof = opts.profile;
  const tIndex = performance.now();
  const trusted = new Set<string>();
  // Record files' size and modification time, as indexFolder saw them (no second stat for the signatures).
  const stamps = new Map<string, Stamp>();
  const entries = await indexFolder(outDir, opts, warnings, trusted, stamps);
  const groups = groupByAgency(entries);
  const log = await readCorrections(outDir);
  if (log.invalid > 0) warnings.push(`${outDir}/corrections.jsonl: ${log.invalid} unreadable line(s) ignored`);
  const manifest = opts.manifest ?? foldManifest((await readManifest(join(outDir, OUTPUT_FILES.manifest))).entries);
  // The templates the folder's records were read with (templates.json): keys, panel columns, cross-year rules.
  const templates = readRunTemplates(outDir);
  const rules = crossYearRules(templates);
  const titles = new Map<string, string>();
  for (const table of templates.flatMap((t) => t.tables)) if (!titles.has(table.id)) titles.set(table.id, TABLE_LABELS_EN[table.id] ?? table.title_zh);
  const describe = { templates: templates.map((t) => t.id), tables: [...titles].map(([id, title]) => ({ id, title })) };
  const writer = new TablesWriter(outDir, { panelKeys: panelKeys(templates), log, codebook: buildCodebook(templates), failures: notRead(manifest), describe, reuse: true, ...(opts.xlsx === undefined ? {} : { xlsx: opts.xlsx }), ...(prof ? { clock: prof } : {}) });
  prof?.add("index records", performance.now() - tIndex);
  const findings: CrossYearFinding[] = [];
  let reflagged = 0;
  let records = 0;
  try {
    const reader = (group: AgencyGroup) => (i: number): Promise<ReportRecord> =>
      readRecord(reportPath(outDir, group.docs[i]!.id), trusted.has(group.docs[i]!.id));
    // A small group is held in memory; a big one (one agency over many documents) is read twice
    // instead, so that memory never depends on how many reports one agency has.
    const load = (group: AgencyGroup): Promise<ReportRecord[] | null> =>
      group.docs.length <= (opts.holdLimit ?? HOLD_LIMIT) ? Promise.all(group.docs.map((_, i) => reader(group)(i))) : Promise.resolve(null);
    // Each group's signature: its name and its records' files as they are now. A group whose
    // signature is the one noted by the last run keeps its rows (TablesWriter reuse): a re-run that
    // changed a few inputs writes only their agencies' rows (issue 14).
    const keyOf = (group: AgencyGroup): string => group.agency ?? `\u0000${group.docs[0]!.id}`;
    // Other templates than the built-in ones are part of it: their cross-year rules may have changed.
    const templatesSig = templates === TEMPLATES ? [] : [createHash("sha256").update(JSON.stringify(templates)).digest("hex")];
    const signature = (group: AgencyGroup, seen?: Map<string, Stamp>): string =>
      createHash("sha256").update(JSON.stringify([group.agency, group.docs.map((d) => [d.id, seen?.get(d.id) ?? fileStamp(reportPath(outDir, d.id))]), ...templatesSig])).digest("hex");
    const tPlan = performance.now();
    const sigs = groups.map((group) => signature(group, stamps));
    writer.plan(groups.map((group, g) => ({ grp: keyOf(group), sig: sigs[g]!, docs: group.docs.length })));
    prof?.add("index records", performance.now() - tPlan);
    for (const [g, group] of groups.entries()) {
      const read = reader(group);
      const kept = await writer.beginGroup(keyOf(group));
      if (kept) {
        findings.push(...(kept.findings as CrossYearFinding[]));
        records += kept.records;
        await writer.endGroup(kept.findings, sigs[g]!);
        continue;
      }
      const tRead = performance.now();
      const held = await load(group);
      prof?.add("read records", performance.now() - tRead);
      const recordAt = (i: number): Promise<ReportRecord> => (held ? Promise.resolve(held[i]!) : read(i));
      const tCross = performance.now();
      const { findings: found, wanted } = await groupFindings(group, async (i) => applyCorrections(await recordAt(i), log).cells, rules);
      prof?.add("cross-year", performance.now() - tCross);
      findings.push(...found);
      const leaderOf = new Map([...yearLeaders(group)].map(([year, i]) => [i, year]));
      const leaders = new Map<number, ReportRecord>();
      for (const [i, doc] of group.docs.entries()) {
        const extracted = await recordAt(i);
        const patched = withCrossYearFlags(extracted, wanted.get(doc.id), ...(opts.reviewThreshold === undefined ? [] : [opts.reviewThreshold]));
        if (patched) {
          // Re-writing a record for its cross-year flags is part of the cross-year stage. Not flushed
          // to disk, as the document threads write records (atomic.ts): a third of 10,000 generated
          // reports are re-written, and one fsync each cost more than the rest of the stage.
          const t0 = performance.now();
          saveRecordSync(outDir, patched);
          prof?.add("cross-year", performance.now() - t0);
          reflagged += 1;
        }
        const exported = await writer.add(patched ?? extracted, group.agency);
        const stamp = fileStamp(reportPath(outDir, doc.id));
        if (stamp) writer.addRecordFile({ id: doc.id, ...stamp, entry: JSON.stringify(docIndexEntry(doc.id, patched ?? extracted)) });
        records += 1;
        const year = leaderOf.get(i);
        if (year !== undefined) leaders.set(year, exported);
      }
      for (const row of panelRows(group, leaders)) writer.addPanelRow(row);
      // Noted with the record files as this run leaves them (cross-year flags may have re-written some).
      await writer.endGroup(found, signature(group));
    }
    await writer.commit();
    warnings.push(...writer.warnings);
  } catch (err) {
    await writer.abort();
    throw err;
  }
  return { records, findings, reflagged, warnings };
}

/** Rebuilds every table of an output folder from its records (after corrections, or by hand), with the templates they were read with (templates.json). */
export async function rebuildTables(outDir: string): Promise<FinalizeResult> {
  return finalizeOutput(outDir);
}
