/**
 * manifest.jsonl: one JSON line per input, the batch's account of what it read and what it could
 * not. A re-run merges into it: lines of the inputs it ran are replaced, the others kept.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { writeFileAtomic } from "./atomic.js";

export const ManifestStatus = z.enum(["ok", "failed", "skipped"]);

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
