/**
 * Validate one matched table: settle placements with the rules, infer what the rules determine,
 * evaluate every rule instance into a check, and score each cell. Problems in the data become flags
 * and failed checks, never exceptions.
 */
import type { BBox, CellReading, Check, FlagCode, MatchedTable, TableHints, ValidatedCell } from "../model/index.js";
import { valueProblem, type TemplateTable } from "../templates/index.js";
import { ARITHMETIC, LABEL_NOT_FOUND, OCR_CONFIRMED, OCR_LOW, PLACEMENT, REVIEW_THRESHOLD, combine, needsReview, type Signals } from "./confidence.js";
import { repairOcrDigits } from "./ocr-repair.js";
import { checkMessage } from "./locales/zh-CN.js";
import { evaluate, inferredBy, solveTable } from "./solve.js";
import { expandRules, withBlankTotals, type RuleInstance } from "./rule-instances.js";

export { REVIEW_THRESHOLD } from "./confidence.js";

/** Defined in model (the record's cell, before correction); re-exported for validate's callers. */
export type { ValidatedCell } from "../model/index.js";

export interface ValidatedTable {
  table: string;
  template: string;
  cells: ValidatedCell[];
  checks: Check[];
}

/** A table none of whose values was read (not reached, not found): every cell value_missing, for review. */
export function unreadTable(table: TemplateTable, template: string, reviewThreshold: number = REVIEW_THRESHOLD): ValidatedTable {
  return validateTable({ table: table.id, template, units: [], labels: {}, unmapped: [], warnings: [] }, table, reviewThreshold);
}

/**
 * `docHints`: how the document prints, as its grid table showed (MatchedTable.hints; the matched
 * table's own hints when it has them).
 */
