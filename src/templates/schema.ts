/**
 * The shape of template data (one file per template version). Templates are data checked by this
 * schema when loaded; match/ and validate/ only interpret them.
 */
import { z } from "zod";

/** How a column's values are read: counts are non-negative integers, amounts may have decimals. */
export const ValueKind = z.enum(["count", "signed_count", "amount"]);
export type ValueKind = z.infer<typeof ValueKind>;

export const TemplateColumn = z.object({
  key: z.string().regex(/^[a-z_]+$/),
  label_zh: z.string(),
  aliases: z.array(z.string()).default([]),
  kind: ValueKind.default("count"),
  /** Unit printed in the header, if any (e.g. 万元). */
  unit: z.string().optional(),
});
export type TemplateColumn = z.infer<typeof TemplateColumn>;

export const TemplateRow = z.object({
  key: z.string().regex(/^[a-z_]+(\.[a-z_]+)?$/),
  /** The label as printed in the template, with its numbering. */
  label_zh: z.string(),
  /** The numbering prefix as printed ("一", "（一）", "1"), kept apart because it disambiguates (3.其他 vs 其他). */
  numbering: z.string().optional(),
  /** Known variants and misprints seen in real reports (TEMPLATES.md §6), without numbering. */
  aliases: z.array(z.string()).default([]),
  /** The row's value columns, in printed order; defaults to all of the table's columns. */
  columns: z.array(z.string()).optional(),
  /** Group label this row sits under (（三）不予公开 …), used to tell group headings from rows. */
  group: z.string().optional(),
  /** Table-2 block (第二十条第（一）项 …) the row belongs to. */
  block: z.string().optional(),
});
export type TemplateRow = z.infer<typeof TemplateRow>;

/** A sum rule transcribed from the template: Σ lhs = Σ rhs, for each column or for each row. */
export const SumRule = z.object({
  id: z.string(),
  kind: z.literal("sum_equals"),
  /** each_column: lhs/rhs are row keys, checked in every column; each_row: column keys, checked in every row. */
  over: z.enum(["each_column", "each_row"]),
  lhs: z.array(z.string()).min(1),
  rhs: z.array(z.string()).min(1),
  /** official: printed in the report (勾稽关系); implied: follows from the table's structure. */
  basis: z.enum(["official", "implied"]),
  description_zh: z.string(),
  /** What a failed check says (record checks' message_zh), where it is worded apart from description_zh. */
  message_zh: z.string().optional(),
});
export type SumRule = z.infer<typeof SumRule>;

/**
 * A bound a row's values keep: Σ lhs ≥ Σ rhs (rhs empty: Σ lhs ≥ 0). Not a check of the printed
 * table: it tells apart the readings of a row whose cells the text does not separate (run-on
 * digits, lost cells). `certain`: it follows from what the columns mean (对外公开总数量 counts this
 * year's 本年新公开数量), so a reading that breaks it is no reading; otherwise it only ranks them
 * (现行有效件数 ≥ 本年制发件数 but for a document issued and repealed in one year).
 */
export const BoundRule = z.object({
  id: z.string(),
  over: z.literal("each_row"),
  lhs: z.array(z.string()).min(1),
  rhs: z.array(z.string()).default([]),
  certain: z.boolean(),
  description_zh: z.string(),
});
export type BoundRule = z.infer<typeof BoundRule>;

/**
 * A figure the report's prose states for one cell (涉及自然人72件, in the sentence that says how many
 * applications came in): evidence that chooses among a row's readings no rule tells apart (run-on
 * digits of a table printing zeros blank). Read from a sentence with one of `sentence` in it and a
 * clause of it (split at ，、；) with one of `clause`.
 */
export const ProseFigure = z.object({
  row: z.string(),
  column: z.string(),
  sentence: z.array(z.string()).min(1),
  clause: z.array(z.string()).min(1),
  description_zh: z.string(),
});
export type ProseFigure = z.infer<typeof ProseFigure>;

export const TemplateBlock = z.object({
  key: z.string(),
  caption_zh: z.string(),
  aliases: z.array(z.string()).default([]),
});

/**
 * How a table is printed, which names its matcher (match/matchers.ts):
 *   - grid: labelled rows × the same columns, many rows (table 3); matched first, and what it shows
 *     about how the document prints (TableHints) is passed to the other layouts;
 *   - blocks: small blocks under captions, each row with its own columns (table 2);
 *   - single_row: one row of numbers under a multi-level header, placed by column order (table 4).
 */
export const TableLayout = z.enum(["grid", "blocks", "single_row"]);
export type TableLayout = z.infer<typeof TableLayout>;

/**
 * Checks across the years of one agency (validate/cross-year.ts), which no single report can show.
 * Row and column keys are the table's own.
 */
