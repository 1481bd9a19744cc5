/**
 * nianbao.xlsx written in its own thread (issue 14): a run of 100 documents or more streams the
 * cells sheet from cells.csv while that file is still being written, and the workbook must be the
 * one the main thread writes from the finished files — every sheet, row, value type and column
 * width — opening on the panel. Real exceljs, a real worker thread (the compiled one in dist/).
 */
import { appendFileSync, readFileSync, readdirSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataPackage } from "../src/emit/index.js";
import { WorkbookThread, releaseWarmWorkbookThread, warmWorkbookThread } from "../src/emit/xlsx-link.js";
import { XLSX_SHEETS, writeXlsx, type XlsxSource } from "../src/emit/xlsx.js";
import { runBatch } from "../src/pipeline/batch.js";
import { writePanelInputs } from "./helpers/panel.js";

let root: string;
let outDir: string;
let sources: XlsxSource[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nianbao-workbook-thread-"));
  const inDir = join(root, "in");
  outDir = join(root, "out");
  await mkdir(inDir);
  // 34 agencies × 3 years: over the 100 documents from which the workbook gets its thread.
  await writePanelInputs(inDir, { seed: 11, agencies: 34, years: 3, breaksPerKind: 2 });
  const summary = await runBatch([inDir], { outDir, executor: "inline" });
  expect(summary).toMatchObject({ ok: 102, failed: 0 });
  const pkg = JSON.parse(await readFile(join(outDir, "datapackage.json"), "utf8")) as DataPackage;
  sources = pkg.resources.filter((r) => r.path.endsWith(".csv")).map((resource) => ({ resource, csvPath: join(outDir, resource.path) }));
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Files under `dir` this process holds open (its threads share the descriptors). */
function openUnder(dir: string): string[] {
  return readdirSync("/proc/self/fd").flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(`${dir}/`) ? [target] : [];
    } catch {
      return [];
    }
  });
}

interface SheetText {
  rows: string[];
  widths: (number | undefined)[];
  frozen: boolean;
}

async function readBook(path: string): Promise<{ names: string[]; activeTab: number | undefined; sheets: Map<string, SheetText> }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheets = new Map<string, SheetText>();
  for (const s of book.worksheets) {
    const rows: string[] = [];
    s.eachRow((row) => rows.push(JSON.stringify(row.values)));
    sheets.set(s.name, { rows, widths: s.columns.map((c) => c.width), frozen: s.views[0]?.state === "frozen" });
  }
  return { names: book.worksheets.map((s) => s.name), activeTab: book.views?.[0]?.activeTab, sheets };
}

