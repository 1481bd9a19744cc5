/**
 * Pipeline options (issue 15 §4): the bundled pipelines/*.json are valid, a bad file is refused
 * naming the file and the field (exit 2, nothing written), and the values of --pipeline reach the
 * run, explicit flags over them.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/index.js";
import { RENDER_DPI } from "../src/ingest/pdf-ocr/index.js";
import { ocrSettings } from "../src/ocr/index.js";
import { Rng } from "../tools/generate/rng.js";
import { DAMAGE_KINDS, generateReport } from "../tools/generate/index.js";
import { generateLegacyReport } from "../tools/generate/legacy/index.js";
import { FLAG_CODES, type FlagCode } from "../src/model/index.js";
import { extractFromBytes } from "../src/pipeline/run-document.js";
import { generatePdfReport } from "../tools/generate/pdf/corpus.js";
import { packScan, scanPages } from "../tools/generate/scan/index.js";
import {
  DEFAULT_OCR_DPI,
  DEFAULT_REVIEW_THRESHOLD,
  DEFAULT_TEMPLATES,
  PipelineFileError,
  bundledPipelinesDir,
  loadPipeline,
  parsePipelineFile,
  resolvePipelineOptions,
} from "../src/pipeline/pipeline-options.js";
import { REVIEW_THRESHOLD } from "../src/validate/index.js";
import { DEFAULT_TEMPLATE_IDS } from "../src/templates/index.js";
import { runBatch } from "../src/pipeline/batch.js";

/**
 * Every page the OCR reader renders is recorded (resolution and pixel size); with `stop` set, the
 * render then throws, so that a test sees the page image of a scanned PDF without waiting for OCR.
 */
const renders = vi.hoisted(() => ({ seen: [] as { dpi: number; width: number; height: number }[], stop: false }));
vi.mock("../src/ingest/pdf-ocr/render.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/ingest/pdf-ocr/render.js")>();
  return {
    ...original,
    renderPage: async (...args: Parameters<typeof original.renderPage>) => {
      const gray = await original.renderPage(...args);
      renders.seen.push({ dpi: args[2], width: gray.width, height: gray.height });
      if (renders.stop) throw new Error("stopped after the render (test)");
      return gray;
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), "nianbao-pipeline-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SEED = new URL("../corpus/", import.meta.url);

/** A text report of the corpus (a few KiB). */
function textReport(): string {
  const corpus = SEED.pathname;
  const name = readdirSync(corpus).find((f) => f.endsWith(".txt"))!;
  return join(corpus, name);
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main(["node", "nianbao", ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe("pipelines/*.json", () => {
  const files = readdirSync(bundledPipelinesDir()).filter((f) => f.endsWith(".json"));

  it("ships default, scans-native and large-archive", () => {
    expect(files.sort()).toEqual(["default.json", "large-archive.json", "scans-native.json"]);
  });

  it.each(files)("%s validates against the schema", (f) => {
    const file = join(bundledPipelinesDir(), f);
    expect(() => resolvePipelineOptions(parsePipelineFile(file, readFileSync(file, "utf8")))).not.toThrow();
  });

  it("default.json is the defaults written out", () => {
    const { description, ...options } = resolvePipelineOptions(loadPipeline("default").options);
    expect(description).toContain("copy this file");
    expect(options).toEqual(resolvePipelineOptions());
  });

  it("the default review threshold is validate's", () => {
    expect(DEFAULT_REVIEW_THRESHOLD).toBe(REVIEW_THRESHOLD);
  });

  it("the default templates are the built-in ones", () => {
    expect([...DEFAULT_TEMPLATES]).toEqual(DEFAULT_TEMPLATE_IDS);
  });

  it("a name is a bundled pipeline, anything else a path", () => {
    expect(loadPipeline("scans-native").options.ocr?.engine).toBe("tesseract");
    const own = join(dir, "mine.json");
    writeFileSync(own, JSON.stringify({ limits: { maxBytes: "1k" } }));
    expect(resolvePipelineOptions(loadPipeline(own).options).limits.maxBytes).toBe(1024);
  });
});

describe("a bad pipeline file", () => {
  it("names the file and each bad field", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ocr: { engine: "abbyy" }, limits: { maxBytes: "lots" }, reviewTreshold: 0.5 }));
    let caught: unknown;
    try {
      loadPipeline(bad);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PipelineFileError);
    const msg = (caught as Error).message;
    expect(msg).toContain(bad);
    expect(msg).toContain("ocr.engine");
    expect(msg).toContain("limits.maxBytes");
    expect(msg).toContain('expected a size such as 500k, 20MiB or 1GB, got "lots"');
    expect(msg).toContain("reviewTreshold: unknown field");
  });

  it("is exit 2 from the CLI with one line naming file and field, and no output written", async () => {
    const bad = join(dir, "bad-threshold.json");
    writeFileSync(bad, JSON.stringify({ review: { threshold: 7 } }));
    const out = join(dir, "out-bad");
    const r = await cli("extract", textReport(), "--out", out, "--pipeline", bad, "-q");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`pipeline ${bad}: review.threshold:`);
    expect(r.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });

  it("worker --pipeline checks its file first too (exit 2, before Redis is tried)", async () => {
    const bad = join(dir, "bad-worker.json");
    writeFileSync(bad, JSON.stringify({ ocr: { workers: 0 } }));
    const r = await cli("worker", "--redis", "redis://127.0.0.1:1", "--pipeline", bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`pipeline ${bad}: ocr.workers:`);
  });

  it("a name that is no bundled pipeline nor a file lists the bundled ones", async () => {
    const r = await cli("extract", textReport(), "--out", join(dir, "out-none"), "--pipeline", "no-such-pipeline");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("default, large-archive, scans-native");
    expect(existsSync(join(dir, "out-none"))).toBe(false);
  });

  it("not JSON", () => {
    const bad = join(dir, "not.json");
    writeFileSync(bad, "{ limits: ");
    expect(() => loadPipeline(bad)).toThrow(`pipeline ${bad}: not valid JSON`);
  });
});

