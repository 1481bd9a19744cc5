/**
 * The command line: the only module that reads arguments. A thin layer over the library API.
 * Exit codes: 0 success; 1 `extract` read some inputs but not all; 2 usage error or fatal error.
 */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import bytes from "bytes-iec";
import { availableParallelism } from "node:os";
import { Command, CommanderError, InvalidArgumentError } from "commander";
// Only what every command needs is imported here; each command loads its own modules when it runs
// (generators, eval, the review server, the Redis queue, the extractor), so that `extract` of one
// small file does not pay for loading the others (issue 14: the fixed cost of a run).
import { DAMAGE_KINDS, PAGE_DAMAGE_KINDS, type DamageKind, type PageDamageKind, type ReportVariant } from "./generate/types.js";
import { OutputLockedError } from "./pipeline/out-lock.js";
import { InputError } from "./pipeline/errors.js";
import { DEFAULT_RUN_OPTIONS } from "./pipeline/run-options.js";
import { formatProfile } from "./pipeline/profile.js";
import { DEFAULT_ATTEMPTS, DEFAULT_QUEUE_NAME } from "./pipeline/queue/defaults.js";

/** The review server's default port (review/server.ts REVIEW_PORT_SHOWN; a test keeps them equal), here so that the help loads no server code. */
export const REVIEW_PORT_SHOWN = 4300;

const FORMATS: readonly ReportVariant[] = ["2021", "2019", "hybrid"];
type Format = ReportVariant;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

