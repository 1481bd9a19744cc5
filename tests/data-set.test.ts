/**
 * The output folder describes itself (issue 13): datapackage.json valid against the published
 * Frictionless profiles (shipped in the `datapackage` and `tableschema` npm packages, v1 specs) and
 * every CSV valid against its own Table Schema; keys.csv from the templates; the normalized agency
 * beside the printed one; inputs not read in failures.csv and SQLite; nianbao.xlsx typed.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import Database from "better-sqlite3";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataPackage, Field } from "../src/emit/index.js";
import { runBatch, type BatchSummary } from "../src/pipeline/batch.js";
import { PANEL_KEYS } from "../src/pipeline/panel.js";
import { csvRows } from "./helpers/csv.js";

const require = createRequire(import.meta.url);
const profile = (pkg: string, name: string): object => require(`${pkg}/lib/profiles/${name}.json`) as object;

/** ajv for the draft-04 profiles, with their formats checked (textarea is an editor hint of the profiles, not a format). */
function validator(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat("textarea", true);
  return ajv;
}

const GEN = join(import.meta.dirname, "..", "corpus", "generated");
const GOLD = join(import.meta.dirname, "..", "corpus-gold");
const PRINTED = "尤溪县高良涧镇人民政府";
const VARIANT = "尤溪县高良涧镇政府";

let root: string;
let outDir: string;
let summary: BatchSummary;
let pkg: DataPackage;
const csv: Record<string, Record<string, string>[]> = {};
let gold: { agency: string; year: number; cells: Record<string, number | null> };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-dataset-"));
  const inDir = join(root, "in");
  outDir = join(root, "out");
  await mkdir(inDir);
  await copyFile(join(GEN, "syn00001_93459c28.txt"), join(inDir, "a.txt"));
  await copyFile(join(GEN, "syn00002_4b5a8c2b.txt"), join(inDir, "b.txt"));
  // The same agency written another way (政府 for 人民政府): one series in every table.
  const text = await readFile(join(GEN, "syn00001_93459c28.txt"), "utf8");
  await writeFile(join(inDir, "c.txt"), text.replaceAll(PRINTED, VARIANT).replace("2019", "2020"));
  // Structured data beside the reports: a gold file (also renamed) and a CSV export.
  await copyFile(join(GOLD, "syn00001_93459c28.json"), join(inDir, "syn00001.json"));
  await copyFile(join(GOLD, "syn00002_4b5a8c2b.json"), join(inDir, "gold-renamed.txt"));
  await writeFile(join(inDir, "export.csv"), "key,value\nt3.total.total,5\n");
  gold = JSON.parse(await readFile(join(GOLD, "syn00001_93459c28.json"), "utf8")) as typeof gold;
  summary = await runBatch([inDir, join(root, "missing.pdf")], { outDir });
  pkg = JSON.parse(await readFile(join(outDir, "datapackage.json"), "utf8")) as DataPackage;
  for (const r of pkg.resources) csv[r.name] = await csvRows(await readFile(join(outDir, r.path), "utf8"));
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A CSV text cell against its Table Schema field (v1: empty is missing; booleans true/false). */
function fieldProblem(text: string, f: Field): string | null {
  if (text === "") return f.constraints?.required ? "required" : null;
  let v: string | number | boolean = text;
  if (f.type === "integer") {
    if (!/^-?\d+$/.test(text)) return "not an integer";
    v = Number(text);
  } else if (f.type === "number") {
    if (!Number.isFinite(Number(text)) || text.trim() !== text) return "not a number";
    v = Number(text);
  } else if (f.type === "boolean") {
    if (text !== "true" && text !== "false") return "not a boolean";
  } else if (f.type === "datetime") {
    if (Number.isNaN(Date.parse(text)) || !/^\d{4}-\d\d-\d\dT/.test(text)) return "not a datetime";
  }
  const c = f.constraints ?? {};
  if (c.enum && !c.enum.includes(text)) return `not one of ${c.enum.join(", ")}`;
  if (c.minimum !== undefined && typeof v === "number" && v < c.minimum) return `below ${c.minimum}`;
  if (c.maximum !== undefined && typeof v === "number" && v > c.maximum) return `above ${c.maximum}`;
  return null;
}

