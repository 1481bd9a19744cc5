/**
 * The templates an output folder's records were read with, stored beside them in templates.json
 * (docs/outputs.md), so that every rebuild of its tables — the end of a run, `rebuildTables`, the
 * review app's export — builds keys.csv, panel.csv, the data package and the cross-year checks from
 * the same templates as the records, whatever the pipeline of the moment lists. A folder without
 * the file (written before it existed) was read with the built-in templates.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OUTPUT_FILES, writeFileAtomic } from "../emit/index.js";
import { TEMPLATES, TemplateError, readStoredTemplates, storeTemplates, type StoredTemplates, type Template } from "../templates/index.js";

export const templatesPath = (outDir: string): string => join(outDir, OUTPUT_FILES.templates);

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new TemplateError(path, `${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** The folder's templates (the built-in ones when it has no templates.json); throws TemplateError for a damaged file. */
export function readRunTemplates(outDir: string): readonly Template[] {
  const path = templatesPath(outDir);
  const text = readText(path);
  return text === null ? TEMPLATES : readStoredTemplates(path, text);
}

/**
 * The list a run stores: its own templates (`files`: id → the file each not built in was read
 * from), then those of earlier runs into the folder that it does not list — their records stay
 * (an unchanged input is not read again), so their keys stay in the codebook. A template of the
 * same id as one of this run's is this run's. Checked as a set before anything is written (a table
 * of one id must be printed and read one way): a clash throws TemplateError. `added`: this run reads
 * with a template (or a version of one) the folder's records were not read with, so that unchanged
 * inputs must be read again (batch.ts) to have its tables.
 */
export function runTemplatesList(outDir: string, templates: readonly Template[], files: ReadonlyMap<string, string>): { list: StoredTemplates; added: boolean } {
  const path = templatesPath(outDir);
  const ours = storeTemplates(templates, files);
  const text = readText(path);
  let before: StoredTemplates["templates"] = [];
  // The templates the folder's records were read with (the built-in ones for a folder from before templates.json).
  let readWith: readonly Template[] = TEMPLATES;
  if (text !== null) {
    // A damaged list is replaced by this run's (its records' tables are then described by this run's templates).
    try {
      readWith = readStoredTemplates(path, text);
      before = (JSON.parse(text) as StoredTemplates).templates;
    } catch {
      before = [];
      readWith = [];
    }
  }
  const same = (a: Template, b: Template): boolean => a === b || (a.id === b.id && JSON.stringify(a) === JSON.stringify(b));
  const added = templates.some((t) => !readWith.some((r) => same(r, t)));
  const ids = new Set(ours.templates.map((t) => t.id));
  const merged: StoredTemplates = { ...ours, templates: [...ours.templates, ...before.filter((t) => !ids.has(t.id))] };
  if (merged.templates.length > ours.templates.length) {
    try {
      readStoredTemplates(path, JSON.stringify(merged));
    } catch (e) {
      const why = e instanceof Error ? e.message.slice(path.length + 2) : String(e);
      throw new TemplateError(path, `${path}: this folder's records were read with templates that do not go with this run's (${why}); write to another --out folder, or remove the folder's records first`);
    }
  }
  return { list: merged, added };
}

export async function writeRunTemplates(outDir: string, list: StoredTemplates): Promise<void> {
  await writeFileAtomic(templatesPath(outDir), `${JSON.stringify(list, null, 2)}\n`);
}
