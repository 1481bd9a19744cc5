/**
 * Golden records: a few documents run through the whole pipeline, and what a user of the data sees
 * of each — per cell its value, status, confidence (3 decimals), flags and needs_review; per record
 * its metadata, status, warnings and failed rules — compared with tests/golden/<case>.json. A change
 * on any cell fails with one line per difference (`key field: before → after`).
 *
 * The inputs are built here by the project's generator with fixed seeds (clean text, damaged text,
 * a crawled page, a 2019-format report) plus the bundled corpus report. Public documents
 * (../shared/real) are never used: neither they nor a snapshot of their values belong in the
 * repository. Timings, paths, hashes, versions and dates are left out.
 *
 * After an intended change, rewrite the files and review the diff before committing:
 *
 *   UPDATE_GOLDEN=1 npx vitest run tests/golden.test.ts
 *
 * (refused when CI is set: a CI run must compare, never regenerate).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DAMAGE_KINDS, Rng, generateReport } from "../tools/generate/index.js";
import { generatePageReport } from "../tools/generate/page/index.js";
import { extractFromBytes } from "../src/pipeline/run-document.js";
import type { ReportRecord } from "../src/model/index.js";

const GOLDEN = fileURLToPath(new URL("./golden/", import.meta.url));
const SEED = fileURLToPath(new URL("../corpus/000_10edc68f72ccfcee.txt", import.meta.url));
const UPDATE = process.env["UPDATE_GOLDEN"] === "1";

interface GoldenCell {
  value: number | null;
  status: string;
  confidence: number;
  flags: string[];
  needs_review: boolean;
}

interface Golden {
  case: string;
  report: { agency: string | null; year: number | null; template: string | null; tables: Record<string, string> };
  status: string;
  warnings: string[];
  failed_checks: string[];
  cells: Record<string, GoldenCell>;
}

/** Each case: a name (the file's) and its input text, built deterministically. */
const CASES: { name: string; why: string; input: () => { file: string; text: string } }[] = [
  {
    name: "clean-2021-tab",
    why: "an undamaged 2021-format report as scraped web text: every cell read, none for review",
    input: () => {
      const r = generateReport(Rng.forItem(7001, 0), { index: 0, formats: ["2021"], damage: [], damageRate: 0, style: "tab" });
      return { file: `${r.id}.txt`, text: r.text };
    },
  },
  {
    name: "damaged-2021-layout",
    why: "every text damage kind at once (lost cells, split labels, misprints, footers …): flags, inferred and repaired cells",
    input: () => {
      const r = generateReport(Rng.forItem(7002, 3), { index: 3, formats: ["2021", "hybrid"], damage: DAMAGE_KINDS, damageRate: 1, style: "layout" });
      return { file: `${r.id}.txt`, text: r.text };
    },
  },
  {
    name: "crawled-page",
    why: "a crawled web page: tags stripped with no separator, digit runs split by the rules, totals printed 0 (failed rules)",
    input: () => {
      const p = generatePageReport(Rng.forItem(7003, 3), { index: 3, formats: ["2021"], damage: ["blank_zeros", "totals_zero", "label_typos", "site_chrome"], damageRate: 1 });
      return { file: p.file, text: p.text };
    },
  },
  {
    name: "format-2019-raw",
    why: "a 2019-format report in pdftotext reading order, with some damage",
    input: () => {
      const r = generateReport(Rng.forItem(7004, 2), { index: 2, formats: ["2019"], damage: ["reading_order", "lost_cells", "split_labels"], damageRate: 1, style: "raw" });
      return { file: `${r.id}.txt`, text: r.text };
    },
  },
  {
    name: "corpus-seed",
    why: "the bundled corpus report (corpus/000_…txt): every value 0, 14 rows that lost a number",
    input: () => ({ file: "000_10edc68f72ccfcee.txt", text: readFileSync(SEED, "utf8") }),
  },
];