describe("datapackage.json", () => {
  it("is a valid Tabular Data Package, each resource schema a valid Table Schema", () => {
    const ajv = validator();
    const validPackage = ajv.compile(profile("datapackage", "tabular-data-package"));
    expect(validPackage(pkg), JSON.stringify(validPackage.errors?.slice(0, 3))).toBe(true);
    const validResource = ajv.compile(profile("datapackage", "tabular-data-resource"));
    const validSchema = ajv.compile(profile("tableschema", "table-schema"));
    for (const r of pkg.resources) {
      expect(validResource(r), `${r.name}: ${JSON.stringify(validResource.errors?.slice(0, 3))}`).toBe(true);
      expect(validSchema(r.schema), `${r.name}: ${JSON.stringify(validSchema.errors?.slice(0, 3))}`).toBe(true);
    }
    expect(pkg.resources.map((r) => r.path).sort()).toEqual(["cells.csv", "failures.csv", "keys.csv", "panel.csv", "reports.csv", "review-queue.csv"]);
  });

  it("the validator rejects a broken descriptor (the check can fail)", () => {
    const ajv = validator();
    const validSchema = ajv.compile(profile("tableschema", "table-schema"));
    const broken = { ...pkg.resources[0]!.schema, fields: [{ name: "x", type: "decimal" }] };
    expect(validSchema(broken)).toBe(false);
  });

  it("every CSV matches its own schema: header, types, required, enums, ranges, keys", () => {
    for (const r of pkg.resources) {
      const rows = csv[r.name]!;
      const header = Object.keys(rows[0] ?? {});
      if (rows.length > 0) expect(header, r.name).toEqual(r.schema.fields.map((f) => f.name));
      const problems: string[] = [];
      for (const [i, row] of rows.entries()) {
        for (const f of r.schema.fields) {
          const p = fieldProblem(row[f.name] ?? "", f);
          if (p) problems.push(`${r.path} row ${i + 2} ${f.name}="${row[f.name]}": ${p}`);
        }
      }
      expect(problems.slice(0, 5), r.name).toEqual([]);
      if (r.schema.primaryKey) {
        const ids = rows.map((row) => r.schema.primaryKey!.map((k) => row[k]).join("\u0000"));
        expect(new Set(ids).size, `${r.name} primary key`).toBe(ids.length);
      }
      for (const fk of r.schema.foreignKeys ?? []) {
        const target = new Set(csv[fk.reference.resource]!.map((row) => row[fk.reference.fields[0]!]));
        const dangling = rows.map((row) => row[fk.fields[0]!]!).filter((v) => !target.has(v));
        expect(dangling, `${r.name}.${fk.fields[0]} → ${fk.reference.resource}`).toEqual([]);
      }
    }
    expect(csv["cells"]!.length).toBeGreaterThan(300);
  });
});

describe("keys.csv", () => {
  it("lists every panel key with English labels, units and templates from the template data", () => {
    const keys = new Map(csv["keys"]!.map((k) => [k.key, k]));
    for (const k of PANEL_KEYS) expect(keys.has(k), k).toBe(true);
    expect([...keys.values()].filter((k) => !k.label_en || k.label_en === k.key)).toEqual([]);
    expect(keys.get("t2.fees.amount")).toMatchObject({ unit: "万元", kind: "amount", templates: "gov-info-2021" });
    expect(keys.get("t3.denied.state_secret.natural_person")).toMatchObject({ label_zh: "1.属于国家秘密｜自然人", templates: "gov-info-2021|gov-info-2019" });
    expect(keys.get("t2.other_services.change")?.kind).toBe("signed_count");
    expect(keys.get("legacy.fees.amount")?.unit).toBe("万元");
  });
});