describe("--pipeline reaches the run", () => {
  const tiny = join(dir, "tiny.json");
  writeFileSync(tiny, JSON.stringify({ limits: { maxBytes: 100 } }));

  it("a tiny maxBytes from the file refuses a text report with too_large", async () => {
    const out = join(dir, "out-tiny");
    const r = await cli("extract", textReport(), "--out", out, "--pipeline", tiny, "-q");
    expect(r.code).toBe(1);
    const manifest = readFileSync(join(out, "manifest.jsonl"), "utf8");
    expect(manifest).toContain('"code":"too_large"');
    expect(manifest).toContain("over the 100B limit for a text report");
  });

  it("--max-bytes on the command line overrides the file", async () => {
    const out = join(dir, "out-override");
    const r = await cli("extract", textReport(), "--out", out, "--pipeline", tiny, "--max-bytes", "1M", "-q");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^1 read, 0 failed/);
  });

  it("the run reports the options it used: the file's OCR engine, a flag over it", async () => {
    const a = await runBatch([textReport()], { outDir: join(dir, "out-ocr1"), executor: "inline", pipeline: loadPipeline("scans-native").options });
    expect(a.options.ocr.engine).toBe("tesseract");
    expect(a.options.timeoutSeconds).toBe(600);
    const b = await runBatch([textReport()], { outDir: join(dir, "out-ocr2"), executor: "inline", pipeline: loadPipeline("scans-native").options, ocrEngine: "tesseract.js", ocrWorkers: 1 });
    expect(b.options.ocr).toEqual({ engine: "tesseract.js", workers: 1, dpi: DEFAULT_OCR_DPI });
  });

  it("the review threshold decides needs_review: 1 sends every value to review, 0 only the flagged ones", async () => {
    const path = textReport();
    const all = await runBatch([path], { outDir: join(dir, "out-r1"), executor: "inline", pipeline: { review: { threshold: 1 } } });
    const none = await runBatch([path], { outDir: join(dir, "out-r0"), executor: "inline", pipeline: { review: { threshold: 0 } } });
    expect(all.ok + none.ok).toBe(2);
    const cells = (out: string) => {
      const f = readdirSync(join(out, "reports"))[0]!;
      return (JSON.parse(readFileSync(join(out, "reports", f), "utf8")) as { cells: { confidence: number; needs_review: boolean }[] }).cells;
    };
    const c1 = cells(join(dir, "out-r1"));
    expect(c1.filter((c) => c.confidence < 1).every((c) => c.needs_review)).toBe(true);
    const c0 = cells(join(dir, "out-r0"));
    expect(c0.filter((c) => c.needs_review).length).toBeLessThanOrEqual(c1.filter((c) => c.needs_review).length);
  });
});

