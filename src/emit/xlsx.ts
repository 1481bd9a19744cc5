/**
 * nianbao.xlsx, for spreadsheet and dashboard users: the panel, the values, the review queue, the
 * inputs not read and the codebook as sheets, each with a frozen header row, column widths fitted to
 * the content, and every cell typed as its data-package field says (numbers as numbers, so that a
 * pivot table sums them). Written with exceljs's streaming writer from the finished CSV files, so
 * the workbook holds exactly what the CSVs hold and memory stays flat.
 */
import { createReadStream } from "node:fs";
import type { Field, Resource } from "./datapackage.js";
import { textWidth } from "./text-width.js";

/** Sheet name → data-package resource, in workbook order. */
export const XLSX_SHEETS = [
  ["panel", "panel"],
  ["cells", "cells"],
  ["review queue", "review-queue"],
  ["failures", "failures"],
  ["codebook", "keys"],
] as const;

/** Rows of one sheet in Excel (1,048,576 with the header). */
export const XLSX_MAX_ROWS = 1_048_575;
/** Rows read to fit the column widths. */
const WIDTH_SAMPLE = 200;
const MAX_WIDTH = 60;

type Value = string | number | boolean | null;

/** A CSV text cell → the value of its field's type (empty → empty cell). */
export function typedValue(text: string, type: Field["type"]): Value {
  if (text === "") return null;
  if (type === "integer" || type === "number") {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  return text;
}

function width(v: Value): number {
  return v === null ? 0 : textWidth(String(v));
}

async function* csvRows(path: string): AsyncGenerator<string[]> {
  const { parse } = await import("fast-csv");
  // The BOM is part of the file (for Excel's CSV import); the parser strips it from the first header.
  const parser = createReadStream(path).pipe(parse<string[], string[]>({ headers: false, ignoreEmpty: true }));
  let first = true;
  for await (const row of parser as AsyncIterable<string[]>) {
    if (first) {
      first = false;
      continue; // header: the sheet's columns come from the schema
    }
    yield row;
  }
}

export interface XlsxSource {
  resource: Resource;
  /** The CSV file to read (its temp name while the tables are being written). */
  csvPath: string;
}

type WorkbookWriter = typeof import("exceljs").stream.xlsx.WorkbookWriter;
let excelJs: Promise<WorkbookWriter> | undefined;

/**
 * exceljs's streaming workbook writer, loaded when a workbook is first written rather than with
 * this module (issue 14: the fixed cost of a run); the batch runner calls it early, so that the
 * loading overlaps the reading of the documents instead of adding to the tables at the end. Only
 * the writer's own module: the package's entry loads the readers and the in-memory workbook too
 * (255 → 100 ms of CPU; the writer is the same class, `ExcelJS.stream.xlsx.WorkbookWriter`).
 */
export async function loadExcelJs(): Promise<WorkbookWriter> {
  // @ts-expect-error -- a module of the package without its own type declarations; typed as the class the entry exports
  excelJs ??= import("exceljs/lib/stream/xlsx/workbook-writer.js").then((m: { default: WorkbookWriter }) => m.default);
  return excelJs;
}

function widthsOf(fields: readonly Field[], held: readonly Value[][]): number[] {
  return fields.map((f, i) => Math.min(MAX_WIDTH, Math.max(8, textWidth(f.name), ...held.map((r) => width(r[i] ?? null))) + 2));
}

/**
 * Writes the workbook to `path`. Returns warnings (a sheet cut at Excel's row limit: the CSV keeps
 * every row).
 */
export async function writeXlsx(path: string, sources: readonly XlsxSource[]): Promise<string[]> {
  const warnings: string[] = [];
  // No styles: they double the time (7.1 → 3.9 s for 300 reports' 60,000 values); the frozen
  // header row sets the header apart without them.
  const Writer = await loadExcelJs();
  const book = new Writer({ filename: path, useStyles: false, useSharedStrings: false });
  book.creator = "nianbao";
  for (const [sheetName, resourceName] of XLSX_SHEETS) {
    const src = sources.find((s) => s.resource.name === resourceName);
    if (!src) continue;
    const fields = src.resource.schema.fields;
    const sheet = book.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
    // Widths are fitted on the first rows, so those are held until the widths are known.
    const held: Value[][] = [];
    // Pulled by hand: leaving a for-await with break would close the generator.
    const rows = csvRows(src.csvPath);
    while (held.length < WIDTH_SAMPLE) {
      const next = await rows.next();
      if (next.done) break;
      held.push(fields.map((f, i) => typedValue(next.value[i] ?? "", f.type)));
    }
    const widths = widthsOf(fields, held);
    sheet.columns = fields.map((f, i) => ({ header: f.name, key: f.name, width: widths[i]! }));
    sheet.getRow(1).commit();
    let count = 0;
    const add = (values: Value[]): boolean => {
      if (count >= XLSX_MAX_ROWS) return false;
      sheet.addRow(values).commit();
      count += 1;
      return true;
    };
    let cut = false;
    for (const r of held) if (!add(r)) cut = true;
    for await (const row of rows) {
      if (!add(fields.map((f, i) => typedValue(row[i] ?? "", f.type)))) {
        cut = true;
        break;
      }
    }
    if (cut) warnings.push(`nianbao.xlsx: sheet "${sheetName}" cut at Excel's ${XLSX_MAX_ROWS} rows; ${src.resource.path} has them all`);
    sheet.commit();
  }
  await book.commit();
  return warnings;
}
