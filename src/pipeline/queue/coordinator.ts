/**
 * The coordinator side of the distributed mode (`nianbao extract … --queue URL`): an Executor whose
 * `run` puts the document on a BullMQ queue and waits for a worker (`nianbao worker`) to finish it.
 * The batch runner is unchanged — hashing, resume, the journal, the records and the tables all
 * happen here, in one output folder; workers only read documents and send records back (they need
 * to see the input paths, not the output folder).
 *
 * Retries: a job that throws (a crash, a per-file timeout, a worker killed mid-job — BullMQ's
 * stalled-job check hands it to another worker) is tried `attempts` times; then it is a dead
 * letter: kept in the queue's failed set with its error, listed at the end, and failed in the
 * manifest with code `dead_letter`. Bad input (InputError) is an answer, not a retry.
 */
import { Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import { ReportRecordSchema } from "../../model/index.js";
import { saveRecord } from "../out-dir.js";
import type { Executor } from "../executor.js";
import type { DocumentTask, TaskResult } from "../task.js";
import { DEFAULT_QUEUE_NAME, redisConnection, whenReachable } from "./connection.js";

/**
 * A document on the queue, with the coordinator's options that shape its record (limits, review
 * threshold), so that every record of one output folder follows the same rules whichever worker
 * read it. The OCR engine, its pool and the per-file timeout are the worker's own (its --pipeline).
 */
export interface QueueJobData {
  path: string;
  maxBytes?: number;
  maxBinaryBytes?: number;
  reviewThreshold?: number;
  /** Templates read with: built-in ids and template files (absolute paths, which the worker must see too). */
  templates?: readonly string[];
  /** Row labels found with a lower similarity are not taken (match.labelCutoff). */
  labelCutoff?: number;
}

export interface DeadLetter {
  path: string;
  jobId: string;
  attempts: number;
  error: string;
}

export interface QueueExecutorOptions {
  url: string;
  name?: string;
  /** Tries per document before it is a dead letter (default 3). */
  attempts?: number;
  /** Documents waiting on the queue at once (default 256: enough to keep many workers busy). */
  inFlight?: number;
  /** Called once per dead letter as it happens. */
  onDeadLetter?: (d: DeadLetter) => void;
  /** How often (ms) a waiting document's job is looked for in Redis (default 5 s). */
  vanishCheckMs?: number;
  /** Called when a job vanished from Redis and its document was put on the queue again. */
  onVanished?: (path: string, jobId: string) => void;
}

import { DEFAULT_ATTEMPTS } from "./defaults.js";

export { DEFAULT_ATTEMPTS };

export async function createQueueExecutor(opts: QueueExecutorOptions): Promise<Executor & { deadLetters: DeadLetter[] }> {
  const name = opts.name ?? DEFAULT_QUEUE_NAME;
  const attempts = opts.attempts ?? DEFAULT_ATTEMPTS;
  const connections: Redis[] = [redisConnection(opts.url), redisConnection(opts.url)];
  try {
    // Checked before any BullMQ object exists: those keep retrying (and the process alive) forever.
    await whenReachable(Promise.all(connections.map((c) => c.ping())), opts.url);
  } catch (err) {
    for (const c of connections) c.disconnect();
    throw err;
  }
  const queue = new Queue<QueueJobData, TaskResult>(name, { connection: connections[0]! });
  const events = new QueueEvents(name, { connection: connections[1]! });
  // Errors of the connections surface through add and waitUntilFinished; without these listeners
  // BullMQ prints every reconnect attempt.
  queue.on("error", () => undefined);
  events.on("error", () => undefined);
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  const deadLetters: DeadLetter[] = [];
  const vanishCheckMs = opts.vanishCheckMs ?? 5000;
  // Each waiting document's look for its job (getJobState) listens on the queue while it runs.
  queue.setMaxListeners(0);
  return {
    kind: "queue",
    concurrency: opts.inFlight ?? 256,
    deadLetters,
    async run(task: DocumentTask): Promise<TaskResult> {
      const started = performance.now();
      const data: QueueJobData = {
        path: task.path,
        ...(task.maxBytes === undefined ? {} : { maxBytes: task.maxBytes }),
        ...(task.maxBinaryBytes === undefined ? {} : { maxBinaryBytes: task.maxBinaryBytes }),
        ...(task.reviewThreshold === undefined ? {} : { reviewThreshold: task.reviewThreshold }),
        ...(task.templates === undefined ? {} : { templates: task.templates }),
        ...(task.labelCutoff === undefined ? {} : { labelCutoff: task.labelCutoff }),
      };
      let result: TaskResult | null = null;
      // A Redis restarted without persistence forgets every job: the wait for its end would never
      // end. Each vanished job is put on the queue again, `attempts` times at most.
      for (let tries = 1; result === null; tries++) {
        const job = await queue.add("document", data, {
          attempts,
          backoff: { type: "fixed", delay: 500 },
          removeOnComplete: true,
          // Dead letters stay in the failed set, with their error, until someone clears the queue.
          removeOnFail: false,
        });
        let outcome: { done: TaskResult } | { vanished: true };
        const watch = { stopped: false };
        try {
          outcome = await Promise.race([job.waitUntilFinished(events).then((r) => ({ done: r as TaskResult })), vanished(queue, job.id ?? "", vanishCheckMs, watch)]);
        } catch (err) {
          const d: DeadLetter = { path: task.path, jobId: job.id ?? "?", attempts, error: err instanceof Error ? err.message : String(err) };
          deadLetters.push(d);
          opts.onDeadLetter?.(d);
          return { status: "failed", error: { code: "dead_letter", message: `${task.path}: failed ${attempts} time(s) on the queue: ${d.error}` }, ms: Math.round(performance.now() - started) };
        } finally {
          watch.stopped = true;
        }
        if ("done" in outcome) result = outcome.done;
        else if (tries >= attempts) {
          const message = `${task.path}: its job vanished from the Redis queue ${tries} time(s) (Redis restarted without persistence, or the queue was cleared); not read`;
          return { status: "failed", error: { code: "queue_lost", message }, ms: Math.round(performance.now() - started) };
        } else opts.onVanished?.(task.path, job.id ?? "?");
      }
      if (result.status === "ok" && result.record && task.outDir !== null) {
        // The worker sent the record; it is written here, into the one output folder.
        // Checked again: it crossed a process (and maybe a machine) boundary.
        const id = await saveRecord(task.outDir, ReportRecordSchema.parse(result.record), { durable: false });
        const { record: _sent, ...rest } = result;
        return { ...rest, id };
      }
      return result;
    },
    async close() {
      await events.close();
      await queue.close();
      for (const c of connections) c.disconnect();
    },
  };
}

/**
 * Resolves once the job is gone from Redis, seen twice `everyMs` apart: a finished job is removed
 * as its completion is announced, so one look could catch a job that ended normally a moment ago;
 * by the second look its result has come through waitUntilFinished, which won the race.
 */
async function vanished(queue: Queue, jobId: string, everyMs: number, watch: { stopped: boolean }): Promise<{ vanished: true }> {
  let missing = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, everyMs).unref());
    if (watch.stopped) return new Promise(() => undefined);
    const state = await queue.getJobState(jobId).catch(() => "error");
    missing = state === "unknown" ? missing + 1 : 0;
    if (missing >= 2) return { vanished: true };
  }
}

/** Every dead letter of the queue (this run's and earlier ones'), for `nianbao worker --dead-letters`. */
export async function listDeadLetters(url: string, name = DEFAULT_QUEUE_NAME): Promise<DeadLetter[]> {
  const connection = redisConnection(url);
  const queue = new Queue<QueueJobData>(name, { connection });
  try {
    const failed = await queue.getFailed();
    return failed.map((j) => ({ path: j.data.path, jobId: j.id ?? "?", attempts: j.attemptsMade, error: j.failedReason }));
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
