/**
 * Templates from data files: a JSON file holding one template (the shape of schema.ts), checked
 * when loaded, and the set of templates a run reads with (pipeline option `templates`: built-in ids
 * and JSON files), loaded once per process and list.
 */
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { TemplateSchema, type Template } from "./schema.js";

/** A template file that cannot be used (configuration error): the message names the file and the problem. */
export class TemplateError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = "TemplateError";
  }
}

/** Each issue as `path: message` (tables.4.layout: Invalid option …). */
function describeIssues(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join(".") : "(the whole file)"}: ${i.message}`).join("; ");
}

/** A template's JSON text → the template, checked against TemplateSchema; a TemplateError names the file and each problem. */
export function parseTemplateFile(file: string, text: string): Template {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TemplateError(file, `template ${file}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = TemplateSchema.safeParse(json);
  if (!parsed.success) throw new TemplateError(file, `template ${file}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export function loadTemplateFile(file: string): Template {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new TemplateError(file, `template ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseTemplateFile(file, text);
}

/** An entry of the `templates` option is a file when it ends in .json, else a built-in template's id. */
export const isTemplateFile = (entry: string): boolean => entry.toLowerCase().endsWith(".json");

/**
 * The templates a list names, in its order. Tables of the same id in several templates are
 * variants of one table (2021, 2019): they must be printed in the same section and read the same way.
 */
export function templateSet(entries: readonly string[], builtIn: readonly Template[]): Template[] {
  if (entries.length === 0) throw new TemplateError("(templates)", "the templates option lists no template");
  const out = entries.map((entry) => {
    if (isTemplateFile(entry)) return loadTemplateFile(entry);
    const t = builtIn.find((x) => x.id === entry);
    if (!t) throw new TemplateError(entry, `unknown template "${entry}"; built in: ${builtIn.map((x) => x.id).join(", ")} (a file's name ends in .json)`);
    return t;
  });
  const seen = new Map<string, { template: string; section: string; layout: string }>();
  for (const t of out) {
    if (out.filter((x) => x.id === t.id).length > 1) throw new TemplateError(t.id, `template "${t.id}" is listed twice`);
    for (const table of t.tables) {
      const before = seen.get(table.id);
      if (before && (before.section !== table.section || before.layout !== table.layout)) {
        throw new TemplateError(t.id, `template ${t.id}: table ${table.id} is in section ${table.section} as ${table.layout}, but in ${before.template} in section ${before.section} as ${before.layout}`);
      }
      if (!before) seen.set(table.id, { template: t.id, section: table.section, layout: table.layout });
    }
  }
  return out;
}
