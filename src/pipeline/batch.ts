/**
 * The batch runner: reads many inputs one after the other, never stopping for a bad one, then
 * rebuilds the tables of the output folder from every record in it. Re-running into the same
 * folder replaces the records of the inputs it ran (same path, whatever the content now is — a
 * now-failing input loses its old record) and keeps those of other inputs.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pipeline } from "node:stream/promises";
import { ZodError } from "zod";
import {
  OUTPUT_FILES,
  mergeManifest,
  readManifest,
  recordId,
  writeManifest,
  writeTables,
  type ManifestEntry,
} from "../emit/index.js";
import { ReportRecordSchema, type ReportRecord } from "../model/index.js";
import { InputError } from "./errors.js";
import { collectInputs } from "./inputs.js";
import { loadRecords, removeRecordFile, reportPath, reportsDir, saveRecord } from "./out-dir.js";
import { runDocument, type RunOptions } from "./run-document.js";

export type BatchStatus = ManifestEntry["status"];

export interface BatchProgress {
  /** 1-based position of this input among `total`. */
  index: number;
  total: number;
  path: string;
  status: BatchStatus;
  ms: number;
  id: string | null;
  error: { code: string; message: string } | null;
}

export interface BatchOptions {
  outDir: string;
  onProgress?: (p: BatchProgress) => void;
  /** Largest input accepted, in bytes (passed to runDocument). */
  maxBytes?: number;
  /** Skip inputs whose path and content match an ok manifest line whose record is still there. */
  resume?: boolean;
}

export interface BatchFailure {
  path: string;
  code: string;
  message: string;
}

export interface BatchSummary {
  outDir: string;
  total: number;
  ok: number;
  failed: number;
  skipped: number;
  failures: BatchFailure[];
  /** Records in the output folder after the run (this run's and earlier ones'). */
  records: number;
  /** Problems with the output folder itself (an unreadable record file, bad manifest lines). */
  warnings: string[];
}

async function sha256File(path: string): Promise<string | null> {
  try {
    const hash = createHash("sha256");
    await pipeline(createReadStream(path), hash);
    return hash.digest("hex");
  } catch {
    return null;
  }
}

/** The manifest's error for a failed input: the InputError as is, anything else as "internal", naming the file. */
function describeFailure(path: string, err: unknown): { code: string; message: string } {
  if (err instanceof InputError) return { code: err.code, message: err.message };
  if (err instanceof ZodError) {
    const first = err.issues[0];
    const where = first ? `${first.path.join(".")}: ${first.message}` : "schema";
    return { code: "internal", message: `${path}: the extractor produced an invalid record (${where})` };
  }
  const msg = err instanceof Error ? err.message : String(err);
  return { code: "internal", message: msg.startsWith(path) ? msg : `${path}: ${msg}` };
}

export async function runBatch(inputs: readonly string[], opts: BatchOptions): Promise<BatchSummary> {
  const outDir = resolve(opts.outDir);
  await mkdir(reportsDir(outDir), { recursive: true });
  const manifestPath = join(outDir, OUTPUT_FILES.manifest);
  const old = await readManifest(manifestPath);
  const oldByPath = new Map(old.entries.map((e) => [e.path, e]));
  const { files, missing } = await collectInputs(inputs, { exclude: [outDir] });
  const runOptions: Partial<RunOptions> = opts.maxBytes === undefined ? {} : { maxBytes: opts.maxBytes };

  const total = missing.length + files.length;
  const fresh: ManifestEntry[] = [];
  const keptIds = new Set<string>();
  const record = (entry: ManifestEntry): void => {
    fresh.push(entry);
    opts.onProgress?.({ index: fresh.length, total, path: entry.path, status: entry.status, ms: entry.ms, id: entry.id, error: entry.error });
  };

  for (const m of missing) {
    const at = new Date().toISOString();
    record({ path: m.path, sha256: null, status: "failed", error: { code: "unreadable", message: m.message }, id: null, ms: 0, at });
  }

  for (const path of files) {
    const started = performance.now();
    const at = new Date().toISOString();
    const ms = (): number => Math.round(performance.now() - started);
    const prior = oldByPath.get(path);
    if (opts.resume && prior?.id && prior.status !== "failed" && existsSync(reportPath(outDir, prior.id))) {
      const sha256 = await sha256File(path);
      if (sha256 !== null && sha256 === prior.sha256) {
        keptIds.add(prior.id);
        record({ path, sha256, status: "skipped", error: null, id: prior.id, ms: ms(), at });
        continue;
      }
    }
    let rec: ReportRecord;
    try {
      rec = ReportRecordSchema.parse(await runDocument(path, runOptions));
    } catch (err) {
      record({ path, sha256: await sha256File(path), status: "failed", error: describeFailure(path, err), id: null, ms: ms(), at });
      continue;
    }
    // A failure to write the output is not the input's fault: it stops the batch.
    const id = await saveRecord(outDir, rec);
    keptIds.add(id);
    record({ path, sha256: rec.source.sha256, status: "ok", error: null, id, ms: ms(), at });
  }

  const warnings: string[] = [];
  if (old.invalid > 0) warnings.push(`${manifestPath}: ${old.invalid} unreadable line(s) dropped`);
  // Superseded: records of the inputs just run, found by their source path or by the id the manifest gave them.
  const ranPaths = new Set(fresh.map((e) => e.path));
  const oldIds = new Set(fresh.flatMap((e) => oldByPath.get(e.path)?.id ?? []));
  const isSuperseded = (file: string, r: ReportRecord): boolean =>
    !keptIds.has(file) && (ranPaths.has(resolve(r.source.path)) || oldIds.has(file));
  const records = await collectRecords(outDir, isSuperseded, warnings);
  await writeTables(outDir, records);
  await writeManifest(manifestPath, mergeManifest(old.entries, fresh));

  const failures = fresh.flatMap((e) => (e.status === "failed" && e.error ? [{ path: e.path, ...e.error }] : []));
  const count = (s: BatchStatus): number => fresh.filter((e) => e.status === s).length;
  return { outDir, total, ok: count("ok"), failed: count("failed"), skipped: count("skipped"), failures, records: records.length, warnings };
}

/** Every record in the folder, minus (and deleting) the superseded ones; sorted by id. */
async function collectRecords(
  outDir: string,
  isSuperseded: (file: string, r: ReportRecord) => boolean,
  warnings: string[],
): Promise<ReportRecord[]> {
  const { stored, invalid } = await loadRecords(outDir);
  warnings.push(...invalid);
  const byId = new Map<string, ReportRecord>();
  for (const { file, record } of stored) {
    if (isSuperseded(file, record)) {
      await removeRecordFile(outDir, file);
      continue;
    }
    const id = recordId(record);
    if (byId.has(id)) warnings.push(`${reportPath(outDir, file)}: same id ${id} as another record; left out of the tables`);
    else byId.set(id, record);
  }
  return [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}