export function validateTable(matched: MatchedTable, table: TemplateTable, reviewThreshold: number = REVIEW_THRESHOLD, docHints: TableHints = {}): ValidatedTable {
  // Where zeros are printed blank without a trace, a row's blank 总计 is one the document did not
  // print (总计 filled only in some rows), not a sum that fails.
  const expanded = expandRules(table);
  const instances = matched.hints?.blanksTraceless ? withBlankTotals(expanded, table) : expanded;
  const solved = solveTable(matched, instances);
  repairOcrDigits(solved, instances);
  if (matched.hints?.zerosBlank ?? docHints.zerosBlank) blankInferredZeros(solved);

  const checks: Check[] = [];
  /** Cells a failed rule puts in doubt; `unconfirmed`, every cell of a failed rule. */
  const failedKeys = new Set<string>();
  const unconfirmed = new Set<string>();
  const checkedKeys = new Set<string>();
  const ruleText = new Map(table.rules.map((r) => [r.id, r.message_zh ?? r.description_zh]));
  const unprinted = unprintedTotals(instances, solved);
  // Where a digit can be misread (OCR), a rule a value was computed from checks none of its cells.
  // Text gives its digits as printed; there this costs ~3 % of the reading and finds nothing.
  const byOcr = readByOcr(matched);
  const sources = byOcr ? inferredSources(instances, solved) : NO_SOURCES;
  const consumed = new Set([...sources.values()].flatMap((from) => from.map((inst) => inst.id)));
  // Read by OCR: the cells of rules that could not be evaluated or were used to compute a lost cell,
  // and how many rules that hold, and check, each cell is in. Two misreads in one row can keep its
  // sum (6 0 read 5 1; 11 11 read 1 1 in a row and its 总计), and when the columns' rules had lost a
  // cell the row's alone vouched for them.
  const notEvaluable = new Set<string>();
  const holding = new Map<string, number>();
  /** The failed rules, each with its side printed as zeros (zeroSide): blamed once the whole table is seen. */
  const failed: { inst: RuleInstance; zeros: readonly string[] | null }[] = [];
  for (const inst of instances) {
    let ok = evaluate(inst, solved);
    const keys = [...inst.lhs, ...inst.rhs];
    if (ok === null) {
      if (byOcr) for (const k of keys) notEvaluable.add(k);
      continue;
    }
    const zeros = ok ? null : zeroSide(inst.lhs, inst.rhs, solved);
    // A rule over 总计 cells the document left blank holds if those totals are their rows' sums.
    if (!ok && keys.some((k) => unprinted.has(k)) && holdsWith(inst, solved, unprinted)) ok = true;
    const sum = (ks: string[]): number => ks.reduce((s, k) => s + (unprinted.get(k) ?? solved.get(k)!.reading.value ?? 0), 0);
    const expected = round(sum(inst.lhs));
    const actual = round(sum(inst.rhs));
    // A rule one of whose cells was computed from it holds by construction: it checks none of them.
    if (!(ok && consumed.has(inst.id))) keys.forEach((k) => checkedKeys.add(k));
    if (ok && byOcr) {
      for (const k of keys) {
        if (consumed.has(inst.id)) notEvaluable.add(k);
        else holding.set(k, (holding.get(k) ?? 0) + 1);
      }
    }
    if (!ok) {
      keys.forEach((k) => unconfirmed.add(k));
      failed.push({ inst, zeros });
    }
    checks.push({
      rule: `${table.id}.${inst.id.startsWith(`${table.id}.`) ? inst.id.slice(table.id.length + 1) : inst.id}`,
      ok,
      expected,
      actual,
      keys: keys.map((k) => `${table.id}.${k}`),
      ...(ok ? {} : { message_zh: checkMessage(ruleText.get(inst.ruleId) ?? inst.ruleId, expected, actual) }),
    });
  }

  for (const { inst, zeros } of failed) blamedSide(inst, zeros, solved).forEach((k) => failedKeys.add(k));
  if (failedKeys.size > 0) doubtBlankRows(table, solved, failedKeys);

  const cells: ValidatedCell[] = [];
  for (const { row, cells: layoutCells } of cellLayout(table)) {
    const label = matched.labels[row.key];
    // Whether the row lost a cell: asked of some of its cells, found once for the row.
    let lost: boolean | undefined;
    const rowLostOnce = (): boolean => (lost ??= rowLost(layoutCells, solved));
    for (const { column, local, key, labelZh, kind } of layoutCells) {
      const s = solved.get(local);
      // The cell's flags in order of first mention (a list: a handful at most, a Set per cell cost more).
      const flags: FlagCode[] = [];
      let status: ValidatedCell["status"] = "read";
      let placement: number = PLACEMENT.read;
      if (!s || s.reading.unknown) {
        status = "missing";
        placement = PLACEMENT.missing;
        flags.push("value_missing");
      } else {
        for (const f of s.reading.flags) addFlag(flags, f);
        for (const f of s.unitFlags) addFlag(flags, f);
        if (s.reading.flags.includes("inferred_from_rule")) {
          status = "inferred";
          placement = PLACEMENT.inferred;
        } else if (s.placedByRules || s.unitFlags.includes("reading_order_rebuilt")) {
          status = "inferred";
          placement = PLACEMENT.byRules;
        } else if (s.unitFlags.includes("row_by_order")) {
          placement = PLACEMENT.byOrder;
        }
        if (s.ambiguous) {
          addFlag(flags, "ambiguous");
          placement = PLACEMENT.ambiguous;
        }
        if (s.reading.flags.includes("repaired")) status = "repaired";
      }
      if (label) for (const f of label.flags) addFlag(flags, f);
      // Counts are whole numbers: a fraction there was read from elsewhere (an amount shifted up a row).
      const value = s && !s.reading.unknown ? s.reading.value : null;
      // …never negative (but 增/减), never beyond any real report (templates/value-kinds.ts).
      const problem = value === null ? null : valueProblem(kind, value);
      if (problem) addFlag(flags, problem.flag);
      const needsLabel = table.labelled_rows;
      const labelScore = !needsLabel ? 1 : label ? label.score : LABEL_NOT_FOUND;
      // One rule that holds vouches alone for an OCR'd value whose other rule could not check it.
      const vouchedAlone = notEvaluable.has(local) && holding.get(local) === 1;
      const arithmetic = failedKeys.has(local)
        ? ARITHMETIC.fails
        : unconfirmed.has(local) || !checkedKeys.has(local) || vouchedAlone
          ? ARITHMETIC.unchecked
          : ARITHMETIC.holds;
      if (failedKeys.has(local)) addFlag(flags, "rule_failed");
      // An OCR'd row that lost a cell (illegible, or no cell where one was printed) may have been
      // read a column off: its values that no rule could check are not surely in place (a harsh scan
      // read 1 1 0 0 2 as 3 ? 1 1 0, and the 0 under 总计 was the 尚未审结's).
      // So does a value only one rule vouched for, its other rule unevaluable, that the engine was not sure of.
      const unsure = vouchedAlone && s?.reading.ocr !== undefined && s.reading.ocr < OCR_CONFIRMED;
      // Read or not by OCR, a row that lost a cell and still breaks a rule may have been placed a
      // column off, or have taken another row's numbers (reading-order text put 新收's last numbers
      // on 上年结转's line): its cells that no failed rule names are as unsure as those it does.
      const lostAndFailed = failedKeys.size > 0 && s !== undefined && !s.reading.unknown && layoutCells.some((c) => failedKeys.has(c.local)) && rowLostOnce();
      if (unsure || lostAndFailed || (arithmetic === ARITHMETIC.unchecked && s?.reading.ocr !== undefined && !s.reading.unknown && ruleKeysOf(table, instances).has(local) && rowLostOnce())) {
        addFlag(flags, "ambiguous");
        placement = Math.min(placement, PLACEMENT.ambiguous);
      }
      const signals: Signals = { label_score: round3(labelScore), placement, arithmetic };
      // A blank in a table read by OCR that no rule checks: faint ink reads as no ink (a harsh scan
      // lost 洪泽区 2023's 行政强制 195 in table 2, whose blanks no arithmetic can question).
      const blankUnchecked = byOcr && arithmetic === ARITHMETIC.unchecked && s !== undefined && !s.reading.unknown && s.reading.value === null && s.reading.ocr === undefined;
      if (blankUnchecked) {
        signals.ocr = OCR_BLANK_UNCHECKED;
        addFlag(flags, "low_ocr_confidence");
      }
      const ocr = s && !s.reading.unknown ? s.reading.ocr : undefined;
      if (ocr !== undefined) {
        signals.ocr = arithmetic === ARITHMETIC.holds && status !== "repaired" ? Math.max(ocr, OCR_CONFIRMED) : round3(ocr);
        if (signals.ocr < ocrBar(kind, s!.reading)) addFlag(flags, "low_ocr_confidence");
      }
      const confidence = combine(signals);
      cells.push({
        key,
        table: table.id,
        row: row.key,
        column,
        label_zh: labelZh,
        value: s && !s.reading.unknown ? s.reading.value : null,
        raw: s?.reading.raw ?? "",
        status,
        flags,
        confidence,
        needs_review: needsReview(confidence, flags, reviewThreshold),
        source: sourceOf(s?.reading, label),
        signals,
      });
    }
  }
  if (sources.size > 0) doubtInferred(cells, sources, table.id, reviewThreshold);
  return { table: table.id, template: matched.template, cells, checks };
}

