/** `nianbao extract`: digitize files and folders into an output folder (exit 1 when any input failed). */
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Command } from "commander";
// The extractor, the queue and the progress bar load when the command runs, not with the CLI: the
// fixed cost of a small run (issue 14).
import { OutputLockedError } from "../pipeline/out-lock.js";
import { formatProfile } from "../pipeline/profile.js";
import { DEFAULT_RUN_OPTIONS } from "../pipeline/run-options.js";
import { DEFAULT_ATTEMPTS, DEFAULT_QUEUE_NAME } from "../pipeline/queue/defaults.js";
import { DEFAULT_REVIEW_THRESHOLD, DEFAULT_TIMEOUT_SECONDS } from "../pipeline/pipeline-options.js";
import { collect, fraction, intAtLeast, ocrEngine, pipelineInput, seconds, showSize, size, UsageError } from "./options.js";

/** The --out folder must be a folder (or not exist yet); the inputs must exist. Checked before anything is written. */
function checkExtractPaths(paths: readonly string[], out: string): void {
  const outStat = statSync(out, { throwIfNoEntry: false });
  if (outStat && !outStat.isDirectory()) throw new UsageError(`--out ${out} is a file, not a folder; give a folder (it is created when missing)`);
  const missing = paths.filter((p) => !statSync(p, { throwIfNoEntry: false }));
  if (missing.length > 0) throw new UsageError(`no such file or folder: ${missing.join(", ")}`);
}

