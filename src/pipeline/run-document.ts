import type { ReportRecord } from "../model/index.js";

export interface RunOptions {
  /** Largest input accepted, in bytes. */
  maxBytes: number;
}

/** Runs ingest → layout → match → validate for one file and returns its record. Throws InputError. */
export async function runDocument(path: string, options?: Partial<RunOptions>): Promise<ReportRecord> {
  void path; void options;
  throw new Error("not implemented yet");
}