/** The OCR signal of a blank no rule checks: under OCR_LOW, so that it goes to review. */
const OCR_BLANK_UNCHECKED = 0.3;

/**
 * In a table that prints its zeros (a row's worth of printed 0s at least), a row read blank as a
 * whole is one reading (the row printed nothing): a failed rule that puts one of its cells in doubt
 * puts them all (reading-order text that took a row's numbers elsewhere left it blank; the columns
 * whose sums broke flagged their cells, the all-zero ones did not). Not where zeros are printed
 * blank: there a blank row is how the table prints a row of zeros.
 */
function doubtBlankRows(table: TemplateTable, solved: ReturnType<typeof solveTable>, failedKeys: Set<string>): void {
  let printed = 0;
  for (const s of solved.values()) if (!s.reading.unknown && s.reading.value === 0 && s.reading.raw.trim() === "0") printed++;
  if (printed < table.columns.length) return;
  for (const { cells: rowCells } of cellLayout(table)) {
    if (!rowCells.some((c) => failedKeys.has(c.local))) continue;
    const blank = rowCells.every((c) => {
      const r = solved.get(c.local)?.reading;
      return r !== undefined && !r.unknown && r.value === null;
    });
    if (blank) for (const c of rowCells) failedKeys.add(c.local);
  }
}

