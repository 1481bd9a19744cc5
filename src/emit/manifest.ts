/**
 * manifest.jsonl: one JSON line per input, the batch's account of what it read and what it could
 * not. A re-run merges into it: lines of the inputs it ran are replaced, the others kept.
 *
 * During a run the file is also the journal: one line is appended as each input finishes (after its
 * record is in place), and the file is compacted to one line per path when the run ends. A run
 * killed at any point leaves a file whose last line per path is the truth (a torn last line is
 * dropped), which is what the next run resumes from.
 */
import { writeSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { z } from "zod";
import { writeFileAtomic } from "./atomic.js";

/** `duplicate`: the same bytes as another input (`duplicate_of`), read once; `id` is that input's record. */
export const ManifestStatus = z.enum(["ok", "failed", "skipped", "duplicate"]);

export const ManifestEntrySchema = z.object({
  /** Absolute path of the input. */
  path: z.string(),
  /** null when the file could not be read at all. */
  sha256: z.string().nullable(),
  status: ManifestStatus,
  /** InputError code (or "internal" for a bug) and message naming the file; null when ok. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Record id (`reports/<id>.json`); null when failed. */
  id: z.string().nullable(),
  ms: z.number(),
  /** When the input was processed, ISO 8601. */
  at: z.string(),
  /** For `duplicate`: the input with the same content that was read. */
  duplicate_of: z.string().optional(),
  /**
   * The input's size and modification time (ms) when it was hashed: a re-run takes the hash of an
   * input whose both are unchanged from here instead of reading it again (issue 14; `--force` hashes).
   */
  size: z.number().optional(),
  mtime_ms: z.number().optional(),
});
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;

/** Parses manifest text; lines that are not valid entries are counted, not kept. */
export function parseManifest(text: string): { entries: ManifestEntry[]; invalid: number } {
  const entries: ManifestEntry[] = [];
  let invalid = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    try {
      const parsed = ManifestEntrySchema.safeParse(JSON.parse(line));
      if (parsed.success) entries.push(parsed.data);
      else invalid += 1;
    } catch {
      invalid += 1;
    }
  }
  return { entries, invalid };
}

export function serializeManifest(entries: readonly ManifestEntry[]): string {
  return entries.map((e) => `${JSON.stringify(e)}\n`).join("");
}

/** Old entries keep their order, replaced in place by a newer entry of the same path; new paths go last. */
export function mergeManifest(old: readonly ManifestEntry[], fresh: readonly ManifestEntry[]): ManifestEntry[] {
  const byPath = new Map<string, ManifestEntry>();
  for (const e of fresh) byPath.set(e.path, e);
  const out: ManifestEntry[] = [];
  const seen = new Set<string>();
  for (const e of [...old, ...fresh]) {
    if (seen.has(e.path)) continue;
    seen.add(e.path);
    out.push(byPath.get(e.path) ?? e);
  }
  return out;
}

export async function readManifest(path: string): Promise<{ entries: ManifestEntry[]; invalid: number }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { entries: [], invalid: 0 };
    throw err;
  }
  return parseManifest(text);
}

export async function writeManifest(path: string, entries: readonly ManifestEntry[]): Promise<void> {
  await writeFileAtomic(path, serializeManifest(entries));
}

/** Journal lines folded: one entry per path, the last line of each path, in order of first appearance. */
export function foldManifest(entries: readonly ManifestEntry[]): ManifestEntry[] {
  const byPath = new Map<string, ManifestEntry>();
  for (const e of entries) byPath.set(e.path, e);
  return [...byPath.values()];
}

/** Appends journal lines to manifest.jsonl. Not fsynced: it must survive a killed process, which it does. */
export class ManifestJournal {
  private constructor(private readonly fh: Awaited<ReturnType<typeof open>>) {}

  static async open(path: string): Promise<ManifestJournal> {
    const fh = await open(path, "a");
    // A line torn by a kill must not glue onto the first line of this run.
    const { size } = await fh.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      const reader = await open(path, "r");
      try {
        await reader.read(last, 0, 1, size - 1);
      } finally {
        await reader.close();
      }
      if (last.toString() !== "\n") await fh.write("\n");
    }
    return new ManifestJournal(fh);
  }

  /** Synchronous underneath: one write call per line (async writes cost ~1 ms a line in the runner's thread). */
  async append(entry: ManifestEntry): Promise<void> {
    writeSync(this.fh.fd, `${JSON.stringify(entry)}\n`);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
