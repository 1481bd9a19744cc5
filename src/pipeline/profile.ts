/**
 * `nianbao extract --profile`: where a whole run's time goes, per stage (issue 14). Stages that run
 * in the document threads (reading, matching, validation, record write) are their CPU time summed
 * over the documents — with 2 threads they add up to about twice their share of the wall time; the
 * others are wall time on the main thread. Phases overlap (hashing and the journal run while the
 * threads read), so the stages do not add up to the run's wall time: the two phase lines do.
 */

/** The stages, in the order of a run. */
export const PROFILE_STAGES = [
  "discovery",
  "hashing",
  "reading",
  "matching",
  "validation",
  "record write",
  "journal",
  "index records",
  "read records",
  "cross-year",
  "tables",
  "sqlite",
  "xlsx",
] as const;
export type ProfileStage = (typeof PROFILE_STAGES)[number];

/** Stages measured inside the document threads (summed CPU time, not wall time). */
const IN_THREADS = new Set<ProfileStage>(["reading", "matching", "validation", "record write"]);

/** Milliseconds per stage, added up. */
export class RunProfile {
  readonly ms = new Map<ProfileStage, number>();
  /** Wall time of the document phase and of the whole run, set by the batch runner. */
  documentsMs = 0;
  totalMs = 0;

  add(stage: ProfileStage, ms: number): void {
    this.ms.set(stage, (this.ms.get(stage) ?? 0) + ms);
  }

  addAll(stages: Partial<Record<ProfileStage, number>> | undefined): void {
    for (const [k, v] of Object.entries(stages ?? {})) this.add(k as ProfileStage, v);
  }

  time<T>(stage: ProfileStage, fn: () => T): T {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this.add(stage, performance.now() - t0);
    }
  }

  async timeAsync<T>(stage: ProfileStage, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.add(stage, performance.now() - t0);
    }
  }
}

/**
 * Time spent in stages by the current thread since the last `takeThreadStages()`: the document
 * thread's stages (tables.ts adds validation, task.ts the rest) travel back with each result.
 */
const threadStages = new Map<ProfileStage, number>();
export function addThreadStage(stage: ProfileStage, ms: number): void {
  threadStages.set(stage, (threadStages.get(stage) ?? 0) + ms);
}
export function takeThreadStages(): Partial<Record<ProfileStage, number>> {
  const out = Object.fromEntries(threadStages) as Partial<Record<ProfileStage, number>>;
  threadStages.clear();
  return out;
}

/** The profile as printed by `--profile` (stderr): one line per stage with its share of the run. */
export function formatProfile(p: RunProfile, documents: number): string {
  const lines = [`profile: ${documents} document(s); documents phase ${secs(p.documentsMs)}, tables phase ${secs(p.totalMs - p.documentsMs)}, whole run ${secs(p.totalMs)}`];
  for (const stage of PROFILE_STAGES) {
    const ms = p.ms.get(stage);
    if (ms === undefined) continue;
    const per = documents > 0 ? ` (${(ms / documents).toFixed(2)} ms/doc)` : "";
    const where = IN_THREADS.has(stage) ? "  CPU in document threads, summed" : "";
    lines.push(`  ${stage.padEnd(14)} ${secs(ms).padStart(9)}${per}${where}`);
  }
  return `${lines.join("\n")}\n`;
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