/** The cells some rule of the table contains (the same for a table's instances with or without blank totals). */
const ruleKeysByTable = new WeakMap<TemplateTable, ReadonlySet<string>>();
function ruleKeysOf(table: TemplateTable, instances: readonly RuleInstance[]): ReadonlySet<string> {
  let keys = ruleKeysByTable.get(table);
  if (!keys) ruleKeysByTable.set(table, (keys = new Set(instances.flatMap((inst) => [...inst.lhs, ...inst.rhs]))));
  return keys;
}

/** Whether a row has a cell the text did not give (lost, illegible; computed from the rules since, or not). */
function rowLost(row: readonly LayoutCell[], solved: ReturnType<typeof solveTable>): boolean {
  return row.some((c) => {
    const r = solved.get(c.local)?.reading;
    return !r || r.unknown || r.flags.includes("cell_lost") || r.flags.includes("not_a_number");
  });
}

/**
 * A value computed from a rule is only as sure as the values it was computed from: where one of
 * them is in doubt, so is it (a harsh scan read a row of zeros 0 0 010 0 0 0 with its 总计 lost;
 * the 总计 computed from it, 10, was confident while the 010 it came from was flagged).
 */
function doubtInferred(cells: ValidatedCell[], sources: ReadonlyMap<string, readonly RuleInstance[]>, tableId: string, threshold: number): void {
  const byLocal = new Map(cells.map((c) => [c.key.slice(tableId.length + 1), c]));
  for (const [local, from] of sources) {
    const cell = byLocal.get(local);
    if (!cell) continue;
    let least = cell.confidence;
    for (const inst of from) {
      for (const side of [inst.lhs, inst.rhs]) {
        for (const k of side) {
          const other = k === local ? undefined : byLocal.get(k);
          if (other?.needs_review) least = Math.min(least, other.confidence);
        }
      }
    }
    if (least < cell.confidence) {
      // Its arithmetic signal: the rule it came from vouches for it no more than for those values.
      cell.signals = { ...cell.signals, arithmetic: Math.min(cell.signals.arithmetic, least) };
      cell.confidence = combine(cell.signals);
      cell.needs_review = needsReview(cell.confidence, cell.flags as FlagCode[], threshold);
    }
  }
}

/**
 * In a document that prints its zeros blank, a cell the text did not give (lost from its row, or in
 * a row not found) that the rules make 0 was printed blank, as that document prints a 0: it gets no
 * value, as the document's other blank cells do (blank_cell), and stays inferred. (A row `（七）总计 4 4`
 * placed under 自然人 and 总计 left five cells pdftotext dropped for being blank; read as 0 they
 * differed from every other blank.) An illegible cell (not_a_number) printed something: it keeps its 0.
 * Not in a table that prints a 0 of its own: the document-wide guess that zeros are blank can be
 * wrong (rows run together or short of lost cells look like rows of blanks), and a 0 lost from a
 * row of printed zeros is a 0 (read blank, it was a silent error in 9 of 2,000 generated reports).
 */
function blankInferredZeros(solved: ReturnType<typeof solveTable>): void {
  for (const s of solved.values()) {
    const r = s.reading;
    if (r.value === 0 && !r.unknown && r.raw.trim() !== "" && !r.flags.some((f) => f === "digits_split" || f === "inferred_from_rule" || f === "not_a_number")) return;
  }
  for (const [k, s] of solved) {
    const r = s.reading;
    if (r.unknown || r.value !== 0 || !r.flags.includes("inferred_from_rule") || r.flags.includes("not_a_number")) continue;
    solved.set(k, { ...s, reading: { ...r, value: null, flags: [...r.flags, "blank_cell"] } });
  }
}

