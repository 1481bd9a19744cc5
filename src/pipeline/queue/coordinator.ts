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

export interface QueueJobData {
  path: string;
  maxBytes?: number;
  maxBinaryBytes?: number;
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
}

export const DEFAULT_ATTEMPTS = 3;

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
  return {
    kind: "queue",
    concurrency: opts.inFlight ?? 256,
    deadLetters,
    async run(task: DocumentTask): Promise<TaskResult> {
      const started = performance.now();
      const job = await queue.add("document", { path: task.path, ...(task.maxBytes === undefined ? {} : { maxBytes: task.maxBytes }), ...(task.maxBinaryBytes === undefined ? {} : { maxBinaryBytes: task.maxBinaryBytes }) }, {
        attempts,
        backoff: { type: "fixed", delay: 500 },
        removeOnComplete: true,
        // Dead letters stay in the failed set, with their error, until someone clears the queue.
        removeOnFail: false,
      });
      let result: TaskResult;
      try {
        result = (await job.waitUntilFinished(events)) as TaskResult;
      } catch (err) {
        const d: DeadLetter = { path: task.path, jobId: job.id ?? "?", attempts, error: err instanceof Error ? err.message : String(err) };
        deadLetters.push(d);
        opts.onDeadLetter?.(d);
        return { status: "failed", error: { code: "dead_letter", message: `${task.path}: failed ${attempts} time(s) on the queue: ${d.error}` }, ms: Math.round(performance.now() - started) };
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
