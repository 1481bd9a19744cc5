/** Options of one document run (limits), apart from the extractor so that the CLI reads its defaults without loading it. */
export interface RunOptions {
  /** Largest text input accepted, in bytes (default 16 MiB: a text report is well under 1 MiB). */
  maxBytes: number;
  /** Largest binary input (PDF …) accepted, in bytes (default 512 MiB). */
  maxBinaryBytes: number;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = { maxBytes: 16 * 1024 * 1024, maxBinaryBytes: 512 * 1024 * 1024 };

export function resolveRunOptions(partial: Partial<RunOptions> = {}): RunOptions {
  const o = { ...DEFAULT_RUN_OPTIONS, ...partial };
  for (const [name, v] of Object.entries(o)) {
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number of bytes, got ${v}`);
  }
  return o;
}