/** Where the cell was read (else its row's label); built without a spread (one object a cell). */
function sourceOf(reading: CellReading | undefined, label: { page: number; line: number } | undefined): ValidatedCell["source"] {
  const page = reading?.page ?? label?.page ?? 0;
  const line = reading?.line ?? label?.line ?? 0;
  return reading?.bbox ? { page, line, bbox: roundBox(reading.bbox) } : { page, line };
}

function addFlag(flags: FlagCode[], f: FlagCode): void {
  if (!flags.includes(f)) flags.push(f);
}

interface LayoutCell {
  column: string;
  /** `<row>.<column>`, the solver's key. */
  local: string;
  /** `<table>.<row>.<column>`. */
  key: string;
  labelZh: string;
  kind: TemplateTable["columns"][number]["kind"] | "count";
}

/** Templates are loaded once and never change: each table's cells, keys and labels are laid out once (issue 14). */
const layoutByTable = new WeakMap<TemplateTable, readonly { row: TemplateTable["rows"][number]; cells: readonly LayoutCell[] }[]>();

function cellLayout(table: TemplateTable): readonly { row: TemplateTable["rows"][number]; cells: readonly LayoutCell[] }[] {
  let layout = layoutByTable.get(table);
  if (!layout) {
    layout = table.rows.map((row) => ({
      row,
      cells: (row.columns ?? table.columns.map((c) => c.key)).map((column) => {
        const local = `${row.key}.${column}`;
        const colLabel = table.columns.find((c) => c.key === column)?.label_zh ?? column;
        return { column, local, key: `${table.id}.${local}`, labelZh: `${row.label_zh}｜${colLabel}`, kind: table.columns.find((c) => c.key === column)?.kind ?? "count" };
      }),
    }));
    layoutByTable.set(table, layout);
  }
  return layout;
}

const NO_SOURCES: ReadonlyMap<string, readonly RuleInstance[]> = new Map();

/** Whether the table was read by OCR (its readings carry the engine's confidence): the first units' readings tell. */
function readByOcr(matched: MatchedTable): boolean {
  for (const u of matched.units.slice(0, 3)) for (const row of u.alternatives[0] ?? []) for (const c of row) if (c.ocr !== undefined) return true;
  return false;
}

/**
 * The rule instances each computed value (inferred_from_rule) was computed from: the solver notes
 * its instance; a value the matcher completed from its row's own sum (a lost or illegible cell) was
 * computed from the row rules that contain it. Such a rule holds by construction and checks none of
 * its cells. (A harsh scan: 商业企业 illegible and computed from its row's sum, the row rule then
 * "held" and vouched for three misread cells beside it, 0 0 61 read 1 4 4.)
 */
function inferredSources(instances: readonly RuleInstance[], solved: ReturnType<typeof solveTable>): Map<string, readonly RuleInstance[]> {
  const out = new Map<string, readonly RuleInstance[]>();
  let rowRulesOf: Map<string, RuleInstance[]> | undefined;
  for (const [key, s] of solved) {
    if (s.reading.unknown || !s.reading.flags.includes("inferred_from_rule")) continue;
    const by = inferredBy.get(s);
    if (by !== undefined) {
      out.set(key, instances.filter((inst) => inst.id === by));
      continue;
    }
    if (!rowRulesOf) {
      rowRulesOf = new Map();
      for (const inst of instances) {
        if (inst.over !== "each_row") continue;
        for (const k of [...inst.lhs, ...inst.rhs]) {
          const of = rowRulesOf.get(k);
          if (of) of.push(inst);
          else rowRulesOf.set(k, [inst]);
        }
      }
    }
    out.set(key, rowRulesOf.get(key) ?? []);
  }
  return out;
}

/**
 * The 总计 cells a document that prints 总计 only in some rows left blank (RuleInstance.blankUnchecked),
 * each with its row's sum where that row's other cells are all known and not all zero.
 */
function unprintedTotals(instances: readonly RuleInstance[], solved: ReturnType<typeof solveTable>): Map<string, number> {
  const out = new Map<string, number>();
  for (const inst of instances) {
    const [total] = inst.blankUnchecked ?? [];
    if (total === undefined || inst.rhs.length !== 1 || inst.rhs[0] !== total) continue;
    const reading = solved.get(total)?.reading;
    if (!reading || reading.unknown || reading.value !== null) continue;
    const sum = knownSum(inst.lhs, solved);
    if (sum !== null && sum !== 0) out.set(total, sum);
  }
  return out;
}

