/**
 * Reading gold files and records, and pairing them: by the record's source file name listed in the
 * gold's applies_to_raw_files, otherwise by file stem (`x.txt` ↔ `x.json`, also `x.pdftotext-raw.txt`
 * ↔ `x.json`, and the record's own file name `reports/x.json` ↔ `x.json`).
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { z } from "zod";
import { GoldFileSchema, ReportRecordSchema, type GoldFile } from "../../src/model/index.js";
import type { ScoredCell } from "./score.js";

export interface GoldEntry {
  file: string;
  stem: string;
  appliesTo: Set<string>;
  gold: GoldFile;
}

export interface RecordEntry {
  file: string;
  sourcePath: string;
  cells: ScoredCell[];
}

/** What eval needs of a record; used when a record does not pass the full schema. */
const MinimalRecord = z.object({
  source: z.object({ path: z.string() }),
  cells: z.array(z.object({ key: z.string(), value: z.number().nullable(), needs_review: z.boolean(), status: z.string().optional() })),
});

async function jsonFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((n) => n.endsWith(".json")).sort().map((n) => join(dir, n));
}

/** All stems of a file name, longest first: a.pdftotext-raw.txt → a.pdftotext-raw, a. */
export function stems(name: string): string[] {
  const parts = basename(name).split(".");
  const out: string[] = [];
  for (let i = parts.length - 1; i >= 1; i--) out.push(parts.slice(0, i).join("."));
  return out.length > 0 ? out : [basename(name)];
}

export async function loadGolds(goldDir: string): Promise<GoldEntry[]> {
  const out: GoldEntry[] = [];
  for (const file of await jsonFiles(goldDir)) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, "utf8"));
    } catch (e) {
      throw new Error(`gold file ${file} is not JSON: ${(e as Error).message}`);
    }
    const parsed = GoldFileSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`gold file ${file} does not match the gold schema: ${parsed.error.message}`);
    // applies_to_raw_files is not in GoldFileSchema (zod strips it), so read it from the raw JSON.
    const applies = (raw as { applies_to_raw_files?: unknown }).applies_to_raw_files;
    const names = Array.isArray(applies) ? applies.filter((a): a is string => typeof a === "string") : [];
    out.push({ file, stem: stems(file)[0] ?? "", appliesTo: new Set(names), gold: parsed.data });
  }
  return out;
}

export async function loadRecords(reportsDir: string, warnings: string[]): Promise<RecordEntry[]> {
  let files: string[];
  try {
    files = await jsonFiles(reportsDir);
  } catch {
    warnings.push(`no records folder ${reportsDir}`);
    return [];
  }
  const out: RecordEntry[] = [];
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, "utf8"));
    } catch (e) {
      warnings.push(`record ${file} is not JSON (${(e as Error).message}); skipped`);
      continue;
    }
    const full = ReportRecordSchema.safeParse(raw);
    if (full.success) {
      out.push({ file, sourcePath: full.data.source.path, cells: full.data.cells });
      continue;
    }
    const minimal = MinimalRecord.safeParse(raw);
    if (!minimal.success) {
      warnings.push(`record ${file} has no source.path or cells; skipped`);
      continue;
    }
    warnings.push(`record ${file} does not match the record schema; scored anyway (${full.error.issues.length} issue(s))`);
    out.push({ file, sourcePath: minimal.data.source.path, cells: minimal.data.cells });
  }
  return out;
}

export function matchGold(record: RecordEntry, golds: readonly GoldEntry[]): GoldEntry | undefined {
  const source = basename(record.sourcePath);
  const byList = golds.find((g) => g.appliesTo.has(source));
  if (byList) return byList;
  for (const stem of [...stems(source), ...stems(record.file)]) {
    const byStem = golds.find((g) => g.stem === stem);
    if (byStem) return byStem;
  }
  return undefined;
}
