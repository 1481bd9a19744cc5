/**
 * The layers of DESIGN.md, checked on every import of src/ (issue 15): a folder imports only the
 * folders below it, geometry and model are leaves, match and validate see only model, templates and
 * geometry, nothing in src/ imports the development tools, and an import into a folder that has an
 * index.ts goes through it. What does not hold yet is listed in KNOWN_EXCEPTIONS with its reason;
 * an exception that no longer occurs fails too, so the list only shrinks. The same reader prints the
 * whole graph: `node scripts/import-graph.mjs --list`.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript module without types (shared with the graph script)
import { collectImports } from "../scripts/import-graph.mjs";

interface Import {
  from: string;
  to: string;
  fromFolder: string;
  toFolder: string;
  cross: boolean;
  pastIndex: boolean;
}

const SRC = join(import.meta.dirname, "..", "src");

/** Which folders (and top-level files) of src/ each may import. `*`: any. */
const LAYERS: Record<string, readonly string[] | "*"> = {
  geometry: [],
  model: [],
  native: [],
  version: [],
  templates: ["model"],
  ocr: ["model", "geometry"],
  ingest: ["model", "geometry", "ocr", "native"],
  layout: ["model", "geometry"],
  match: ["model", "templates", "geometry"],
  validate: ["model", "templates", "geometry"],
  emit: ["model", "templates", "native", "version"],
  pipeline: ["model", "templates", "geometry", "ingest", "ocr", "layout", "match", "validate", "emit", "native", "version"],
  review: ["model", "templates", "emit", "pipeline"],
  progress: ["model", "pipeline"],
  // The composition roots: the command line and the package's entry.
  cli: "*",
  index: "*",
};

const PIPELINE_READERS = "the pipeline opens single readers and the input limits directly (page pictures for the review app, decoding, limits in worker threads): ingest/index.ts loads every reader, and keeping them apart is part of the work on load time";
const SYNC_INFLATE = "pdfjs's synchronous inflate is installed where the thread is the project's own (ingest/pdf/sync-inflate.ts) before any reader loads: ingest/index.ts loads every reader, which the command line must not at start (its fixed cost, issue 14)";
const VALIDATE_PARTS = "validate/index.ts exports the per-document check only; cross-year findings, the legacy check, format-year and the confidence thresholds are used alone by the batch (validate is being reworked on main)";

/** Imports that break a rule today, `from -> to` (files relative to src/), each with its reason. */
const KNOWN_EXCEPTIONS: Record<string, string> = {
  "index.ts -> ingest/limits.ts": "INPUT_LIMITS is public; ingest/index.ts would load every reader with it",
  "cli/index.ts -> ingest/pdf/sync-inflate.ts": SYNC_INFLATE,
  "pipeline/worker-thread.ts -> ingest/pdf/sync-inflate.ts": SYNC_INFLATE,
  "index.ts -> validate/cross-year.ts": VALIDATE_PARTS,
  "pipeline/executor.ts -> ingest/limits.ts": PIPELINE_READERS,
  "pipeline/task.ts -> emit/id.ts": "a document thread names its record by emit's recordId alone: emit/index.ts loads the SQLite and workbook writers, which a thread never uses (the fixed cost of each thread, issue 14)",
  "pipeline/run-document.ts -> ingest/backend.ts": PIPELINE_READERS,
  "pipeline/run-document.ts -> ingest/limits.ts": PIPELINE_READERS,
  "pipeline/run-document.ts -> ingest/text/index.ts": PIPELINE_READERS,
  "pipeline/source-pages.ts -> ingest/image/decode.ts": PIPELINE_READERS,
  "pipeline/source-pages.ts -> ingest/pdf/document.ts": PIPELINE_READERS,
  "pipeline/source-pages.ts -> ingest/pdf-ocr/index.ts": PIPELINE_READERS,
  "pipeline/source-pages.ts -> ingest/pdf-ocr/render.ts": PIPELINE_READERS,
  "pipeline/source-text.ts -> ingest/text/decode.ts": PIPELINE_READERS,
  "pipeline/source-text.ts -> ingest/text/run-on.ts": PIPELINE_READERS,
  "pipeline/doc-index.ts -> validate/cross-year.ts": VALIDATE_PARTS,
  "pipeline/finalize.ts -> validate/cross-year.ts": VALIDATE_PARTS,
  "pipeline/legacy-record.ts -> validate/legacy.ts": VALIDATE_PARTS,
  "pipeline/panel.ts -> validate/confidence.ts": VALIDATE_PARTS,
  "pipeline/panel.ts -> validate/cross-year.ts": VALIDATE_PARTS,
  "pipeline/run-document.ts -> validate/format-year.ts": VALIDATE_PARTS,
};

