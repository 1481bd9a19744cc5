/** Generated reports as Word .docx files with their gold files (`nianbao generate --kind docx`). */
import { goldOf, writeMarkupCorpus, type MarkupCorpusOptions, type MarkupGold } from "../html/corpus.js";
import { planMarkupReport } from "../html/plan.js";
import type { Rng } from "../rng.js";
import type { ReportVariant } from "../types.js";
import { chooseDocxOptions, docxPackage, documentXml, type DocxOptions } from "./document.js";

export { docxPackage, documentXml, tableXml, chooseDocxOptions, type DocxOptions } from "./document.js";
export { writeZip, type ZipEntry } from "./zip.js";

export interface GeneratedDocx {
  id: string;
  bytes: Buffer;
  options: DocxOptions;
  gold: MarkupGold;
}

export function generateDocxReport(rng: Rng, opts: { index: number; formats?: readonly ReportVariant[]; options?: Partial<DocxOptions> }): GeneratedDocx {
  const plan = planMarkupReport(rng, { index: opts.index, prefix: "syndocx", ...(opts.formats ? { formats: opts.formats } : {}) });
  const options = { ...chooseDocxOptions(rng), ...opts.options };
  const bytes = docxPackage(documentXml(plan, options));
  return { id: plan.id, bytes, options, gold: goldOf(plan, `${plan.id}.docx`, "docx", options) };
}

export function generateDocxCorpus(opts: MarkupCorpusOptions): Promise<{ inputs: string[]; golds: string[] }> {
  return writeMarkupCorpus(opts, "docx", (rng, index) => generateDocxReport(rng, { index, ...(opts.formats ? { formats: opts.formats } : {}) }));
}
