/**
 * What the end of a batch needs to know about each record without keeping the record: its agency,
 * its year evidence and whether it carries cross-year flags. One small entry per document (about
 * 200 bytes), so that grouping thousands of documents by agency costs no more than their names.
 */
import { basename } from "node:path";
import { yearFromFileName, yearFromText, yearFromTitle, type YearEvidence } from "../match/years.js";
import type { ReportRecord } from "../model/index.js";
import { CROSS_YEAR_FLAGS } from "../validate/cross-year.js";

export interface DocIndexEntry {
  id: string;
  path: string;
  sha256: string;
  agency: string | null;
  /** The year the extractor chose (title, then 统计期限, then the first year in the opening lines). */
  year: number | null;
  years: YearEvidence;
  /** Some cell carries a cross-year flag (it must be re-checked even if alone now). */
  crossFlagged: boolean;
  /** The record is `partial` (its text ended inside a table). */
  partial?: boolean;
}

const CROSS = new Set<string>(CROSS_YEAR_FLAGS);

export function docIndexEntry(id: string, r: ReportRecord): DocIndexEntry {
  return {
    id,
    path: r.source.path,
    sha256: r.source.sha256,
    agency: r.report.agency,
    year: r.report.year,
    years: {
      title: yearFromTitle(r.report.title),
      text: yearFromText(Object.values(r.sections).join("\n")),
      file: yearFromFileName(basename(r.source.path)),
    },
    crossFlagged: r.cells.some((c) => c.flags.some((f) => CROSS.has(f))),
    ...(r.status === "partial" ? { partial: true } : {}),
  };
}
