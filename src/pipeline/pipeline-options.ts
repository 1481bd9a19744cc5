/**
 * The options of a run, as one zod schema with named defaults (STYLE.md P3): what `pipelines/*.json`
 * hold, what `--pipeline NAME|FILE` selects, what the command line's flags override. Resolved once,
 * where a run starts (the CLI, runBatch, the queue worker), then passed down as values — never
 * through environment variables.
 *
 * Light on purpose: the CLI loads it before the extractor (no import of the readers or the OCR).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import bytes from "bytes-iec";
import { z } from "zod";
import { DEFAULT_LABEL_CUTOFF } from "../match/label-hits.js";

/** Largest text input, bytes: a text report is well under 1 MiB. */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Largest input of any other kind (PDF, scan, image, HTML, DOCX), bytes: room for a long scanned PDF (docs/hostile-inputs.md). */
export const DEFAULT_MAX_BINARY_BYTES = 512 * 1024 * 1024;
/**
 * Below this confidence a value goes to review. The same figure as validate/confidence.ts
 * REVIEW_THRESHOLD (where the data behind it is written down); kept here as a literal so that the
 * CLI can read the defaults without loading validate. tests/pipeline-options.test.ts pins them equal.
 */
export const DEFAULT_REVIEW_THRESHOLD = 0.7;
/** Per-file time limit, seconds: a text report takes milliseconds, a PDF about a second, a scan OCR'd cell by cell seconds per page. */
export const DEFAULT_TIMEOUT_SECONDS = 300;

export const OCR_ENGINES = ["tesseract.js", "tesseract"] as const;

/**
 * Resolution scanned PDF pages are rendered at for OCR, dots per inch: the same figure as
 * ingest/pdf-ocr RENDER_DPI (where the reason for it is written down), a literal here so that the
 * CLI can read the defaults without loading the readers; tests/pipeline-options.test.ts pins them
 * equal. Below 100 dpi a 7 pt digit is under 10 px tall, too small to read; above 600 an A3 page is
 * over the 70 MP a page may have (ingest/limits.ts maxPagePixels).
 */
export const DEFAULT_OCR_DPI = 200;
export const OCR_DPI_RANGE = { min: 100, max: 600 } as const;
const dpiBounds = `must be a whole number of dots per inch from ${OCR_DPI_RANGE.min} to ${OCR_DPI_RANGE.max}`;

/**
 * The built-in templates, as templates/index.ts DEFAULT_TEMPLATE_IDS lists them (a literal here, so
 * that the CLI reads the defaults without loading the templates; tests/pipeline-options.test.ts pins them equal).
 */
export const DEFAULT_TEMPLATES = ["gov-info-2021", "gov-info-2019"] as const;

/**
 * A size: a number of bytes, or text such as "500k", "20MiB", "1GB" (bytes-iec: KiB/MiB binary,
 * KB/MB decimal; a bare k/M/G is binary, as in `ls -h`).
 */
export function parseSize(text: string): number | null {
  const bare = /^\s*(\d+(?:\.\d+)?)\s*([kmgt])\s*$/i.exec(text);
  const n = bytes.parse(bare ? `${bare[1]}${bare[2]!.toUpperCase()}iB` : text.trim());
  return n === null || !Number.isFinite(n) || n < 1 ? null : Math.floor(n);
}

const Size = z.union([z.number().int().min(1), z.string()]).transform((v, ctx): number => {
  if (typeof v === "number") return v;
  const n = parseSize(v);
  if (n === null) {
    ctx.addIssue({ code: "custom", message: `expected a size such as 500k, 20MiB or 1GB, got "${v}"` });
    return z.NEVER;
  }
  return n;
});

export const PipelineOptionsSchema = z
  .object({
    /** What this pipeline is for (a sentence for people; not used by the run). */
    description: z.string().optional(),
    /** Inputs over these sizes are refused (manifest code `too_large`) before they are read. */
    limits: z
      .object({
        /** Largest text input (bytes, or "16MiB"). */
        maxBytes: Size.default(DEFAULT_MAX_BYTES),
        /** Largest PDF, scan, image, HTML or DOCX input (bytes, or "512MiB"). */
        maxBinaryBytes: Size.default(DEFAULT_MAX_BINARY_BYTES),
      })
      .strict()
      .prefault({}),
    /** The OCR of scans and images: one pool of engines per process, shared by every document thread. */
    ocr: z
      .object({
        /** tesseract.js (built in, WebAssembly) or tesseract (the native command, where installed: faster). */
        engine: z.enum(OCR_ENGINES).default("tesseract.js"),
        /** Engines in the pool; "auto" = one per core. */
        workers: z.union([z.literal("auto"), z.number().int().min(1)]).default("auto"),
        /** Resolution scanned PDF pages are rendered at for OCR (dots per inch). Images are read at their own. */
        dpi: z
          .number({ error: (i) => `${dpiBounds}, got ${JSON.stringify(i.input)}` })
          .int({ error: (i) => `${dpiBounds}, got ${String(i.input)}` })
          .min(OCR_DPI_RANGE.min, { error: (i) => `${dpiBounds}, got ${String(i.input)}` })
          .max(OCR_DPI_RANGE.max, { error: (i) => `${dpiBounds}, got ${String(i.input)}` })
          .default(DEFAULT_OCR_DPI),
      })
      .strict()
      .prefault({}),
    /** How labels are matched against the templates. */
    match: z
      .object({
        /**
         * A row label found with a similarity score (0..1) under this is not taken: lower lets more
         * misprinted labels through, and more of another row's; 1 takes only exact labels.
         */
        labelCutoff: z.number().min(0.5).max(1).default(DEFAULT_LABEL_CUTOFF),
      })
      .strict()
      .prefault({}),
    review: z
      .object({
        /** A value whose confidence (0..1) is below this goes to review (needs_review, review-queue.csv). */
        threshold: z.number().min(0).max(1).default(DEFAULT_REVIEW_THRESHOLD),
      })
      .strict()
      .prefault({}),
    /** Per-file time limit, seconds: a document still running then is stopped and failed with code `timeout`. */
    timeoutSeconds: z.number().positive().default(DEFAULT_TIMEOUT_SECONDS),
    /**
     * The report templates read with, in order: built-in ids, or template files (JSON, ending in
     * .json; relative to the pipeline file). Default: the built-in ones. Checked when the run starts.
     */
    templates: z.array(z.string().min(1)).min(1).default([...DEFAULT_TEMPLATES]),
  })
  .strict();