/** The parts of a record that matter to a user of the data, with nothing that varies run to run. */
function goldenOf(name: string, r: ReportRecord): Golden {
  return {
    case: name,
    report: { agency: r.report.agency, year: r.report.year, template: r.report.template, tables: r.report.tables },
    status: r.status ?? "complete",
    warnings: r.warnings,
    failed_checks: r.checks.filter((c) => !c.ok).map((c) => c.rule),
    cells: Object.fromEntries(
      r.cells.map((c) => [c.key, { value: c.value, status: c.status, confidence: round3(c.confidence), flags: [...c.flags].sort(), needs_review: c.needs_review }]),
    ),
  };
}

/** JSON with one cell per line, so that a changed cell is one changed line in `git diff`. */
function serialize(g: Golden): string {
  const head = JSON.stringify({ ...g, cells: undefined }, null, 2).replace(/\n}$/, "");
  const cells = Object.entries(g.cells).map(([k, c]) => `    ${JSON.stringify(k)}: ${JSON.stringify(c)}`);
  return `${head},\n  "cells": {\n${cells.join(",\n")}\n  }\n}\n`;
}

/** One line per difference: `key field: before → after`; a cell only on one side says so. */
function goldenDiff(before: Golden, after: Golden): string[] {
  const out: string[] = [];
  const show = (v: unknown): string => JSON.stringify(v);
  for (const field of ["report", "status", "warnings", "failed_checks"] as const) {
    if (show(before[field]) !== show(after[field])) out.push(`${field}: ${show(before[field])} → ${show(after[field])}`);
  }
  for (const key of new Set([...Object.keys(before.cells), ...Object.keys(after.cells)])) {
    const b = before.cells[key];
    const a = after.cells[key];
    if (!b || !a) {
      out.push(`${key}: ${b ? show(b) : "(absent)"} → ${a ? show(a) : "(absent)"}`);
      continue;
    }
    for (const f of ["value", "status", "confidence", "flags", "needs_review"] as const) {
      if (show(b[f]) !== show(a[f])) out.push(`${key} ${f}: ${show(b[f])} → ${show(a[f])}`);
    }
  }
  return out;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

describe("golden records", () => {
  it("UPDATE_GOLDEN is off in CI", () => {
    expect(UPDATE && process.env["CI"] !== undefined && process.env["CI"] !== "" && process.env["CI"] !== "false").toBe(false);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", (name, c) => {
    const { file, text } = c.input();
    const actual = goldenOf(name, extractFromBytes(file, Buffer.from(text, "utf8")));
    const path = `${GOLDEN}${name}.json`;
    if (UPDATE) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(path, serialize(actual));
      return;
    }
    expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npx vitest run tests/golden.test.ts`).toBe(true);
    const expected = JSON.parse(readFileSync(path, "utf8")) as Golden;
    expect(goldenDiff(expected, actual), `${name} (${c.why}) differs from ${path}`).toEqual([]);
  });
});

describe("the golden cases cover what they are named for", () => {
  const load = (name: string): Golden => JSON.parse(readFileSync(`${GOLDEN}${name}.json`, "utf8")) as Golden;

  it("the clean report has no flag and nothing for review; the damaged ones have both", () => {
    const clean = Object.values(load("clean-2021-tab").cells);
    expect(clean.filter((c) => c.flags.length > 0 || c.needs_review)).toEqual([]);
    for (const name of ["damaged-2021-layout", "crawled-page", "format-2019-raw"]) {
      const cells = Object.values(load(name).cells);
      expect(cells.some((c) => c.flags.length > 0), name).toBe(true);
      expect(cells.some((c) => c.status !== "read"), name).toBe(true);
    }
  });

  it("the 2019 case is read with the 2019 template, the others with 2021", () => {
    expect(load("format-2019-raw").report.template).toBe("gov-info-2019");
    for (const name of ["clean-2021-tab", "crawled-page", "corpus-seed"]) expect(load(name).report.template).toBe("gov-info-2021");
  });

  it("a changed flag or confidence is reported as `key field: before → after`", () => {
    const g = load("clean-2021-tab");
    const key = Object.keys(g.cells)[0]!;
    const changed: Golden = { ...g, cells: { ...g.cells, [key]: { ...g.cells[key]!, confidence: 0.5, flags: ["ambiguous"] } } };
    expect(goldenDiff(g, changed)).toEqual([`${key} confidence: ${g.cells[key]!.confidence} → 0.5`, `${key} flags: [] → ["ambiguous"]`]);
  });
});