function intAtLeast(min: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}, got "${text}"`);
    return n;
  };
}

function rate(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 1 || text.trim() === "") throw new InvalidArgumentError(`expected a number from 0 to 1, got "${text}"`);
  return n;
}

function formats(text: string): Format[] {
  const list = text.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (list.length === 0 || bad.length) throw new InvalidArgumentError(`expected a comma list of ${FORMATS.join(", ")}, got "${text}"`);
  return list as Format[];
}

/** Text kinds or page kinds; which list applies is checked once --kind is known (checkDamage). */
function damage(text: string): string[] | "all" | "none" {
  if (text === "all" || text === "none") return text;
  const list = text.split(",").map((s) => s.trim()).filter(Boolean);
  const known: readonly string[] = [...DAMAGE_KINDS, ...PAGE_DAMAGE_KINDS];
  const bad = list.filter((k) => !known.includes(k));
  if (list.length === 0 || bad.length) {
    throw new InvalidArgumentError(`expected all, none or a comma list of ${DAMAGE_KINDS.join(", ")} (text) or ${PAGE_DAMAGE_KINDS.join(", ")} (page), got "${text}"`);
  }
  return list;
}

function checkDamage<K extends string>(value: string[] | "all" | "none" | undefined, known: readonly K[], kind: string): K[] | "all" | "none" | undefined {
  if (value === undefined || value === "all" || value === "none") return value;
  const bad = value.filter((k) => !(known as readonly string[]).includes(k));
  if (bad.length > 0) throw new Error(`--damage ${bad.join(",")} does not apply to --kind ${kind}; known: ${known.join(", ")}`);
  return value as K[];
}

/**
 * A size: 100, 1k, 1.5M, 20MiB, 20MB (bytes-iec: KiB/MiB binary, KB/MB decimal; a bare k/M/G is
 * binary, as in `ls -h`).
 */
export function size(text: string): number {
  const bare = /^\s*(\d+(?:\.\d+)?)\s*([kmgt])\s*$/i.exec(text);
  const n = bytes.parse(bare ? `${bare[1]}${bare[2]!.toUpperCase()}iB` : text.trim());
  if (n === null || !Number.isFinite(n) || n < 1) throw new InvalidArgumentError(`expected a size such as 500k, 20MiB or 1GB, got "${text}"`);
  return Math.floor(n);
}

const showSize = (n: number): string => bytes.format(n, { mode: "binary" }) ?? `${n}`;

/** Repeatable option: each use adds a value. */
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Usage errors found after parsing: one line, the hint, exit status 2 (as commander's own). */
class UsageError extends Error {}

/** The --out folder must be a folder (or not exist yet); the inputs must exist. Checked before anything is written. */
function checkExtractPaths(paths: readonly string[], out: string): void {
  const outStat = statSync(out, { throwIfNoEntry: false });
  if (outStat && !outStat.isDirectory()) throw new UsageError(`--out ${out} is a file, not a folder; give a folder (it is created when missing)`);
  const missing = paths.filter((p) => !statSync(p, { throwIfNoEntry: false }));
  if (missing.length > 0) throw new UsageError(`no such file or folder: ${missing.join(", ")}`);
}

/** Seconds on the command line → ms. */
function seconds(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || text.trim() === "") throw new InvalidArgumentError(`expected a positive number of seconds, got "${text}"`);
  return Math.round(n * 1000);
}

function ocrEngine(v: string): string {
  if (v !== "tesseract.js" && v !== "tesseract") throw new InvalidArgumentError("must be tesseract.js or tesseract");
  return v;
}

/** The OCR settings travel in the environment, where the pool (ocr-pool.ts) reads them. */
function setOcrEnv(o: { ocrEngine?: string; ocrWorkers?: number }): void {
  if (o.ocrEngine !== undefined) process.env["NIANBAO_OCR_ENGINE"] = o.ocrEngine;
  if (o.ocrWorkers !== undefined) process.env["NIANBAO_OCR_WORKERS"] = String(o.ocrWorkers);
}

function buildProgram(setCode: (code: number) => void): Command {
  const program = new Command("nianbao")
    .description("Digitize government information-disclosure annual reports (政府信息公开工作年度报告).")
    .version(version())
    .exitOverride();

  program
    .command("extract")
    .description("read reports and write JSON records, cells.csv, reports.csv, review-queue.csv, panel.csv, keys.csv, failures.csv, datapackage.json, nianbao.xlsx, nianbao.sqlite and manifest.jsonl")
    .argument("<paths...>", "files or folders (folders are read recursively, hidden files skipped; each file's kind is read from its content)")
    .option("-o, --out <dir>", "output folder", "output")
    .option("--max-bytes <size>", `refuse text inputs larger than this (500k, 20MiB, 1GB …; default ${showSize(DEFAULT_RUN_OPTIONS.maxBytes)})`, size)
    .option("--max-binary-bytes <size>", `refuse PDF, scan, image, HTML and DOCX inputs larger than this (default ${showSize(DEFAULT_RUN_OPTIONS.maxBinaryBytes)})`, size)
    .option("--include <glob>", "in folders, read only files matching this glob (repeatable; *.pdf matches at any depth, 2021/** below the folder given)", collect)
    .option("--exclude <glob>", "in folders, leave out files matching this glob (repeatable)", collect)
    .option("--xlsx", "write nianbao.xlsx even when its cells sheet is over Excel's 1,048,575 rows (cut there); by default it is written only when every value fits")
    .option("--no-xlsx", "do not write nianbao.xlsx (it adds ~10 ms a document to the tables at the end of a run)")
    .option("--force", "read inputs again even when their content already has a record in this folder")
    .option("--resume", "(the default now: inputs whose content already has a record are skipped)")
    .option("-j, --jobs <n>", `documents at the same time, one worker thread each (default: ${availableParallelism()} = every core)`, intAtLeast(1))
    .option("--timeout <seconds>", "per-file time limit; a document still running then is stopped and failed with code timeout (default 300)", seconds)
    .option("--queue <url>", "distributed mode: put the documents on this Redis queue (redis://host:port) for `nianbao worker` processes")
    .option("--queue-name <name>", "queue name in Redis", DEFAULT_QUEUE_NAME)
    .option("--attempts <n>", `distributed mode: tries per document before it is a dead letter (default ${DEFAULT_ATTEMPTS})`, intAtLeast(1))
    .option("-q, --quiet", "print only failures and the summary")
    .option("--wait", "when another run is writing the same output folder, wait for it to finish instead of refusing")
    .option("--ocr-engine <engine>", "OCR engine for scans and images: tesseract.js (built in) or tesseract (the native CLI, where installed)", ocrEngine)
    .option("--ocr-workers <n>", `OCR engines, one pool shared by every document thread (default: ${availableParallelism()} = every core)`, intAtLeast(1))
    .option("--profile", "print the time of each stage of the run (discovery, hashing, reading, matching, validation, record write, journal, cross-year, tables, SQLite) to stderr at the end")
    .action(
      async (
        paths: string[],
        o: { profile?: boolean; out: string; xlsx?: boolean; maxBytes?: number; maxBinaryBytes?: number; include?: string[]; exclude?: string[]; force?: boolean; quiet?: boolean; wait?: boolean; jobs?: number; timeout?: number; queue?: string; queueName: string; attempts?: number; ocrEngine?: string; ocrWorkers?: number },
      ) => {
        checkExtractPaths(paths, o.out);
        setOcrEnv(o);
        const { OutputFullError, runBatch } = await import("./pipeline/batch.js");
        const { createReporter } = await import("./progress.js");
        const reporter = createReporter({ stream: process.stderr, quiet: o.quiet === true });
        const queue = o.queue
          ? await (await import("./pipeline/queue/coordinator.js")).createQueueExecutor({
              url: o.queue,
              name: o.queueName,
              ...(o.attempts === undefined ? {} : { attempts: o.attempts }),
              onDeadLetter: (d) => reporter.log(`dead letter: ${d.path} (job ${d.jobId}, ${d.attempts} attempt(s)): ${d.error}`),
            })
          : undefined;
        const { RunProfile } = await import("./pipeline/profile.js");
        const profile = o.profile ? new RunProfile() : undefined;
        let summary;
        try {
          summary = await runBatch(paths, {
            ...(profile ? { profile } : {}),
            outDir: o.out,
            force: o.force === true,
            ...(o.maxBytes === undefined ? {} : { maxBytes: o.maxBytes }),
            ...(o.maxBinaryBytes === undefined ? {} : { maxBinaryBytes: o.maxBinaryBytes }),
            ...(o.xlsx === undefined ? {} : { xlsx: o.xlsx }),
            ...(o.include === undefined ? {} : { include: o.include }),
            ...(o.exclude === undefined ? {} : { exclude: o.exclude }),
            ...(o.jobs === undefined ? {} : { jobs: o.jobs }),
            ...(o.timeout === undefined ? {} : { timeoutMs: o.timeout }),
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
            (summary.ocrPages > 0 ? `; ${summary.ocrPages} page(s) OCR'd by ${summary.ocrEngines} engine(s)` : "") +
            "\n",
        );
        setCode(summary.failed > 0 ? 1 : 0);
      },
    );

  program
    .command("show")
    .description("read one file and print its tables as aligned text, values to review marked with *; writes no output folder")
    .argument("<file>", "one input file (text, PDF, scan, image, HTML or DOCX)")
    .option("--json", "print the record as JSON instead")
    .option("--max-bytes <size>", `refuse a text input larger than this (default ${showSize(DEFAULT_RUN_OPTIONS.maxBytes)})`, size)
    .option("--max-binary-bytes <size>", `refuse any other input larger than this (default ${showSize(DEFAULT_RUN_OPTIONS.maxBinaryBytes)})`, size)
    .action(async (file: string, o: { json?: boolean; maxBytes?: number; maxBinaryBytes?: number }) => {
      const s = statSync(file, { throwIfNoEntry: false });
      if (!s) throw new UsageError(`no such file: ${file}`);
      if (!s.isFile()) throw new UsageError(`${file} is not a file (show reads one file; extract reads folders)`);
      const { runDocument } = await import("./pipeline/run-document.js");
      const { recordToText } = await import("./emit/show-text.js");
      const record = await runDocument(resolve(file), {
        ...(o.maxBytes === undefined ? {} : { maxBytes: o.maxBytes }),
        ...(o.maxBinaryBytes === undefined ? {} : { maxBinaryBytes: o.maxBinaryBytes }),
      });
      process.stdout.write(o.json ? `${JSON.stringify(record, null, 2)}\n` : recordToText(record));
      setCode(0);
    });

  program
    .command("worker")
    .description("distributed mode: read documents from a Redis queue filled by `nianbao extract --queue`, until stopped (SIGINT/SIGTERM)")
    .requiredOption("--redis <url>", "Redis URL (redis://host:port)")
    .option("--queue-name <name>", "queue name in Redis", DEFAULT_QUEUE_NAME)
    .option("-j, --jobs <n>", "documents at the same time (default: every core)", intAtLeast(1))
    .option("--timeout <seconds>", "per-file time limit (default 300); a timed-out document is retried, then a dead letter", seconds)
    .option("--lock <seconds>", "job lock: a killed worker's job goes to another worker after about this long (default 30)", seconds)
    .option("--dead-letters", "print the queue's dead letters (documents that failed every attempt) and exit")
    .option("--ocr-engine <engine>", "OCR engine for scans and images: tesseract.js (built in) or tesseract (the native CLI, where installed)", ocrEngine)
    .option("--ocr-workers <n>", `OCR engines, one pool shared by every document thread (default: ${availableParallelism()} = every core)`, intAtLeast(1))
    .action(async (o: { redis: string; queueName: string; jobs?: number; timeout?: number; lock?: number; deadLetters?: boolean; ocrEngine?: string; ocrWorkers?: number }) => {
      setOcrEnv(o);
      if (o.deadLetters) {
        const list = await (await import("./pipeline/queue/coordinator.js")).listDeadLetters(o.redis, o.queueName);
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
        const { runQueueWorker } = await import("./pipeline/queue/worker.js");
        await runQueueWorker({
          url: o.redis,
          name: o.queueName,
          ...(o.jobs === undefined ? {} : { jobs: o.jobs }),
          ...(o.timeout === undefined ? {} : { timeoutMs: o.timeout }),
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

  program
    .command("eval")
    .description("score the records in an output folder against gold files")
    .requiredOption("--gold <dir>", "folder of gold files ({agency, year, format, cells})")
    .requiredOption("--out <dir>", "output folder of an extract run")
    .action(async (o: { gold: string; out: string }) => {
      const { evaluate, formatEvalSummary } = await import("./eval/index.js");
      const report = await evaluate({ goldDir: o.gold, outDir: o.out });
      process.stdout.write(`${formatEvalSummary(report).trimEnd()}\n`);
      setCode(0);
    });

  program
    .command("generate")
    .description("write synthetic reports with their gold files, for tests and evaluation")
    .requiredOption("-o, --out <dir>", "output folder")
    .requiredOption("--count <n>", "number of reports", intAtLeast(1))
    .requiredOption("--seed <s>", "random seed (same seed, same corpus)", intAtLeast(0))
    .option("--formats <list>", `comma list of ${FORMATS.join(", ")}`, formats)
    .option("--damage <kinds>", `all, none, or a comma list of: ${DAMAGE_KINDS.join(", ")} (text); ${PAGE_DAMAGE_KINDS.join(", ")} (page; flatten always applies)`, damage)
    .option("--damage-rate <r>", "chance that each enabled damage kind is applied to a report, 0 to 1 (default 0.5; page: the kinds' own rates, see docs/crawled-pages.md)", rate)
    .option("--blank-zeros <share>", "pdf and scan: share of reports printed with every zero blank and 总计 only in some rows (blank_zeros), 0 to 1 (default 0)", rate)
    .option("--kind <kind>", "text (inputs/*.txt), pdf (inputs/*.pdf in varied layouts), html (inputs/*.html: portal pages, UTF-8/GBK), docx (inputs/*.docx), legacy (pre-2019 reports as text: statistics table, flattened table or sentences only) scan (generated PDFs rasterized as scans: image-only inputs/*.pdf and multi-page inputs/*.tif) or page (crawled web pages as a crawler keeps their text: inputs/*.page.txt); --damage applies to text and page", (t: string) => {
      if (!["text", "pdf", "html", "docx", "legacy", "scan", "page"].includes(t)) throw new InvalidArgumentError(`expected text, pdf, html, docx, legacy, scan or page, got "${t}"`);
      return t;
    }, "text")
    .action(
      async (o: { out: string; count: number; seed: number; formats?: Format[]; damage?: string[] | "all" | "none"; damageRate?: number; blankZeros?: number; kind: "text" | "pdf" | "html" | "docx" | "legacy" | "scan" | "page" }) => {
        if (o.blankZeros !== undefined && o.kind !== "pdf" && o.kind !== "scan") throw new Error(`--blank-zeros applies to --kind pdf and scan (pages: --damage blank_zeros), not to --kind ${o.kind}`);
        const blank = o.blankZeros ? { blankZeros: o.blankZeros } : {};
        const { generateCorpus, generatePdfCorpus } = await import("./generate/index.js");
        if (o.kind === "page") {
          const pageDamage = checkDamage<PageDamageKind>(o.damage, PAGE_DAMAGE_KINDS, o.kind);
          const { generatePageCorpus } = await import("./generate/page/index.js");
          const pages = await generatePageCorpus({
            outDir: o.out,
            count: o.count,
            seed: o.seed,
            ...(o.formats === undefined ? {} : { formats: o.formats }),
            ...(pageDamage === undefined ? {} : { damage: pageDamage }),
            ...(o.damageRate === undefined ? {} : { damageRate: o.damageRate }),
          });
          process.stdout.write(`wrote ${pages.inputs.length} crawled page(s) and ${pages.golds.length} gold file(s) to ${o.out}\n`);
          setCode(0);
          return;
        }
        if (o.kind === "scan") {
          const { generateScanCorpus } = await import("./generate/scan/index.js");
          const scans = await generateScanCorpus({ outDir: o.out, count: o.count, seed: o.seed, ...(o.formats === undefined ? {} : { formats: o.formats }), ...blank });
          process.stdout.write(`wrote ${scans.inputs.length} scanned report(s) (PDF and TIFF) and ${scans.golds.length} gold file(s) to ${o.out}\n`);
          setCode(0);
          return;
        }
        if (o.kind === "html" || o.kind === "docx" || o.kind === "legacy") {
          const make =
            o.kind === "html"
              ? (await import("./generate/html/index.js")).generateHtmlCorpus
              : o.kind === "docx"
                ? (await import("./generate/docx/index.js")).generateDocxCorpus
                : (await import("./generate/legacy/index.js")).generateLegacyCorpus;
          const made = await make({ outDir: o.out, count: o.count, seed: o.seed, ...(o.formats === undefined ? {} : { formats: o.formats }) });
          process.stdout.write(`wrote ${made.inputs.length} ${o.kind.toUpperCase()} report(s) and ${made.golds.length} gold file(s) to ${o.out}\n`);
          setCode(0);
          return;
        }
        if (o.kind === "pdf") {
          const pdfs = await generatePdfCorpus({ outDir: o.out, count: o.count, seed: o.seed, ...(o.formats === undefined ? {} : { formats: o.formats }), ...blank });
          process.stdout.write(`wrote ${pdfs.inputs.length} PDF report(s) and ${pdfs.golds.length} gold file(s) to ${o.out}\n`);
          setCode(0);
          return;
        }
        const textDamage = checkDamage<DamageKind>(o.damage, DAMAGE_KINDS, o.kind);
        const result = await generateCorpus({
          outDir: o.out,
          count: o.count,
          seed: o.seed,
          ...(o.formats === undefined ? {} : { formats: o.formats }),
          ...(textDamage === undefined ? {} : { damage: textDamage }),
          ...(o.damageRate === undefined ? {} : { damageRate: o.damageRate }),
        });
        process.stdout.write(`wrote ${result.inputs.length} report(s) and ${result.golds.length} gold file(s) to ${o.out}\n`);
        setCode(0);
      },
    );

  program
    .command("review")
    .description(`serve the review app over an output folder (http://127.0.0.1:${REVIEW_PORT_SHOWN}/ by default) until Ctrl-C`)
    .argument("[dir]", "output folder of an extract run", "output")
    .option("-p, --port <n>", "port to listen on (0: any free port)", intAtLeast(0), REVIEW_PORT_SHOWN)
    .option("--host <addr>", "interface to listen on; anything but loopback exposes the data to your network", "127.0.0.1")
    .option("--reviewer <name>", "name written into each correction (default: your user name)")
    .option("--source-root <dir>", "folder to find inputs in that moved since extraction (repeatable; the output folder's parent is always searched)", (v: string, all: string[]) => [...all, v], [] as string[])
    .action(async (dir: string, o: { port: number; host: string; reviewer?: string; sourceRoot: string[] }) => {
      const { defaultReviewer, serveReview } = await import("./review/index.js");
      // Serves until interrupted; the signal handlers are removed again so main() can be called repeatedly.
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        await serveReview({ outDir: dir, host: o.host, port: o.port, reviewer: o.reviewer ?? defaultReviewer(), sourceRoots: o.sourceRoot }, stop.signal, (line) => process.stdout.write(`${line}\n`));
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
      setCode(0);
    });

  // A usage error prints one line and where to look, not the whole help.
  program.showHelpAfterError("(nianbao --help lists the commands)");
  for (const sub of program.commands) sub.showHelpAfterError(`(nianbao ${sub.name()} --help lists its options)`);
  return program;
}

/** Runs the command line (`argv` as in process.argv) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UsageError) {
      const command = program.commands.find((c) => argv.slice(2).includes(c.name()))?.name();
      process.stderr.write(`error: ${err.message}\n(nianbao ${command ? `${command} ` : ""}--help lists the options)\n`);
      return 2;
    }
    if (err instanceof InputError) {
      // show: the file cannot be read; one line naming it and the problem.
      process.stderr.write(`error: ${err.message} [${err.code}]\n`);
      return 1;
    }
    throw err;
  }
  return code;
}