/** A pipeline as written in a file (every field optional). */
export type PipelineOptionsInput = z.input<typeof PipelineOptionsSchema>;
/** A pipeline resolved: every field set. */
export type PipelineOptions = z.output<typeof PipelineOptionsSchema>;

/** Flags of the command line (or fields of the library's options) that override a pipeline's values. */
export interface PipelineOverrides {
  maxBytes?: number | undefined;
  maxBinaryBytes?: number | undefined;
  ocrEngine?: (typeof OCR_ENGINES)[number] | undefined;
  ocrWorkers?: number | undefined;
  reviewThreshold?: number | undefined;
  timeoutMs?: number | undefined;
}

/** A pipeline file that cannot be used: its message names the file and the field. */
export class PipelineFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = "PipelineFileError";
  }
}

/** Invalid options given in code (not from a file): the message names the field. */
export class InvalidOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidOptionsError";
  }
}

/** Each issue as `field.path: message`; an unknown field is named by its own path. */
function describeIssues(err: z.ZodError): string {
  return err.issues
    .flatMap((i) => (i.code === "unrecognized_keys" ? i.keys.map((k) => `${[...i.path, k].join(".")}: unknown field`) : [`${i.path.length ? i.path.join(".") : "(the whole file)"}: ${i.message}`]))
    .join("; ");
}

/** The pipeline (or defaults) with the overrides applied on top, checked and with every default filled in. */
export function resolvePipelineOptions(base: PipelineOptionsInput | PipelineOptions = {}, o: PipelineOverrides = {}): PipelineOptions {
  const parsed = PipelineOptionsSchema.safeParse(withOverrides(base, o));
  if (!parsed.success) throw new InvalidOptionsError(`invalid pipeline options: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The pipeline with the overrides written into it (not checked, defaults not filled in). */
export function withOverrides(base: PipelineOptionsInput | PipelineOptions, o: PipelineOverrides): PipelineOptionsInput {
  return {
    ...base,
    limits: { ...base.limits, ...(o.maxBytes === undefined ? {} : { maxBytes: o.maxBytes }), ...(o.maxBinaryBytes === undefined ? {} : { maxBinaryBytes: o.maxBinaryBytes }) },
    ocr: { ...base.ocr, ...(o.ocrEngine === undefined ? {} : { engine: o.ocrEngine }), ...(o.ocrWorkers === undefined ? {} : { workers: o.ocrWorkers }) },
    review: { ...base.review, ...(o.reviewThreshold === undefined ? {} : { threshold: o.reviewThreshold }) },
    ...(o.timeoutMs === undefined ? {} : { timeoutSeconds: o.timeoutMs / 1000 }),
  };
}

/** The `pipelines/` folder of the package (beside dist/ and src/). */
export function bundledPipelinesDir(): string {
  return fileURLToPath(new URL("../../pipelines/", import.meta.url));
}

/**
 * `--pipeline NAME|FILE`: a bare name (letters, digits, - and _) is `pipelines/NAME.json` of the
 * package; anything else is a path. Returns the file's options, checked (defaults not yet applied:
 * the flags go on top first).
 */
export function loadPipeline(nameOrFile: string, cwd: string = process.cwd()): { file: string; options: PipelineOptionsInput } {
  const bundled = /^[\w-]+$/.test(nameOrFile) ? resolve(bundledPipelinesDir(), `${nameOrFile}.json`) : null;
  const file = bundled && existsSync(bundled) ? bundled : isAbsolute(nameOrFile) ? nameOrFile : resolve(cwd, nameOrFile);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const known = bundledNames();
    const hint = bundled ? ` (a name is one of the bundled pipelines: ${known.join(", ")}; anything else is a path)` : "";
    throw new PipelineFileError(file, `pipeline ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})${hint}`);
  }
  return { file, options: parsePipelineFile(file, text) };
}

/** The text of a pipeline file → its options, or a PipelineFileError naming the file and each bad field. */
export function parsePipelineFile(file: string, text: string): PipelineOptionsInput {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PipelineFileError(file, `pipeline ${file}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = PipelineOptionsSchema.safeParse(json);
  if (!parsed.success) throw new PipelineFileError(file, `pipeline ${file}: ${describeIssues(parsed.error)}`);
  // The file as written (not the parsed output): a flag then overrides a field and the defaults fill
  // the rest. Template files are named relative to the pipeline file.
  const options = json as PipelineOptionsInput;
  if (options.templates) options.templates = options.templates.map((t) => (t.toLowerCase().endsWith(".json") && !isAbsolute(t) ? resolve(dirname(file), t) : t));
  return options;
}

/** Names of the bundled pipelines (pipelines/*.json). */
export function bundledNames(): string[] {
  try {
    return readdirSync(bundledPipelinesDir()).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -".json".length)).sort();
  } catch {
    return [];
  }
}