describe("ocr.dpi: the resolution scanned PDF pages are rendered at for OCR", () => {
  it("defaults to the reader's render resolution, so that records do not change", () => {
    expect(DEFAULT_OCR_DPI).toBe(RENDER_DPI);
    expect(resolvePipelineOptions().ocr.dpi).toBe(RENDER_DPI);
    expect(resolvePipelineOptions(loadPipeline("scans-native").options).ocr.dpi).toBe(RENDER_DPI);
  });

  it.each([50, 99, 601, 150.5, "300", null])("%s is refused, naming the field and the bounds", (dpi) => {
    const message = /ocr\.dpi: must be a whole number of dots per inch from 100 to 600, got/;
    expect(() => resolvePipelineOptions({ ocr: { dpi: dpi as number } })).toThrow(message);
    const file = join(dir, "bad-dpi.json");
    expect(() => parsePipelineFile(file, JSON.stringify({ ocr: { dpi } }))).toThrow(PipelineFileError);
    expect(() => parsePipelineFile(file, JSON.stringify({ ocr: { dpi } }))).toThrow(message);
  });

  it("a bad ocr.dpi in a pipeline file stops extract (exit 2) naming the file and the field", async () => {
    const file = join(dir, "dpi-too-high.json");
    writeFileSync(file, JSON.stringify({ ocr: { dpi: 1200 } }));
    const r = await cli("extract", textReport(), "--out", join(dir, "out-dpi-bad"), "--pipeline", file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/ocr\.dpi: must be a whole number of dots per inch from 100 to 600, got 1200/);
    expect(existsSync(join(dir, "out-dpi-bad", "manifest.jsonl"))).toBe(false);
  });

  it("reaches the render: a scanned PDF's page is rendered at the pipeline's dpi, its pixels in proportion", async () => {
    const { pdf } = await generatePdfReport(Rng.forItem(4300, 1), { index: 1, layout: { borders: "grid", orientation: "portrait" } });
    const scan = { dpi: 200, skewDegrees: 0.5, blur: 0, noise: 4, inkLevel: 20, paperLevel: 245, jpegQuality: null };
    const scanned = join(dir, "scanned.pdf");
    writeFileSync(scanned, await packScan((await scanPages(pdf, scan, new Rng(1))).slice(0, 1), scan, "pdf"));
    const rendered = async (dpi: number | undefined) => {
      renders.seen = [];
      renders.stop = true;
      try {
        const pipeline = dpi === undefined ? {} : { ocr: { dpi } };
        // The inline executor: the run's own module graph, where the render is observed.
        const run = await runBatch([scanned], { outDir: join(dir, `out-dpi-${dpi ?? "default"}`), executor: "inline", pipeline, force: true });
        expect(run.failed).toBe(1);
        expect(run.options.ocr.dpi).toBe(dpi ?? DEFAULT_OCR_DPI);
      } finally {
        renders.stop = false;
      }
      expect(renders.seen.length).toBe(1);
      return renders.seen[0]!;
    };
    const low = await rendered(150);
    const byDefault = await rendered(undefined);
    const high = await rendered(300);
    expect([low.dpi, byDefault.dpi, high.dpi]).toEqual([150, RENDER_DPI, 300]);
    // Pixels scale with the resolution (± a pixel of rounding), on both axes.
    for (const [a, b] of [[low, high], [byDefault, high]] as const) {
      expect(Math.abs(a.width * (b.dpi / a.dpi) - b.width)).toBeLessThanOrEqual(2);
      expect(Math.abs(a.height * (b.dpi / a.dpi) - b.height)).toBeLessThanOrEqual(2);
    }
    expect(high.width).toBeGreaterThan(low.width * 1.9);
    // The library's own settings take it too.
    expect(ocrSettings({ dpi: 150 }).dpi).toBe(150);
    expect(() => ocrSettings({ dpi: 0 })).toThrow(/ocr\.dpi/);
  }, 120_000);
});

