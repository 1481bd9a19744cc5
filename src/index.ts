/**
 * The package's typed API (DESIGN.md "The library and the command line"): one document with
 * `extract`, many with `runBatch` (and the distributed mode), reading an output folder back, the
 * record schemas, the templates and the serializers. The corpus generator and the scorer are
 * development tools of the repository (tools/), not part of the package.
 */
export { runDocument, runDocument as extract, extractDocument, extractFromBytes, type RunOptions } from "./pipeline/run-document.js";
export {
  runBatch,
  OutputFullError,
  type BatchFailure,
  type BatchOptions,
  type BatchProgress,
  type BatchStatus,
  type BatchSummary,
} from "./pipeline/batch.js";
export {
  PipelineOptionsSchema,
  resolvePipelineOptions,
  loadPipeline,
  PipelineFileError,
  InvalidOptionsError,
  type PipelineOptions,
  type PipelineOptionsInput,
} from "./pipeline/pipeline-options.js";
export { OutputLockedError } from "./pipeline/out-lock.js";
export { InputError, type InputErrorCode } from "./pipeline/errors.js";
export { INPUT_LIMITS } from "./ingest/limits.js";
export { rebuildTables, type FinalizeResult } from "./pipeline/finalize.js";
export { createQueueExecutor, listDeadLetters, type DeadLetter, type QueueExecutorOptions } from "./pipeline/queue/coordinator.js";
export { runQueueWorker, type QueueWorkerOptions } from "./pipeline/queue/worker.js";
export { loadRecords, reportPath, type StoredRecord } from "./pipeline/out-dir.js";
export { canonicalAgencies, normalizeAgencyName } from "./match/agency.js";
export { crossYearFindings, CROSS_YEAR_FLAGS, type CrossYearFinding } from "./validate/cross-year.js";
export * from "./model/index.js";
export * from "./templates/index.js";
export {
  OUTPUT_FILES,
  writeTables,
  recordToJson,
  recordToText,
  CELLS_COLUMNS,
  REPORTS_COLUMNS,
  REVIEW_COLUMNS,
  KEYS_COLUMNS,
  FAILURES_COLUMNS,
  SQLITE_SCHEMA,
  SQLITE_SCHEMA_VERSION,
  CORRECTIONS_FILE,
  CORRECTED_JSONL_FILE,
  CorrectionEntrySchema,
  readCorrections,
  applyCorrections,
  ManifestEntrySchema,
  readManifest,
} from "./emit/index.js";
export { startReviewServer, DEFAULT_REVIEW_PORT, type ReviewServer, type ReviewServerOptions } from "./review/index.js";
