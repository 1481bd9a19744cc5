/** `nianbao worker`: the distributed mode's worker, reading documents from a Redis queue until stopped. */
import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { DEFAULT_QUEUE_NAME } from "../pipeline/queue/defaults.js";
import { intAtLeast, ocrEngine, pipelineInput, seconds } from "./options.js";

export function workerCommand(program: Command, setCode: (code: number) => void): void {
  program
    .command("worker")
    .description("distributed mode: read documents from a Redis queue filled by `nianbao extract --queue`, until stopped (SIGINT/SIGTERM)")
    .requiredOption("--redis <url>", "Redis URL (redis://host:port)")
    .option("--queue-name <name>", "queue name in Redis", DEFAULT_QUEUE_NAME)
    .option("--pipeline <name|file>", "this worker's options from a pipeline file (a name is pipelines/NAME.json of the package, anything else a path): OCR engine and pool, timeout, and the limits and review threshold of jobs that do not carry the coordinator's; the flags below override it")
    .option("-j, --jobs <n>", "documents at the same time (default: every core)", intAtLeast(1))
    .option("--timeout <seconds>", "per-file time limit (default 300); a timed-out document is retried, then a dead letter", seconds)
    .option("--lock <seconds>", "job lock: a killed worker's job goes to another worker after about this long (default 30)", seconds)
    .option("--dead-letters", "print the queue's dead letters (documents that failed every attempt) and exit")
    .option("--ocr-engine <engine>", "OCR engine for scans and images: tesseract.js (built in) or tesseract (the native CLI, where installed)", ocrEngine)
    .option("--ocr-workers <n>", `OCR engines, one pool shared by every document thread (default: ${availableParallelism()} = every core)`, intAtLeast(1))
    .action(async (o: { pipeline?: string; redis: string; queueName: string; jobs?: number; timeout?: number; lock?: number; deadLetters?: boolean; ocrEngine?: "tesseract.js" | "tesseract"; ocrWorkers?: number }) => {
      const pipeline = pipelineInput(o.pipeline, { ocrEngine: o.ocrEngine, ocrWorkers: o.ocrWorkers, timeoutMs: o.timeout });
      if (o.deadLetters) {
        const list = await (await import("../pipeline/queue/coordinator.js")).listDeadLetters(o.redis, o.queueName);
        for (const d of list) process.stdout.write(`${JSON.stringify(d)}\n`);
        process.stderr.write(`${list.length} dead letter(s) in ${o.queueName}\n`);
        setCode(0);
        return;
      }
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        const { runQueueWorker } = await import("../pipeline/queue/worker.js");
        await runQueueWorker({
          url: o.redis,
          name: o.queueName,
          ...(o.jobs === undefined ? {} : { jobs: o.jobs }),
          pipeline,
          ...(o.lock === undefined ? {} : { lockMs: o.lock }),
          signal: stop.signal,
          log: (line) => process.stdout.write(`${line}\n`),
        });
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
      setCode(0);
    });
}