/** Whether a rule holds when the unprinted totals are their rows' sums. */
function holdsWith(inst: RuleInstance, solved: ReturnType<typeof solveTable>, unprinted: ReadonlyMap<string, number>): boolean {
  const [l, r] = [knownSum(inst.lhs, solved, unprinted), knownSum(inst.rhs, solved, unprinted)];
  return l !== null && r !== null && Math.abs(l - r) < 1e-6;
}

/** The cells' sum (an unprinted total counted as its row's sum); null when one is absent or unknown. */
function knownSum(keys: readonly string[], solved: ReturnType<typeof solveTable>, unprinted?: ReadonlyMap<string, number>): number | null {
  let s = 0;
  for (const k of keys) {
    const r = solved.get(k)?.reading;
    if (!r || r.unknown) return null;
    s += unprinted?.get(k) ?? r.value ?? 0;
  }
  return s;
}

/**
 * The cells of a failed rule to put in doubt. A side printed as all zeros against a side that is
 * not (`zeros`: 总计 printed 0 beside its parts, report software that never filled its totals in) is
 * the wrong side; the parts, which no rule checks then, are not flagged for the totals' sake.
 * Otherwise any cell may be the wrong one. Read by OCR, that picture says nothing of the report,
 * however often it comes: a cell read one column over gives it (a harsh scan read 1 0 0 0 | 1 as
 * 0 2 1 0 | 0), and so does a 0 read as another figure (a harsh scan of 淮安市 2024 read two 0s of
 * 其他组织 as 9 and 1, in two rows whose 总计 are 0; the 9 passed as the report's habit). There
 * every cell of the rule is in doubt.
 */
function blamedSide(inst: RuleInstance, zeros: readonly string[] | null, solved: ReturnType<typeof solveTable>): readonly string[] {
  const all = [...inst.lhs, ...inst.rhs];
  // A row given its numbers by their order (reading-order text) that breaks its sum may hold another
  // row's numbers: its zeros are no habit, and any of its cells may be wrong (a 总计 row read
  // 0 1 0 0 0 0 0 from the next row's zeros where it printed · 1 · · · · 1).
  const byOrder = (k: string): boolean => solved.get(k)?.unitFlags.includes("row_by_order") === true;
  if (!zeros || all.some((k) => solved.get(k)?.reading.ocr !== undefined || byOrder(k))) return all;
  return zeros;
}

/** The side printed as all zeros (or left blank) against a side with a value that is not 0; null when neither is. */
function zeroSide(lhs: readonly string[], rhs: readonly string[], solved: ReturnType<typeof solveTable>): readonly string[] | null {
  // Printed 0, or left blank (a 总计 some documents fill in only in some rows).
  const printedZeros = (ks: readonly string[]): boolean => ks.every((k) => ["0", ""].includes(solved.get(k)?.reading.raw.trim() ?? "-"));
  const nonzero = (ks: readonly string[]): boolean =>
    ks.some((k) => {
      const r = solved.get(k)?.reading;
      return r !== undefined && !r.unknown && r.value !== null && r.value !== 0;
    });
  if (printedZeros(rhs) && nonzero(lhs)) return rhs;
  if (printedZeros(lhs) && nonzero(rhs)) return lhs;
  return null;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

const roundBox = (b: BBox): BBox => ({ x: round2(b.x), y: round2(b.y), width: round2(b.width), height: round2(b.height) });
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The OCR confidence a reading needs not to be flagged. A 增/减 value read without a sign needs the
 * confidence of a clean reading: a minus is one short stroke that recognition drops (a printed -4
 * read as 4 at 0.72, generated scan), and no rule checks a sign.
 */
function ocrBar(kind: string, reading: { value: number | null; raw: string }): number {
  const unsigned = reading.value !== null && reading.value !== 0 && !/^[+\-−－＋]/.test(reading.raw.trim());
  return kind === "signed_count" && unsigned ? OCR_CONFIRMED : OCR_LOW;
}
