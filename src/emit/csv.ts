/**
 * CSV writing shared by cells.csv, reports.csv and review-queue.csv: RFC 4180 quoting (fast-csv),
 * CRLF line ends, UTF-8 with a byte-order mark so that Excel detects the encoding and shows Chinese.
 * Rows are streamed from an iterable, so a large panel never has to fit in one string.
 */
import { createWriteStream } from "node:fs";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FormatterOptionsArgs } from "fast-csv";
import { writeAtomicWith } from "./atomic.js";

export type CsvValue = string | number | boolean | null;
export type CsvRow = readonly CsvValue[];

export const BOM = "\uFEFF";
/** Separator of list-valued columns (flags, rule ids, warnings). */
export const LIST_SEPARATOR = "|";

const OPTIONS = {
  rowDelimiter: "\r\n",
  includeEndRowDelimiter: true,
  alwaysWriteHeaders: true,
} satisfies FormatterOptionsArgs<string[], string[]>;

/** A field as written into any CSV: numbers and booleans as they are, text with formulas defused. */
export function cellText(v: CsvValue): string {
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return String(v);
  return neutralizeFormula(v);
}

/** A number as text (`-5`, `+1.5`, `1e3`) or a lone dash (a blank cell as printed): no formula. */
const HARMLESS = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?|[-+])$/i;

/**
 * CSV formula injection (OWASP, "CSV Injection"): a spreadsheet runs a field that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return as a formula (an agency name `=HYPERLINK(…)`). Such
 * a field is written with a leading `'`, which Excel and LibreOffice show as text and hide. Only
 * the CSV files get this: JSON and SQLite keep the value as read.
 */
export function neutralizeFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) && !HARMLESS.test(s) ? `'${s}` : s;
}

/** Characters that make fast-csv quote a field (its escape class also holds `|`, a quirk kept so that the bytes stay the same). */
const NEEDS_QUOTES = /[,\r\n|]/;

/**
 * One CSV line (CRLF included) of fields already passed through cellText: the same bytes as the
 * fast-csv formatter writes (NULs dropped; `"` doubled and quoted; `,` CR LF `|` quoted), made
 * without its stream machinery — about 4× faster on cells.csv (issue 14).
 */
export function csvLine(fields: readonly string[]): string {
  let line = "";
  for (let i = 0; i < fields.length; i++) line += i === 0 ? csvField(fields[i]!) : `,${csvField(fields[i]!)}`;
  return `${line}\r\n`;
}

/** One field of csvLine, quoted and escaped as there. */
function csvField(f: string): string {
  if (f.includes("\0")) f = f.replace(/\0/g, "");
  if (f.includes('"')) return `"${f.replace(/"/g, '""')}"`;
  return NEEDS_QUOTES.test(f) ? `"${f}"` : f;
}

/**
 * `csvLine(row.map(cellText))` without the array and the tests a number or a blank never needs
 * (its text has no quote, comma, line break, `|` or NUL): the panel's 233 columns, nearly all
 * numbers or blank, took 0.9 s a run for 10,000 reports that way (issue 14).
 */
export function csvRowLine(row: CsvRow): string {
  let line = "";
  for (let i = 0; i < row.length; i++) {
    const v = row[i]!;
    const f = v === null ? "" : typeof v === "number" ? String(v) : typeof v === "boolean" ? (v ? "true" : "false") : csvField(neutralizeFormula(v));
    line += i === 0 ? f : `,${f}`;
  }
  return `${line}\r\n`;
}

/** Confidence as printed in the CSV files: 3 decimals are more than the score means. */
export function roundConfidence(c: number): number {
  return Math.round(c * 1000) / 1000;
}

async function pipeCsv(headers: readonly string[], rows: Iterable<CsvRow>, sink: Writable): Promise<void> {
  const source = Readable.from(
    (function* () {
      for (const row of rows) yield row.map(cellText);
    })(),
  );
  // Loaded on first use: an extract run writes its tables with csvLine (issue 14: the fixed cost of a run).
  const { format } = await import("fast-csv");
  // The BOM is written by hand: fast-csv omits it when there are no rows.
  sink.write(BOM);
  await pipeline(source, format<string[], string[]>({ ...OPTIONS, headers: [...headers] }), sink);
}

/** Writes a CSV file atomically (see atomic.ts). */
export async function writeCsvFile(path: string, headers: readonly string[], rows: Iterable<CsvRow>): Promise<void> {
  await writeAtomicWith(path, (tmp) => pipeCsv(headers, rows, createWriteStream(tmp, { flags: "wx" })));
}

/** The same bytes as writeCsvFile, as a string (tests, small exports). */
export async function csvToString(headers: readonly string[], rows: Iterable<CsvRow>): Promise<string> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
      done();
    },
  });
  await pipeCsv(headers, rows, sink);
  return Buffer.concat(chunks).toString("utf8");
}
