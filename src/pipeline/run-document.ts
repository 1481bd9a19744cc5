/**
 * One document through all stages: read → page model → metadata and sections → tables → record.
 * Bad input throws an InputError that names the file and the problem; everything else about the
 * data (lost cells, failed rules) is carried in the record as flags and checks.
 */
import { createHash } from "node:crypto";
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import bytes from "bytes-iec";
import type { ReadHooks } from "../ingest/backend.js";
import { LimitError } from "../ingest/limits.js";
import { ReaderError, detectBackend, knownFormats, type IngestBackend } from "../ingest/index.js";
import { TextDecodeError, textToPageModel } from "../ingest/text/index.js";
import { positionedToLines } from "../layout/positioned-lines.js";
import { RECORD_SCHEMA_ID, type CellRecord, type PageLine, type PageModel, type PositionedPage, type ReportRecord } from "../model/index.js";
import { readMetadata } from "../match/metadata.js";
import { narrativeSentences } from "../match/narrative.js";
import { findSections, sectionTexts, splitRunOnHeadings, templateSections, type SectionHit } from "../match/regions.js";
import { TEMPLATES, reportTemplate, resolveTemplates, tableNumber, templateForYear, type Template } from "../templates/index.js";
import { addOtherFormatRowsToOcrTables, checkFormatYear, otherFormatRows } from "../validate/format-year.js";
import type { ValidatedCell } from "../validate/index.js";
import { extractLegacy, isLegacyYear, legacyRecord } from "./legacy-record.js";
import { otherTables } from "./other-tables.js";
import { VERSION } from "../version.js";
import { InputError } from "./errors.js";
import { STRUCTURED_HEAD_BYTES, structuredDataKind, structuredDataMessage } from "./structured.js";
import { extractTables, type TableResult } from "./tables.js";
import { unreadTable } from "../validate/index.js";
import { resolveRunOptions, type RunOptions } from "./run-options.js";

export { DEFAULT_RUN_OPTIONS, resolveRunOptions, type RunOptions } from "./run-options.js";

/** Runs ingest → layout → match → validate for one file and returns its record. Throws InputError. */
export async function runDocument(path: string, options?: Partial<RunOptions>): Promise<ReportRecord> {
  const opts = resolveRunOptions(options);
  const bytes = readInput(path, opts);
  return await extractDocument(path, bytes, opts);
}

/**
 * The input's bytes, after the checks that need only its size and first KiB. Synchronous: in a
 * document thread each async open/read/close is a round trip through the libuv pool, which cost
 * ~1.5 ms of a text report's ~9 (issue 14).
 */
function readInput(path: string, opts: RunOptions): Buffer {
  const fail = (what: string) => (e: unknown): never => {
    throw new InputError(path, "unreadable", `${what}: ${ioReason(e as NodeJS.ErrnoException)}`);
  };
  let info;
  try {
    info = statSync(path);
  } catch (e) {
    return fail("cannot read the file")(e);
  }
  if (!info.isFile()) throw new InputError(path, "not_a_file", "not a regular file (a pipe, socket, device or folder); not read");
  // The kind decides the limit, and the first KiB decides the kind: a huge file is never read whole to be refused.
  // Non-blocking: should the path have become a FIFO since it was listed, opening it must not wait for a writer.
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return fail("cannot open the file")(e);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new InputError(path, "not_a_file", "not a regular file (a pipe, socket, device or folder); not read");
    const head = Buffer.alloc(Math.min(STRUCTURED_HEAD_BYTES, info.size));
    readSync(fd, head, 0, head.length, 0);
    const structured = structuredDataKind(path, head);
    if (structured) throw new InputError(path, "structured_data", structuredDataMessage(path, structured).slice(path.length + 2));
    const detected = detectBackend(head);
    const text = "backend" in detected && detected.backend.kind === "text";
    const limit = text ? opts.maxBytes : opts.maxBinaryBytes;
    if (info.size > limit) {
      const what = text ? "a text report (option maxBytes / --max-bytes)" : "a PDF, scan, image, HTML or DOCX input (option maxBinaryBytes / --max-binary-bytes)";
      throw new InputError(path, "too_large", `file is ${size(info.size)}, over the ${size(limit)} limit for ${what}`);
    }
    try {
      return readFileSync(fd);
    } catch (e) {
      return fail("cannot read the file")(e);
    }
  } finally {
    closeSync(fd);
  }
}