interface Violation {
  import: string;
  rule: "layer" | "past-index" | "outside-src" | "unknown-folder";
  message: string;
}

/** Every import of the tree at `root` that breaks a rule, known exceptions included (marked by the caller). */
export function layerViolations(root: string): Violation[] {
  const { imports, outside } = collectImports(root) as { imports: Import[]; outside: { from: string; to: string }[] };
  const out: Violation[] = [];
  for (const o of outside) out.push({ import: `${o.from} -> ${o.to}`, rule: "outside-src", message: `imports ${o.to}, outside src/ (the library never imports tools/ or the repository)` });
  for (const i of imports.filter((x) => x.cross)) {
    const key = `${i.from} -> ${i.to}`;
    const allowed = LAYERS[i.fromFolder];
    if (allowed === undefined) out.push({ import: key, rule: "unknown-folder", message: `src/${i.fromFolder} has no layer in tests/layers.test.ts: add it to LAYERS` });
    else if (allowed !== "*" && !allowed.includes(i.toFolder)) {
      const may = allowed.length ? allowed.join(", ") : "nothing else in src/ (a leaf)";
      out.push({ import: key, rule: "layer", message: `${i.fromFolder} may import ${may}; not ${i.toFolder}` });
    }
    if (i.pastIndex) out.push({ import: key, rule: "past-index", message: `reaches past src/${i.toFolder}/index.ts: import from "${i.toFolder}/index.js" (export it there) instead` });
  }
  return out;
}

function unexpected(violations: readonly Violation[]): string[] {
  return violations.filter((v) => !Object.hasOwn(KNOWN_EXCEPTIONS, v.import)).map((v) => `${v.import}: ${v.message}`);
}

describe("layers of src/", () => {
  it("every import keeps to the layers, apart from the known exceptions", () => {
    expect(unexpected(layerViolations(SRC))).toEqual([]);
  });

  it("every known exception still occurs (remove the ones that were fixed)", () => {
    const found = new Set(layerViolations(SRC).map((v) => v.import));
    expect(Object.keys(KNOWN_EXCEPTIONS).filter((k) => !found.has(k))).toEqual([]);
    for (const reason of Object.values(KNOWN_EXCEPTIONS)) expect(reason.length).toBeGreaterThan(20);
  });

  it("fails on planted bad imports: a leaf importing, match importing the pipeline, a reach past an index.ts, src importing tools", () => {
    const tmp = mkdtempSync(join(tmpdir(), "nianbao-layers-"));
    try {
      const root = join(tmp, "src");
      cpSync(SRC, root, { recursive: true });
      writeFileSync(join(root, "geometry", "planted.ts"), 'import type { Grid } from "../model/index.js";\nexport type G = Grid;\n');
      writeFileSync(join(root, "match", "planted.ts"), 'import { runDocument } from "../pipeline/run-document.js";\nexport const r = runDocument;\n');
      writeFileSync(join(root, "review", "planted.ts"), 'export { csvToString } from "../emit/csv.js";\n');
      writeFileSync(join(root, "emit", "planted.ts"), 'export const load = () => import("../../tools/eval/index.js");\n');
      expect(unexpected(layerViolations(root))).toEqual([
        // (the copy has no tools/ beside it, so the name stays as written)
        "emit/planted.ts -> ../tools/eval/index.js: imports ../tools/eval/index.js, outside src/ (the library never imports tools/ or the repository)",
        "geometry/planted.ts -> model/index.ts: geometry may import nothing else in src/ (a leaf); not model",
        "match/planted.ts -> pipeline/run-document.ts: match may import model, templates, geometry; not pipeline",
        'review/planted.ts -> emit/csv.ts: reaches past src/emit/index.ts: import from "emit/index.js" (export it there) instead',
      ]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
