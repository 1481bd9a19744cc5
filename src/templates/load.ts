/**
 * Templates from data files: a JSON file holding one template (the shape of schema.ts), checked
 * when loaded, and the set of templates a run reads with (pipeline option `templates`: built-in ids
 * and JSON files), loaded once per process and list.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
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
  return checkedSet(
    entries.map((entry) => {
      if (isTemplateFile(entry)) return loadTemplateFile(entry);
      const t = builtIn.find((x) => x.id === entry);
      if (!t) throw new TemplateError(entry, `unknown template "${entry}"; built in: ${builtIn.map((x) => x.id).join(", ")} (a file's name ends in .json)`);
      return t;
    }),
  );
}

/** The templates of one run, checked as a set: no id twice, and one table id printed and read one way in all. */
function checkedSet(out: Template[]): Template[] {
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

/**
 * The templates a run read with, as stored in its output folder (templates.json), so that every
 * later rebuild of the folder's tables (the end of the next run, `rebuildTables`, the review app)
 * uses the same ones: a built-in template by its id (its data ships with nianbao), a template from
 * a file with its whole content (the file may have moved or changed since), and where it was read.
 */
export const StoredTemplatesSchema = z
  .object({
    schema: z.literal("nianbao.templates/1"),
    templates: z
      .array(
        z.union([
          z.object({ id: z.string(), builtin: z.literal(true) }).strict(),
          z.object({ id: z.string(), file: z.string(), template: z.unknown() }).strict(),
        ]),
      )
      .min(1),
  })
  .strict();
export type StoredTemplates = z.infer<typeof StoredTemplatesSchema>;

/** `templates` as stored; `files[i]` is where a template not built in was read from. */
export function storedTemplates(templates: readonly Template[], builtIn: readonly Template[], files: ReadonlyMap<string, string> = new Map()): StoredTemplates {
  return {
    schema: "nianbao.templates/1",
    templates: templates.map((t) => (builtIn.includes(t) ? { id: t.id, builtin: true as const } : { id: t.id, file: files.get(t.id) ?? "", template: t })),
  };
}

/** The stored list (JSON text of `file`) → the templates, checked as when they were first loaded; a TemplateError names `file`. */
export function parseStoredTemplates(file: string, text: string, builtIn: readonly Template[]): Template[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TemplateError(file, `${file}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = StoredTemplatesSchema.safeParse(json);
  if (!parsed.success) throw new TemplateError(file, `${file}: ${describeIssues(parsed.error)}`);
  return checkedSet(
    parsed.data.templates.map((entry, i) => {
      if ("builtin" in entry) {
        const t = builtIn.find((x) => x.id === entry.id);
        if (!t) throw new TemplateError(file, `${file}: templates.${i}: "${entry.id}" is no built-in template of this nianbao (${builtIn.map((x) => x.id).join(", ")})`);
        return t;
      }
      const t = TemplateSchema.safeParse(entry.template);
      if (!t.success) throw new TemplateError(file, `${file}: templates.${i} (${entry.file || entry.id}): ${describeIssues(t.error)}`);
      return t.data;
    }),
  );
}