/** Any supported input in memory → its record. The format comes from the content, not the name. */
export async function extractDocument(
  path: string,
  bytes: Buffer,
  options: Partial<Pick<RunOptions, "ocr" | "reviewThreshold" | "templates" | "labelCutoff">> = {},
): Promise<ReportRecord> {
  const t0 = performance.now();
  const sha256 = checkNotEmpty(path, bytes);
  const detected = detectBackend(bytes);
  if ("unsupported" in detected) {
    throw new InputError(path, "unsupported_format", `${detected.unsupported} input is not supported yet; nianbao reads ${knownFormats()}`);
  }
  // Readers with geometry hand each page to layout as they read it, which builds the lines the
  // matchers read; a page's tokens are dropped once it has lines.
  const gridless = new Set<number>();
  const toLines = (page: PositionedPage): PageLine[] => {
    if (scannedWithoutGrid(page)) gridless.add(page.page);
    return positionedToLines([page]);
  };
  const model = await readWith(detected.backend, path, bytes, { pageLines: toLines, ...(options.ocr ? { ocr: options.ocr } : {}) });
  const t1 = performance.now();
  const lines = model.lines.length > 0 || !model.positioned?.length ? model.lines : model.positioned.flatMap(toLines);
  return recordFromLines(path, sha256, { ...model, lines }, performance.now() - t0, t1 - t0, {
    templates: resolveTemplates(options.templates),
    reviewThreshold: options.reviewThreshold,
    labelCutoff: options.labelCutoff,
    gridless,
  });
}

async function readWith(backend: IngestBackend, path: string, bytes: Buffer, hooks: ReadHooks): Promise<PageModel> {
  try {
    return await backend.read(bytes, hooks);
  } catch (e) {
    if (e instanceof ReaderError) throw new InputError(path, e.code, e.message);
    if (e instanceof LimitError) throw new InputError(path, "too_large", e.message);
    // A decoder tripping over malformed bytes throws its own TypeError or RangeError ("Cannot read
    // properties of undefined"): the file is damaged, not nianbao. I/O errors and the OCR engine's
    // failures are not the file's fault and go on as they are.
    if ((e instanceof TypeError || e instanceof RangeError) && backend.kind !== "text") {
      throw new InputError(path, "corrupt", `the file looks like a ${backend.description} but is damaged or malformed: its reader failed (${e.message})`);
    }
    throw e;
  }
}

/** Text input in memory → its record, synchronously (text needs no I/O); other formats are refused. */
export function extractFromBytes(path: string, bytes: Buffer, options: Partial<Pick<RunOptions, "reviewThreshold" | "labelCutoff">> = {}): ReportRecord {
  const t0 = performance.now();
  const sha256 = checkNotEmpty(path, bytes);
  const detected = detectBackend(bytes);
  if ("unsupported" in detected || detected.backend.kind !== "text") {
    const what = "unsupported" in detected ? detected.unsupported : detected.backend.description;
    throw new InputError(path, "unsupported_format", `${what} input is not read by extractFromBytes (text only); use extractDocument`);
  }
  let model: PageModel;
  try {
    model = textToPageModel(bytes);
  } catch (e) {
    if (e instanceof TextDecodeError) throw new InputError(path, "binary", "binary content, not text (NUL or control bytes, or no valid UTF-8/GB18030)");
    throw e;
  }
  const t1 = performance.now() - t0;
  return recordFromLines(path, sha256, model, t1, t1, { templates: TEMPLATES, reviewThreshold: options.reviewThreshold, labelCutoff: options.labelCutoff });
}

