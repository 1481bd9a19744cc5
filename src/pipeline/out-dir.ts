/** The records kept in an output folder (`<out>/reports/<id>.json`), the source of every table. */
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { OUTPUT_FILES, recordId, recordToJson, writeFileAtomic, writeFileAtomicSyncNoFlush, type AtomicOptions } from "../emit/index.js";
import { ReportRecordSchema, type ReportRecord } from "../model/index.js";

export function reportsDir(outDir: string): string {
  return join(outDir, OUTPUT_FILES.reports);
}

export function reportPath(outDir: string, id: string): string {
  return join(reportsDir(outDir), `${id}.json`);
}

/** Writes `reports/<id>.json` atomically and returns the id. */
export async function saveRecord(outDir: string, record: ReportRecord, opts: AtomicOptions = {}): Promise<string> {
  const id = recordId(record);
  await writeFileAtomic(reportPath(outDir, id), recordToJson(record), opts);
  return id;
}

/** saveRecord without the flush, synchronously (a document thread: see writeFileAtomicSyncNoFlush). */
export function saveRecordSync(outDir: string, record: ReportRecord): string {
  const id = recordId(record);
  writeFileAtomicSyncNoFlush(reportPath(outDir, id), recordToJson(record));
  return id;
}

export interface StoredRecord {
  /** File name without `.json`. */
  file: string;
  record: ReportRecord;
}

/** Reads every record file (hidden temp files skipped); files that are not valid records are reported, not thrown. */
export async function loadRecords(outDir: string): Promise<{ stored: StoredRecord[]; invalid: string[] }> {
  let names: string[];
  try {
    names = await readdir(reportsDir(outDir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { stored: [], invalid: [] };
    throw err;
  }
  const stored: StoredRecord[] = [];
  const invalid: string[] = [];
  for (const name of names.sort()) {
    if (name.startsWith(".") || !name.endsWith(".json")) continue;
    const path = join(reportsDir(outDir), name);
    try {
      const parsed = ReportRecordSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
      if (parsed.success) stored.push({ file: name.slice(0, -".json".length), record: parsed.data });
      else invalid.push(`${path}: not a valid record (${parsed.error.issues[0]?.message ?? "schema"}); left out of the tables`);
    } catch (err) {
      invalid.push(`${path}: unreadable (${err instanceof Error ? err.message : String(err)}); left out of the tables`);
    }
  }
  return { stored, invalid };
}

export async function removeRecordFile(outDir: string, file: string): Promise<void> {
  await rm(join(reportsDir(outDir), `${file}.json`), { force: true });
}