export const CrossYearRules = z
  .object({
    /** This year's row `to` equals last year's row `from`, in each of `columns` (default: all the table's columns). */
    carry_over: z.array(z.object({ id: z.string(), from: z.string(), to: z.string(), columns: z.array(z.string()).optional() })).default([]),
    /** A stock moves by what was added and removed: stock(y) = stock(y−1) + added(y) − removed(y), in each of `rows`. */
    stock: z.array(z.object({ id: z.string(), rows: z.array(z.string()).min(1), stock: z.string(), added: z.string(), removed: z.string() })).default([]),
  })
  .strict();
export type CrossYearRules = z.infer<typeof CrossYearRules>;

export const TemplateTable = z.object({
  id: z.string().regex(/^[a-z0-9_]+$/),
  /** Key of the template's section (`sections`) under which the table is printed. */
  section: z.string(),
  layout: TableLayout,
  /**
   * Words whose presence shows the table's header is printed: a header with no numbers under it is
   * read as a blank table (single_row), and no header as no table.
   */
  header_words: z.array(z.string()).default([]),
  /** Header words that are no column heading (group or caption words): left out when column positions are read from the header. */
  header_noise: z.array(z.string()).default([]),
  /**
   * Rows are found by their printed labels; false where values are placed by position alone (one
   * data row under a header), so that a label not found costs no confidence.
   */
  labelled_rows: z.boolean().default(true),
  cross_year: CrossYearRules.prefault({}),
  title_zh: z.string(),
  /** The section heading that introduces the table. */
  heading: z.object({ label_zh: z.string(), aliases: z.array(z.string()).default([]) }),
  columns: z.array(TemplateColumn).min(1),
  rows: z.array(TemplateRow).min(1),
  /** Labels that span rows and carry no values (三、本年度办理结果, （三）不予公开 …). */
  groups: z.array(z.object({ key: z.string(), label_zh: z.string(), aliases: z.array(z.string()).default([]) })).default([]),
  blocks: z.array(TemplateBlock).default([]),
  /** Header words whose presence tells this variant apart from the other template's (TEMPLATES.md §3.6). */
  signature: z.array(z.string()).default([]),
  rules: z.array(SumRule).default([]),
  bounds: z.array(BoundRule).default([]),
  prose: z.array(ProseFigure).default([]),
}).superRefine((t, ctx) => {
  // Every key a rule or row names is one of the table's: a typo in a data file is an error when it loads.
  const rows = new Set(t.rows.map((r) => r.key));
  const columns = new Set(t.columns.map((c) => c.key));
  const check = (keys: readonly string[], known: ReadonlySet<string>, what: string, path: (string | number)[]): void => {
    for (const k of keys) if (!known.has(k)) ctx.addIssue({ code: "custom", path, message: `"${k}" is not a ${what} key of table ${t.id}` });
  };
  t.rows.forEach((r, i) => check(r.columns ?? [], columns, "column", ["rows", i, "columns"]));
  t.rules.forEach((r, i) => check([...r.lhs, ...r.rhs], r.over === "each_column" ? rows : columns, r.over === "each_column" ? "row" : "column", ["rules", i]));
  t.bounds.forEach((b, i) => check([...b.lhs, ...b.rhs], columns, "column", ["bounds", i]));
  t.prose.forEach((f, i) => {
    check([f.row], rows, "row", ["prose", i]);
    check([f.column], columns, "column", ["prose", i]);
  });
  t.cross_year.carry_over.forEach((c, i) => {
    check([c.from, c.to], rows, "row", ["cross_year", "carry_over", i]);
    check(c.columns ?? [], columns, "column", ["cross_year", "carry_over", i]);
  });
  t.cross_year.stock.forEach((st, i) => {
    check(st.rows, rows, "row", ["cross_year", "stock", i]);
    check([st.stock, st.added, st.removed], columns, "column", ["cross_year", "stock", i]);
  });
});
export type TemplateTable = z.infer<typeof TemplateTable>;

export const TemplateSchema = z.object({
  id: z.string(),
  name_zh: z.string(),
  /** Report years this template is official for (inclusive). */
  years: z.object({ from: z.number().int(), to: z.number().int().nullable() }),
  sections: z.array(z.object({ key: z.string(), label_zh: z.string(), aliases: z.array(z.string()).default([]) })),
  tables: z.array(TemplateTable),
}).superRefine((t, ctx) => {
  const sections = new Set(t.sections.map((s) => s.key));
  t.tables.forEach((table, i) => {
    if (!sections.has(table.section)) ctx.addIssue({ code: "custom", path: ["tables", i, "section"], message: `"${table.section}" is not a key of this template's sections (${[...sections].join(", ")})` });
  });
});
export type Template = z.infer<typeof TemplateSchema>;
export type TemplateInput = z.input<typeof TemplateSchema>;