describe("agency, normalized beside the printed one", () => {
  it("cells.csv, reports.csv and SQLite documents carry the panel's name", () => {
    const variant = csv["reports"]!.find((r) => r.agency === VARIANT);
    expect(variant?.agency_normalized).toBe(PRINTED);
    const panelAgencies = new Set(csv["panel"]!.map((r) => r.agency));
    expect(panelAgencies.has(PRINTED)).toBe(true);
    expect(panelAgencies.has(VARIANT)).toBe(false);
    const cellsOfVariant = csv["cells"]!.filter((c) => c.document === variant!.id);
    expect(cellsOfVariant.length).toBeGreaterThan(0);
    expect(new Set(cellsOfVariant.map((c) => `${c.agency}→${c.agency_normalized}`))).toEqual(new Set([`${VARIANT}→${PRINTED}`]));
    // One series: both years of the agency under one normalized name.
    const years = csv["panel"]!.filter((r) => r.agency === PRINTED).map((r) => r.year).sort();
    expect(years).toEqual(["2019", "2020"]);
    const db = new Database(join(outDir, "nianbao.sqlite"), { readonly: true });
    try {
      expect(db.prepare("SELECT agency_normalized FROM documents WHERE agency = ?").get(VARIANT)).toEqual({ agency_normalized: PRINTED });
    } finally {
      db.close();
    }
  });
});

describe("inputs not read", () => {
  it("structured data is skipped with its code, a missing path fails; failures.csv and SQLite list them", async () => {
    expect(summary).toMatchObject({ ok: 3, failed: 1, refused: 3 });
    const failures = csv["failures"]!;
    const byName = new Map(failures.map((f) => [f.path.split("/").pop(), f]));
    expect(byName.get("syn00001.json")).toMatchObject({ status: "skipped", code: "structured_data" });
    expect(byName.get("gold-renamed.txt")).toMatchObject({ status: "skipped", code: "structured_data" });
    expect(byName.get("gold-renamed.txt")!.message).toContain("JSON data, not a report");
    expect(byName.get("export.csv")).toMatchObject({ status: "skipped", code: "structured_data" });
    expect(byName.get("missing.pdf")).toMatchObject({ status: "failed", code: "unreadable" });
    expect(failures).toHaveLength(4);
    // No record was made of the gold file.
    expect(csv["reports"]!.map((r) => r.path.split("/").pop()).sort()).toEqual(["a.txt", "b.txt", "c.txt"]);
    const db = new Database(join(outDir, "nianbao.sqlite"), { readonly: true });
    try {
      expect(db.prepare("SELECT code, count(*) AS n FROM failures GROUP BY code ORDER BY code").all()).toEqual([
        { code: "structured_data", n: 3 },
        { code: "unreadable", n: 1 },
      ]);
      expect((db.prepare("SELECT count(*) AS n FROM keys").get() as { n: number }).n).toBe(csv["keys"]!.length);
    } finally {
      db.close();
    }
  });
});

describe("nianbao.xlsx", () => {
  it("has the five sheets, frozen headers, and values as numbers", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(outDir, "nianbao.xlsx"));
    // The cells sheet first (a big run streams it while cells.csv is written); it opens on the panel.
    expect(book.worksheets.map((s) => s.name)).toEqual(["cells", "panel", "review queue", "failures", "codebook"]);
    expect(book.worksheets[book.views[0]?.activeTab ?? -1]?.name).toBe("panel");
    const panel = book.getWorksheet("panel")!;
    expect(panel.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const header = (panel.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 2)).toEqual(["agency", "year"]);
    // A known value: the gold file of the report in the panel row of its agency and year.
    const key = "t2.other_services.change";
    expect(gold.cells[key]).toBe(41);
    const col = header.indexOf(key) + 1;
    let found: unknown;
    panel.eachRow((row, n) => {
      if (n > 1 && row.getCell(1).value === gold.agency && row.getCell(2).value === gold.year) found = row.getCell(col).value;
    });
    expect(found).toBe(41);
    expect(typeof found).toBe("number");
    const cells = book.getWorksheet("cells")!;
    expect(cells.rowCount - 1).toBe(csv["cells"]!.length);
    const cellHeader = (cells.getRow(1).values as unknown[]).slice(1);
    const row2 = cells.getRow(2);
    expect(typeof row2.getCell(cellHeader.indexOf("year") + 1).value).toBe("number");
    expect(typeof row2.getCell(cellHeader.indexOf("needs_review") + 1).value).toBe("boolean");
    expect(book.getWorksheet("failures")!.rowCount - 1).toBe(4);
    expect((cells.getColumn(cellHeader.indexOf("label_zh") + 1).width ?? 0)).toBeGreaterThan(10);
  });
});