describe("the workbook's thread", () => {
  it("writes, in a run of 102 reports, the workbook the main thread writes from the finished CSV files", async () => {
    const threaded = await readBook(join(outDir, "nianbao.xlsx"));
    const reference = join(root, "reference.xlsx");
    await writeXlsx(reference, sources);
    const inThread = await readBook(reference);
    expect(threaded.names).toEqual(XLSX_SHEETS.map(([name]) => name));
    expect(threaded.names).toEqual(inThread.names);
    // It opens on the panel, though the cells sheet comes first.
    expect(threaded.names[threaded.activeTab ?? -1]).toBe("panel");
    const cells = threaded.sheets.get("cells")!;
    // Every value of cells.csv, header included (the CSV has a BOM'd header line and one line per value).
    const csvLines = readFileSync(join(outDir, "cells.csv"), "utf8").trimEnd().split("\n").length;
    expect(cells.rows.length).toBe(csvLines);
    expect(cells.rows.length).toBeGreaterThan(102 * 150);
    for (const [name, sheet] of inThread.sheets) {
      const got = threaded.sheets.get(name)!;
      expect(got.rows, name).toEqual(sheet.rows);
      expect(got.widths, name).toEqual(sheet.widths);
      expect(got.frozen, name).toBe(true);
    }
    // Values typed as their fields say: a value is a number, needs_review a boolean.
    const header = JSON.parse(cells.rows[0]!) as unknown[];
    const first = JSON.parse(cells.rows[1]!) as unknown[];
    expect(typeof first[header.indexOf("confidence")]).toBe("number");
    expect(typeof first[header.indexOf("needs_review")]).toBe("boolean");
  }, 60_000);

  it("streams the cells sheet from a file told to it piece by piece as it grows", async () => {
    const cells = sources.find((s) => s.resource.path === "cells.csv")!;
    const text = readFileSync(cells.csvPath);
    const growing = join(root, "growing-cells.csv");
    writeFileSync(growing, "");
    const path = join(root, "growing.xlsx");
    const thread = WorkbookThread.start({ path, cells: { resource: cells.resource, csvPath: growing }, limit: 1_048_575 });
    expect(thread).not.toBeNull();
    // Pieces that cut through rows, quoted fields and multi-byte characters.
    let at = 0;
    for (const step of [1, 7, 4093, 65_536, 1 << 20, 333_333]) {
      const end = Math.min(text.length, at + step);
      appendFileSync(growing, text.subarray(at, end));
      at = end;
      thread!.grown(statSync(growing).size);
    }
    appendFileSync(growing, text.subarray(at));
    const warnings = await thread!.finish(statSync(growing).size, sources.filter((s) => s !== cells));
    expect(warnings).toEqual([]);
    const got = await readBook(path);
    const want = await readBook(join(outDir, "nianbao.xlsx"));
    expect(got.names).toEqual(want.names);
    for (const [name, sheet] of want.sheets) expect(got.sheets.get(name)!.rows, name).toEqual(sheet.rows);
  }, 60_000);

  it("is started warm before the workbook is known, then begun on it: the same workbook", async () => {
    const cells = sources.find((s) => s.resource.path === "cells.csv")!;
    const path = join(root, "warm.xlsx");
    warmWorkbookThread();
    // Its libraries load and its made-up workbook is written while nothing is asked of it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const thread = WorkbookThread.claimWarm({ path, cells, limit: 1_048_575 });
    expect(thread).not.toBeNull();
    // Claimed once: the next workbook gets no warm thread.
    expect(WorkbookThread.claimWarm({ path: join(root, "none.xlsx"), cells, limit: 10 })).toBeNull();
    thread!.grown(statSync(cells.csvPath).size);
    expect(await thread!.finish(statSync(cells.csvPath).size, sources.filter((s) => s !== cells))).toEqual([]);
    const got = await readBook(path);
    const want = await readBook(join(outDir, "nianbao.xlsx"));
    expect(got.names).toEqual(want.names);
    for (const [name, sheet] of want.sheets) {
      expect(got.sheets.get(name)!.rows, name).toEqual(sheet.rows);
      expect(got.sheets.get(name)!.widths, name).toEqual(sheet.widths);
    }
  }, 60_000);

  it("a warm thread no workbook claimed is stopped, and a one-report run writes its workbook through one", async () => {
    warmWorkbookThread();
    await releaseWarmWorkbookThread();
    expect(WorkbookThread.claimWarm({ path: join(root, "none.xlsx"), cells: sources[0]!, limit: 10 })).toBeNull();
    // One report: under the 100 documents from which a run starts a thread of its own; the batch's warm one writes it.
    const one = join(root, "one");
    await mkdir(join(one, "in"), { recursive: true });
    await writePanelInputs(join(one, "in"), { seed: 12, agencies: 1, years: 1, breaksPerKind: 0 });
    expect(await runBatch([join(one, "in")], { outDir: join(one, "out"), executor: "inline" })).toMatchObject({ ok: 1, failed: 0 });
    const pkg = JSON.parse(await readFile(join(one, "out", "datapackage.json"), "utf8")) as DataPackage;
    const reference = join(one, "reference.xlsx");
    await writeXlsx(reference, pkg.resources.filter((r) => r.path.endsWith(".csv")).map((resource) => ({ resource, csvPath: join(one, "out", resource.path) })));
    const got = await readBook(join(one, "out", "nianbao.xlsx"));
    const want = await readBook(reference);
    expect(got.names).toEqual(XLSX_SHEETS.map(([name]) => name));
    for (const [name, sheet] of want.sheets) expect(got.sheets.get(name)!.rows, name).toEqual(sheet.rows);
    expect(got.sheets.get("cells")!.rows.length).toBeGreaterThan(150);
  }, 60_000);

  it("cuts a sheet at its row limit and says so", async () => {
    const cells = sources.find((s) => s.resource.path === "cells.csv")!;
    const path = join(root, "cut.xlsx");
    const thread = WorkbookThread.start({ path, cells, limit: 1000 });
    // Told the file's size a piece at a time: reading stops mid-file once the sheet is full.
    const size = statSync(cells.csvPath).size;
    for (let at = 300_001; at < size; at += 300_001) thread!.grown(at);
    const warnings = await thread!.finish(size, []);
    expect(warnings).toEqual([`nianbao.xlsx: sheet "cells" cut at Excel's 1048575 rows; cells.csv has them all`]);
    const got = await readBook(path);
    expect(got.sheets.get("cells")!.rows).toHaveLength(1001);
  }, 60_000);

  it("leaves no file open: a finished workbook, one abandoned while it is written, and a batch's, 10 runs each", async () => {
    // exceljs resolved its commit before closing the file, and the thread was stopped then: the
    // workbook stayed open in the process now and then (a folder that could not be unmounted).
    const cells = sources.find((s) => s.resource.path === "cells.csv")!;
    const size = statSync(cells.csvPath).size;
    const dir = join(root, "fds");
    await mkdir(dir);
    for (let i = 0; i < 10; i++) {
      const done = WorkbookThread.start({ path: join(dir, `done-${i}.xlsx`), cells, limit: 1000 })!;
      await done.finish(size, []);
      const dropped = WorkbookThread.start({ path: join(dir, `dropped-${i}.xlsx`), cells, limit: 1_048_575 })!;
      dropped.grown(Math.floor(size / 2));
      await new Promise((resolve) => setTimeout(resolve, 20 * (i % 5)));
      await dropped.abandon();
      expect(openUnder(dir), `run ${i}`).toEqual([]);
    }
    const one = join(root, "fds-batch");
    await mkdir(join(one, "in"), { recursive: true });
    await writePanelInputs(join(one, "in"), { seed: 13, agencies: 1, years: 1, breaksPerKind: 0 });
    for (let i = 0; i < 10; i++) {
      await runBatch([join(one, "in")], { outDir: join(one, "out"), executor: "inline", force: true });
      expect(openUnder(join(one, "out")), `batch ${i}`).toEqual([]);
    }
  }, 120_000);

  it("reports a CSV file it cannot parse as an error naming the workbook", async () => {
    const cells = sources.find((s) => s.resource.path === "cells.csv")!;
    const bad = join(root, "bad.csv");
    await writeFile(bad, 'document,value\n"an unclosed quote,1\n');
    const thread = WorkbookThread.start({ path: join(root, "bad.xlsx"), cells: { resource: cells.resource, csvPath: bad }, limit: 10 });
    await expect(thread!.finish(statSync(bad).size, [])).rejects.toThrow(/^nianbao\.xlsx: .*quote/i);
  });
});
