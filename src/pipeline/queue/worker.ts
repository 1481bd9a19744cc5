/**
 * The worker side of the distributed mode (`nianbao worker --redis URL`): takes documents from the
 * BullMQ queue and runs them through the same task as the local runner (task.ts), on its own pool
 * of worker threads, sending the record back as the job's result. A crash or a per-file timeout is
 * thrown, so that BullMQ retries the job (elsewhere, maybe) up to the coordinator's limit; bad input
 * is a normal result. A worker killed mid-job holds a lock that expires after `lockMs`; another
 * worker's stalled-job check then puts the job back on the queue.
 */
import { Worker, type Job } from "bullmq";
import { ocrSettings } from "../../ocr/index.js";
import { createExecutor, type ExecutorKind } from "../executor.js";
import { resolvePipelineOptions, type PipelineOptionsInput } from "../pipeline-options.js";
import type { TaskResult } from "../task.js";
import { DEFAULT_QUEUE_NAME, redisConnection, whenReachable } from "./connection.js";
import type { QueueJobData } from "./coordinator.js";

export interface QueueWorkerOptions {
  url: string;
  name?: string;
  /**
   * This worker's options (its --pipeline): OCR engine and pool, per-file timeout, and the limits and
   * review threshold of jobs that do not carry the coordinator's. `jobs`/`timeoutMs` below override it.
   */
  pipeline?: PipelineOptionsInput;
  /** Documents at once (worker threads). */
  jobs?: number;
  timeoutMs?: number;
  executor?: ExecutorKind;
  /** How long a job's lock lasts without renewal: a killed worker's job is retried after about this long (default 30 s). */
  lockMs?: number;
  log?: (line: string) => void;
  /** Stops the worker (it finishes the jobs it has). */
  signal?: AbortSignal;
}

/**
 * Fault injection for the distributed tests, read from the environment because the tests start
 * real `nianbao worker` processes: NIANBAO_FAULT_DELAY_MS makes each job wait first (so that a test
 * can kill a worker mid-job), NIANBAO_FAULT_CRASH=<text> makes every job whose path contains <text>
 * throw (a poisoned document). Never set in normal use.
 */
function faults(): { delayMs: number; crash: string | null } {
  return { delayMs: Number(process.env["NIANBAO_FAULT_DELAY_MS"] ?? 0) || 0, crash: process.env["NIANBAO_FAULT_CRASH"] || null };
}

export async function runQueueWorker(opts: QueueWorkerOptions): Promise<void> {
  const log = opts.log ?? (() => undefined);
  const fault = faults();
  const pipeline = resolvePipelineOptions(opts.pipeline, { timeoutMs: opts.timeoutMs });
  const ocr = ocrSettings(pipeline.ocr);
  const executor = createExecutor({ ...(opts.jobs ? { jobs: opts.jobs } : {}), timeoutMs: pipeline.timeoutSeconds * 1000, ocr, ...(opts.executor ? { kind: opts.executor } : {}) });
  const connection = redisConnection(opts.url);
  try {
    // Checked before the BullMQ worker exists: it would keep retrying (and the process alive) forever.
    await whenReachable(connection.ping(), opts.url);
  } catch (err) {
    connection.disconnect();
    await executor.close();
    throw err;
  }
  const lockDuration = opts.lockMs ?? 30_000;
  const worker = new Worker<QueueJobData, TaskResult>(
    opts.name ?? DEFAULT_QUEUE_NAME,
    async (job: Job<QueueJobData, TaskResult>) => {
      log(`start ${job.id} ${job.data.path} (attempt ${job.attemptsMade + 1})`);
      if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.crash !== null && job.data.path.includes(fault.crash)) throw new Error(`injected crash (NIANBAO_FAULT_CRASH) on ${job.data.path}`);
      const d = job.data;
      const res = await executor.run({
        path: d.path,
        outDir: null,
        maxBytes: d.maxBytes ?? pipeline.limits.maxBytes,
        maxBinaryBytes: d.maxBinaryBytes ?? pipeline.limits.maxBinaryBytes,
        reviewThreshold: d.reviewThreshold ?? pipeline.review.threshold,
        templates: d.templates ?? pipeline.templates,
        labelCutoff: d.labelCutoff ?? pipeline.match.labelCutoff,
        ocr,
      });
      if (res.status === "failed" && (res.error.code === "internal" || res.error.code === "timeout")) throw new Error(res.error.message);
      log(`done ${job.id} ${res.status}`);
      return res;
    },
    {
      connection,
      concurrency: executor.concurrency,
      lockDuration,
      // Check for stalled jobs (a killed worker's) twice per lock period; one stall is retried, a
      // second one of the same job fails it (the document itself may be what kills workers).
      stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
      maxStalledCount: 1,
    },
  );
  worker.on("failed", (job, err) => log(`failed ${job?.id ?? "?"} ${err.message}`));
  // Connection errors repeat on every reconnect attempt; one line per distinct message is enough.
  const seen = new Set<string>();
  worker.on("error", (err) => {
    if (!seen.has(err.message)) log(`redis: ${err.message}`);
    seen.add(err.message);
  });
  await worker.waitUntilReady();
  log(`worker ready on ${opts.name ?? DEFAULT_QUEUE_NAME} (${executor.concurrency} at a time, ${executor.kind})`);
  await new Promise<void>((resolve) => {
    if (opts.signal?.aborted) resolve();
    opts.signal?.addEventListener("abort", () => resolve(), { once: true });
  });
  await worker.close();
  await executor.close();
  connection.disconnect();
}