/** The content hash, after refusing an empty (or whitespace-only) file. */
function checkNotEmpty(path: string, bytes: Buffer): string {
  // Only a small file can be all whitespace worth calling empty; a big one is never decoded for this.
  const blank = bytes.length === 0 || (bytes.length < 1024 * 1024 && isBlankText(bytes));
  if (blank) throw new InputError(path, "empty", "file is empty");
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Whether the bytes decoded as UTF-8 are all whitespace (`toString("utf8").trim() === ""`), without
 * decoding a whole document that starts with text: past leading ASCII blanks, a character that is
 * not whitespace answers. That character decodes alone as in the whole (UTF-8 resynchronizes at
 * every ASCII byte, and a character is at most 4 bytes; a broken one is U+FFFD either way).
 */
function isBlankText(bytes: Buffer): boolean {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || (bytes[i]! >= 0x09 && bytes[i]! <= 0x0d))) i++;
  if (i === bytes.length) return true;
  if (bytes[i]! < 0x80) return false;
  const first = bytes.toString("utf8", i, Math.min(bytes.length, i + 4)).codePointAt(0)!;
  if (String.fromCodePoint(first).trim() !== "") return false;
  return bytes.toString("utf8").trim() === "";
}

/** How a document's lines are read into its record. */
interface ReadSettings {
  templates: readonly Template[];
  /** Below this confidence a value needs review (validate's when absent). */
  reviewThreshold?: number | undefined;
  /** Row labels found with a lower similarity are not taken (match's default when absent). */
  labelCutoff?: number | undefined;
  /** Pages scanned without a ruled grid: their cells are flagged. */
  gridless?: ReadonlySet<number>;
}

/**
 * Page model with lines → the record: metadata, sections, tables; throws for a text that is no
 * report or is cut off.
 */