describe("the review threshold is applied where validate decides each cell", () => {
  const reviewFlag = (flags: readonly string[]): boolean => flags.some((f) => FLAG_CODES[f as FlagCode].review);
  const inputs = [
    ...Array.from({ length: 6 }, (_, i) => generateReport(Rng.forItem(8100, i), { index: i, formats: ["2021", "2019", "hybrid"], damage: DAMAGE_KINDS, damageRate: 0.7 })),
    ...Array.from({ length: 3 }, (_, i) => generateLegacyReport(Rng.forItem(8200, i), { index: i })),
  ];

  it.each([0, 0.7, 0.9, 1])("at %s: needs_review = confidence below it, or a review flag (tables and pre-2019 indicators)", (threshold) => {
    let below = 0;
    for (const r of inputs) {
      const record = extractFromBytes(`${r.id}.txt`, Buffer.from(r.text, "utf8"), { reviewThreshold: threshold });
      for (const c of record.cells) {
        expect(c.needs_review, `${r.id} ${c.key} (${c.confidence}, ${c.flags.join(",")})`).toBe(c.confidence < threshold || reviewFlag(c.flags));
        if (c.confidence < threshold && !reviewFlag(c.flags)) below++;
      }
    }
    // Over 0.7 some cells go to review by the threshold alone (at 0.7 every doubtful signal also
    // carries a review flag, validate/confidence.ts).
    if (threshold >= 0.9) expect(below).toBeGreaterThan(0);
  });

  it("the default is validate's threshold", () => {
    const r = inputs[0]!;
    const bytes = Buffer.from(r.text, "utf8");
    expect(extractFromBytes("a.txt", bytes).cells).toEqual(extractFromBytes("a.txt", bytes, { reviewThreshold: REVIEW_THRESHOLD }).cells);
  });
});

describe("match.labelCutoff: how similar a row label must be to be taken", () => {
  it("defaults to 0.75 and refuses values outside 0.5–1, naming the field", () => {
    expect(resolvePipelineOptions().match.labelCutoff).toBe(0.75);
    expect(() => resolvePipelineOptions({ match: { labelCutoff: 0.3 } })).toThrow(/match\.labelCutoff/);
    expect(() => resolvePipelineOptions({ match: { labelCutoff: 1.2 } })).toThrow(/match\.labelCutoff/);
  });

  it("reaches the matcher: at 1 no misprinted label is taken, at the default some are", () => {
    const reports = Array.from({ length: 12 }, (_, i) => generateReport(Rng.forItem(8300, i), { index: i, formats: ["2021", "2019"], damage: ["misprints"], damageRate: 1 }));
    const fuzzy = (cutoff?: number): number =>
      reports.reduce((n, r) => {
        const record = extractFromBytes(`${r.id}.txt`, Buffer.from(r.text, "utf8"), cutoff === undefined ? {} : { labelCutoff: cutoff });
        return n + record.cells.filter((c) => c.flags.includes("label_fuzzy")).length;
      }, 0);
    expect(fuzzy()).toBeGreaterThan(0);
    expect(fuzzy(1)).toBe(0);
    expect(fuzzy(0.75)).toBe(fuzzy());
  });
});
