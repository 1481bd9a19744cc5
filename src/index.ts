/**
 * The package's typed API (DESIGN.md "The library and the command line"): one document with
 * `extract`, many with `runBatch`, plus the record schemas, the templates and the serializers.
 */
export { runDocument, runDocument as extract, type RunOptions } from "./pipeline/run-document.js";
export {
  runBatch,
  OutputFullError,
  type BatchFailure,
  type BatchOptions,
  type BatchProgress,
  type BatchStatus,
  type BatchSummary,
} from "./pipeline/batch.js";
export { OutputLockedError } from "./pipeline/out-lock.js";
export { INPUT_LIMITS } from "./ingest/limits.js";
export { collectInputs, type CollectedInputs, type CollectOptions } from "./pipeline/inputs.js";
export { rebuildTables, finalizeOutput, type FinalizeResult } from "./pipeline/finalize.js";
export { createExecutor, type Executor, type ExecutorKind, type ExecutorOptions } from "./pipeline/executor.js";
export { runTask, type DocumentTask, type TaskResult } from "./pipeline/task.js";
export { createQueueExecutor, listDeadLetters, type DeadLetter, type QueueExecutorOptions } from "./pipeline/queue/coordinator.js";
export { runQueueWorker, type QueueWorkerOptions } from "./pipeline/queue/worker.js";
export { canonicalAgencies, normalizeAgencyName } from "./match/agency.js";
export { crossYearFindings, CROSS_YEAR_FLAGS, type CrossYearFinding } from "./validate/cross-year.js";
export { loadRecords, reportPath, saveRecord, type StoredRecord } from "./pipeline/out-dir.js";
export { InputError, type InputErrorCode } from "./pipeline/errors.js";
export * from "./model/index.js";
export * from "./templates/index.js";
export { GOV_INFO_LEGACY, LegacyTemplateSchema, type LegacyIndicator, type LegacyTemplate } from "./templates/legacy.js";
export { extractDocument, extractFromBytes } from "./pipeline/run-document.js";
export { generateHtmlCorpus, type MarkupCorpusOptions } from "./generate/html/index.js";
export { generateDocxCorpus } from "./generate/docx/index.js";
export { generateLegacyCorpus } from "./generate/legacy/index.js";
export { generateScanCorpus, type ScanCorpusOptions } from "./generate/scan/index.js";
export * from "./emit/index.js";
export {
  generateCorpus,
  DAMAGE_KINDS,
  type DamageKind,
  type GenerateOptions,
  type GenerateResult,
  type ReportVariant,
} from "./generate/index.js";
export { evaluate, formatEvalSummary, type EvalReport } from "./eval/index.js";
export { startReviewServer, DEFAULT_REVIEW_PORT, type ReviewServer, type ReviewServerOptions } from "./review/index.js";