export function extractCommand(program: Command, setCode: (code: number) => void): void {
  program
    .command("extract")
    .description("read reports and write JSON records, cells.csv, reports.csv, review-queue.csv, panel.csv, keys.csv, failures.csv, datapackage.json, nianbao.xlsx, nianbao.sqlite and manifest.jsonl")
    .argument("<paths...>", "files or folders (folders are read recursively, hidden files skipped; each file's kind is read from its content)")
    .option("-o, --out <dir>", "output folder", "output")
    .option("--pipeline <name|file>", "options of the run from a pipeline file: a name (default, scans-native, large-archive …) is pipelines/NAME.json of the package, anything else a path; the flags below override its values (docs/commands.md)")
    .option("--max-bytes <size>", `refuse text inputs larger than this (500k, 20MiB, 1GB …; default ${showSize(DEFAULT_RUN_OPTIONS.maxBytes)})`, size)
    .option("--max-binary-bytes <size>", `refuse PDF, scan, image, HTML and DOCX inputs larger than this (default ${showSize(DEFAULT_RUN_OPTIONS.maxBinaryBytes)})`, size)
    .option("--include <glob>", "in folders, read only files matching this glob (repeatable; *.pdf matches at any depth, 2021/** below the folder given)", collect)
    .option("--exclude <glob>", "in folders, leave out files matching this glob (repeatable)", collect)
    .option("--xlsx", "write nianbao.xlsx even when its cells sheet is over Excel's 1,048,575 rows (cut there); by default it is written only when every value fits")
    .option("--no-xlsx", "do not write nianbao.xlsx (it adds ~10 ms a document to the tables at the end of a run)")
    .option("--force", "read inputs again even when their content already has a record in this folder")
    .option("--resume", "(the default now: inputs whose content already has a record are skipped)")
    .option("-j, --jobs <n>", `documents at the same time, one worker thread each (default: ${availableParallelism()} = every core)`, intAtLeast(1))
    .option("--timeout <seconds>", `per-file time limit; a document still running then is stopped and failed with code timeout (default ${DEFAULT_TIMEOUT_SECONDS}; a run of one input of ≤ 2 MiB reads it in the main thread unless this is given)`, seconds)
    .option("--queue <url>", "distributed mode: put the documents on this Redis queue (redis://host:port) for `nianbao worker` processes")
    .option("--queue-name <name>", "queue name in Redis", DEFAULT_QUEUE_NAME)
    .option("--attempts <n>", `distributed mode: tries per document before it is a dead letter (default ${DEFAULT_ATTEMPTS})`, intAtLeast(1))
    .option("-q, --quiet", "print only failures and the summary")
    .option("--wait", "when another run is writing the same output folder, wait for it to finish instead of refusing")
    .option("--ocr-engine <engine>", "OCR engine for scans and images: tesseract.js (built in) or tesseract (the native CLI, where installed)", ocrEngine)
    .option("--ocr-workers <n>", `OCR engines, one pool shared by every document thread (default: ${availableParallelism()} = every core)`, intAtLeast(1))
    .option("--review-threshold <0..1>", `a value whose confidence is below this goes to review (default ${DEFAULT_REVIEW_THRESHOLD})`, fraction)
    .option("--profile", "print the time of each stage of the run (discovery, hashing, reading, matching, validation, record write, journal, cross-year, tables, SQLite) to stderr at the end")
    .action(
      async (
        paths: string[],
        o: { pipeline?: string; reviewThreshold?: number; profile?: boolean; out: string; xlsx?: boolean; maxBytes?: number; maxBinaryBytes?: number; include?: string[]; exclude?: string[]; force?: boolean; quiet?: boolean; wait?: boolean; jobs?: number; timeout?: number; queue?: string; queueName: string; attempts?: number; ocrEngine?: "tesseract.js" | "tesseract"; ocrWorkers?: number },
      ) => {
        checkExtractPaths(paths, o.out);
        // The pipeline file is read and checked before anything is written (a bad one: exit 2).
        const pipeline = pipelineInput(o.pipeline, { maxBytes: o.maxBytes, maxBinaryBytes: o.maxBinaryBytes, ocrEngine: o.ocrEngine, ocrWorkers: o.ocrWorkers, reviewThreshold: o.reviewThreshold, timeoutMs: o.timeout });
        const { OutputFullError, runBatch } = await import("../pipeline/batch.js");
        const { createReporter } = await import("../progress.js");
        const reporter = createReporter({ stream: process.stderr, quiet: o.quiet === true });
        const queue = o.queue
          ? await (await import("../pipeline/queue/coordinator.js")).createQueueExecutor({
              url: o.queue,
              name: o.queueName,
              ...(o.attempts === undefined ? {} : { attempts: o.attempts }),
              onDeadLetter: (d) => reporter.log(`dead letter: ${d.path} (job ${d.jobId}, ${d.attempts} attempt(s)): ${d.error}`),
            })
          : undefined;
        const { RunProfile } = await import("../pipeline/profile.js");
        const profile = o.profile ? new RunProfile() : undefined;
        let summary;
        try {
          summary = await runBatch(paths, {
            ...(profile ? { profile } : {}),
            outDir: o.out,
            force: o.force === true,
            pipeline,
            ...(o.xlsx === undefined ? {} : { xlsx: o.xlsx }),
            ...(o.include === undefined ? {} : { include: o.include }),
            ...(o.exclude === undefined ? {} : { exclude: o.exclude }),
            ...(o.jobs === undefined ? {} : { jobs: o.jobs }),
            ...(queue ? { customExecutor: queue } : {}),
            wait: o.wait === true,
            onWait: (m) => reporter.log(m),
            onStart: ({ total }) => reporter.start(total),
            onProgress: (p) => reporter.update(p),
            onOcrPage: (p) => reporter.ocrPage(p),
            onPhase: (m) => {
              if (o.quiet !== true) reporter.log(m);
            },
          });
        } catch (err) {
          // Said once, in words, with no stack: nothing was blamed on an input and the folder's tables are as they were.
          if (!(err instanceof OutputFullError || err instanceof OutputLockedError)) throw err;
          reporter.stop();
          process.stderr.write(`nianbao: ${err.message}\n`);
          setCode(1);
          return;
        } finally {
          reporter.stop();
        }
        for (const w of summary.warnings) process.stderr.write(`warning: ${w}\n`);
        if (profile) process.stderr.write(formatProfile(profile, summary.total));
        if (summary.total === 0) process.stderr.write(`warning: no input files found in ${paths.join(", ")}\n`);
        if (queue && queue.deadLetters.length > 0) {
          process.stderr.write(`dead letters (${queue.deadLetters.length}):\n`);
          for (const d of queue.deadLetters) process.stderr.write(`  ${d.path}: ${d.error}\n`);
        }
        process.stdout.write(
          `${summary.ok} read, ${summary.failed} failed, ${summary.skipped} skipped` +
            (summary.refused > 0 ? ` (${summary.refused} not a report: structured data)` : "") +
            (summary.duplicates > 0 ? `, ${summary.duplicates} duplicate(s)` : "") +
            `; ${summary.records} record(s) in ${summary.outDir}` +
            (summary.crossYear > 0 ? `; ${summary.crossYear} cross-year finding(s) flagged` : "") +
            (summary.ocrPages > 0 ? `; ${summary.ocrPages} page(s) OCR'd by ${summary.ocrEngines} ${summary.options.ocr.engine} engine(s)` : "") +
            "\n",
        );
        setCode(summary.failed > 0 ? 1 : 0);
      },
    );
}