function recordFromLines(path: string, sha256: string, model: PageModel, ingestMs: number, readMs: number, settings: ReadSettings): ReportRecord {
  const { templates, reviewThreshold, labelCutoff, gridless = new Set<number>() } = settings;
  const t1 = performance.now();
  const split = splitRunOnHeadings(model.lines, findSections(model.lines, templateSections(templates)));
  const sections = split.hits;
  model = { ...model, lines: split.lines };
  const meta = readMetadata(model.lines);
  const t2 = performance.now();
  // Run-on text splits digits table 2's rules cannot: the report's prose is evidence there.
  const narrative = model.separatorsLost ? narrativeSentences(model.lines) : [];
  const byYear = meta.year === null ? null : templateForYear(meta.year);
  const tables = extractTables(model.lines, sections, {
    layout: { separatorsLost: model.separatorsLost === true },
    narrative,
    preferTemplate: byYear?.id,
    templates,
    reviewThreshold,
    labelCutoff,
  });
  const t3 = performance.now();

  const found = Object.values(tables);
  // Pre-2019 reports have no national table: their indicators by name (TEMPLATES.md §5), preferred
  // over national tables only when a statistics table gave them (a sentence proves little). A 2019+
  // report without its tables is no legacy report (its prose also says 共受理…申请8件).
  const legacy = isLegacyYear(meta.year) || (meta.year === null && found.length === 0) ? extractLegacy(model.lines, reviewThreshold) : null;
  if (legacy && (found.length === 0 || legacy.fromTable >= 3)) {
    const timings = { read: ms(readMs), layout: ms(ingestMs - readMs), match_meta: ms(t2 - t1), tables: ms(performance.now() - t2) };
    return legacyRecord({ path, sha256, model }, meta, sectionTexts(model.lines, sections), legacy, timings);
  }
  if (found.length === 0) {
    const why = model.warnings?.length ? `; ${model.warnings.join("; ")}` : "";
    throw new InputError(path, "not_a_report", `no statistics table of a 政府信息公开工作年度报告 found (${sections.length} of 6 section headings)${why}`);
  }
  // A text that ends inside a table (a cut-off page or crawl) keeps what was read: the record is
  // `partial`, the table's unread cells and those of the tables after it are value_missing. So
  // also when it ends at a table that read no number at all (cut inside its header), before the
  // tables after it (a report prints all of them, then its sections 五 and 六), or in the section
  // of a table after it whose numbers it did not reach.
  const lastTable = found[found.length - 1]!;
  const later = tablesAfter(lastTable.validated.table, lastTable.validated.template, templates);
  const lastSection = sections.reduce<SectionHit | null>((a, h) => (!a || h.index > a.index ? h : a), null);
  const endsInLater = lastSection !== null && later.tables.some((t) => t.section === lastSection.key);
  const after = lastTable.endsDocument || endsInLater ? unreachedTables(later, reviewThreshold) : [];
  const noneRead = lastTable.validated.cells.every((c) => c.value === null);
  const cutOff = endsInLater || (lastTable.endsDocument && (noneRead || after.length > 0 || lastTable.validated.cells.some((c) => c.status === "missing")));
  if (cutOff && lastTable.endsDocument) markUnread(lastTable.validated.cells, noneRead);
  const missing = lastTable.validated.cells.filter((c) => c.status === "missing").length;
  // Values missing from the record: a cut-off text, a table not found, rows OCR may have lost.
  const missingWarnings: string[] = [];
  if (cutOff) {
    found.push(...after);
    missingWarnings.push(
      `the text ends inside table ${tableNumber(lastTable.validated.table)} (${missing} of its ${lastTable.validated.cells.length} cells not found)` +
        (after.length ? ` and table ${after.map((t) => tableNumber(t.validated.table)).join(", ")} was not reached` : "") +
        ": the report looks cut off; the record is partial",
    );
  }

  // A table of the report's template that was not found at all (a faint scan lost table 2's
  // heading and rows) is not left out unsaid: its cells are value_missing, for review, and a warning
  // names it. (Before, the record simply had no table 2 and said nothing.)
  const notFound = tablesNotFound(found, templates, byYear?.id);
  if (notFound.tables.length > 0) {
    const lost = unreachedTables(notFound, reviewThreshold);
    // Which form a table never seen was printed in is not known: the rows of every form are missing.
    for (const { validated: v } of lost) for (const { lacking } of otherFormatRows(v, templates, reviewThreshold)) v.cells.push(...lacking);
    found.push(...lost);
    const order = notFound.template.tables.map((t) => t.id);
    found.sort((a, b) => order.indexOf(a.validated.table) - order.indexOf(b.validated.table));
    missingWarnings.push(`table ${notFound.tables.map((t) => tableNumber(t.id)).join(", ")} not found: its values are missing, for review`);
  }

  for (const t of found) flagIfReadWithoutGrid(t.validated.cells, gridless);
  missingWarnings.push(...addOtherFormatRowsToOcrTables(found.map((t) => t.validated), byYear, templates, reviewThreshold));
  const tableTemplates = Object.fromEntries(found.map((t) => [t.validated.table, t.validated.template]));
  // The year against each table's format: a disagreement is flagged on the cells only that format has.
  const formatYear = checkFormatYear(meta.year, tableTemplates, found.flatMap((t) => t.validated.cells));
  const cells: CellRecord[] = formatYear.cells;
  return {
    schema: RECORD_SCHEMA_ID,
    source: { path, sha256, kind: model.kind, pages: model.pages },
    report: {
      agency: meta.agency,
      year: meta.year,
      template: reportTemplate(tableTemplates, templates),
      title: meta.title,
      tables: tableTemplates,
    },
    cells,
    checks: found.flatMap((t) => t.validated.checks),
    unmapped: found.flatMap((t) => t.unmapped),
    sections: sectionTexts(model.lines, sections),
    timings: { read: ms(readMs), layout: ms(ingestMs - readMs), match_meta: ms(t2 - t1), tables: ms(t3 - t2) },
    warnings: [...(model.warnings ?? []), ...found.flatMap((t) => t.warnings), ...formatYear.warnings, ...missingWarnings],
    nianbao_version: VERSION,
    status: cutOff ? "partial" : "complete",
    ...otherTables(model, cells),
  };
}

/**
 * A scanned page whose tables have no ruled grid (borderless, or horizontal rules only): OCR then
 * reads its rows as text lines, and which column a number belongs to — or whether a row of zeros
 * was read at all — rests on positions alone. Not reliable enough to pass unseen.
 */
function scannedWithoutGrid(page: PositionedPage): boolean {
  if (!page.tokens.some((t) => t.source === "ocr")) return false;
  const vertical = page.rulings.filter((r) => Math.abs(r.x1 - r.x2) < 1 && Math.abs(r.y2 - r.y1) > 10);
  return vertical.length < 2;
}

/** Every cell of a table read (in part) from such a page goes to review, flagged `ocr_without_grid`. */
function flagIfReadWithoutGrid(cells: ValidatedCell[], gridless: ReadonlySet<number>): void {
  if (gridless.size === 0 || !cells.some((c) => c.source.page > 0 && gridless.has(c.source.page))) return;
  for (const c of cells) {
    if (!c.flags.includes("ocr_without_grid")) c.flags.push("ocr_without_grid");
    c.needs_review = true;
  }
}

/**
 * The cells of the table a text ended in. Those after its last number read are value_missing (a
 * row label the text ends on, its numbers cut off, is no blank row; nor is the rest of a row cut in
 * two), every cell when it read no number. The others are for review: the rows that close the
 * table ((七)总计, 四、结转) are what check its rows' placement, and a cut can take numbers from the
 * middle of a row, of a number, or of a block printed column by column, whose rows then shift.
 */
function markUnread(cells: ValidatedCell[], all: boolean): void {
  const lastRead = all ? -1 : cells.findLastIndex((c) => c.status === "read" && c.value !== null);
  for (const [i, c] of cells.entries()) {
    if (c.status === "missing") continue;
    if (i > lastRead && c.value === null) cells[i] = { ...c, raw: "", confidence: 0, status: "missing", flags: ["value_missing"], needs_review: true };
    else c.needs_review = true;
  }
}

/** The tables after `table` in its template. */
function tablesAfter(table: string, template: string, templates: readonly Template[]): { template: Template; tables: Template["tables"] } {
  const tpl = templates.find((t) => t.id === template) ?? templates[0]!;
  const ids = tpl.tables.map((t) => t.id);
  return { template: tpl, tables: tpl.tables.filter((t) => ids.indexOf(t.id) > ids.indexOf(table)) };
}

/**
 * The tables of the year's template (else the report's) that are not among those found. The year
 * first: a table never seen has no format of its own, and a report's other tables may be printed in
 * the older one (洪泽区 2023 prints table 3 in the 2019 form; a faint scan of it lost table 2, which
 * the 2019 form would have given other keys than the 2021 table 2 it prints).
 */
function tablesNotFound(found: readonly TableResult[], templates: readonly Template[], yearTemplate: string | undefined): ReturnType<typeof tablesAfter> {
  // Every table found, the common case, asks nothing more.
  if (templates.every((t) => t.tables.length <= found.length)) return { template: templates[0]!, tables: [] };
  const id = (yearTemplate && templates.some((t) => t.id === yearTemplate) ? yearTemplate : null) ?? reportTemplate(Object.fromEntries(found.map((t) => [t.validated.table, t.validated.template])), templates);
  const tpl = templates.find((t) => t.id === id) ?? templates[0]!;
  const have = new Set(found.map((t) => t.validated.table));
  return { template: tpl, tables: tpl.tables.filter((t) => !have.has(t.id)) };
}

/** Those tables, every cell value_missing (the text ended before them, or they were not found). */
function unreachedTables(after: ReturnType<typeof tablesAfter>, reviewThreshold?: number): TableResult[] {
  return after.tables.map((t) => ({
    validated: unreadTable(t, after.template.id, reviewThreshold),
    unmapped: [],
    warnings: [],
    endsDocument: true,
  }));
}

/** An I/O error in words (the errno code kept in brackets for searching). */
function ioReason(e: NodeJS.ErrnoException): string {
  const words: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "permission denied",
    ENOENT: "the file no longer exists",
    EISDIR: "it is a folder",
    EIO: "the disk reported an input/output error",
    ELOOP: "a symbolic link that loops",
    EAGAIN: "the file is not ready to be read (a pipe or device?)",
  };
  return `${(e.code && words[e.code]) ?? e.message} (${e.code ?? "error"})`;
}

const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** 1536 → "1.5KB" (binary units, as --max-bytes takes them): small limits do not print as 0.0 MiB. */
const size = (n: number): string => bytes.format(n, { mode: "binary", decimalPlaces: 1 }) ?? `${n} bytes`;
const ms = (x: number): number => Math.round(x * 100) / 100;
