/**
 * Table 3 (依申请): find the row labels, read the value rows, align the two, and keep every
 * placement the text leaves open as an alternative. The variant (2021: （六） with three sub-rows;
 * 2019: （六） as one row) is chosen from the labels present, for this table alone.
 */
import type { CellMatrix, CellReading, Item, MatchedTable, MatchedUnit, RowLabelInfo } from "../model/index.js";
import { MAX_PLAUSIBLE_VALUE, tableName, type TemplateTable } from "../templates/index.js";
import { alignRows } from "./align.js";
import { DEFAULT_LABEL_CUTOFF, dropShadowedHits, findLabel, rowPatterns, tableText, type LabelHit } from "./label-hits.js";
import { headerAnchors, pageColumnAnchors, type HeaderColumns } from "./positions.js";
import { normalizeText, templateText } from "./normalize.js";
import { brokenSums, rowAlternatives, tracelessBlanks } from "./row-alternatives.js";
import { labelAdjacency, labelViews, labelWindows, type LabelWindows } from "./label-windows.js";
import { itemsToRuns, readingOf, runReadings, type Run } from "./runs.js";
import { rowShape } from "./shape.js";
import { settleByProse, type NarrativeSentence } from "./narrative.js";

/** Short rows in reading-order text that show a table printing zeros blank (one or two are lost cells). */
const MIN_SHORT_ROWS_FOR_BLANKS = 3;

/** Above this many combined readings a unit is not enumerated; its cells go to review. */
const MAX_UNIT_ALTERNATIVES = 512;

/**
 * `preferred`: the template the report's year calls for, taken when the labels do not tell the
 * variants apart (a text cut off before （六）).
 */
export function matchTable3(
  items: readonly Item[],
  variants: readonly { template: string; table: TemplateTable }[],
  preferred?: string,
  /** Row labels found with a lower score are not taken (pipeline option match.labelCutoff). */
  labelCutoff: number = DEFAULT_LABEL_CUTOFF,
  /** The report's sentences: figures they state for a cell choose among its row's readings (ProseFigure). */
  narrative: readonly NarrativeSentence[] = [],
): MatchedTable {
  // Headings that are never a row in any variant (（六）其他处理 is a row in 2019, so it stays).
  const rowLabels = variants.flatMap((v) => v.table.rows.map((r) => templateText(r.label_zh)));
  const headings = variants
    .flatMap((v) => v.table.groups.map((g) => templateText(g.label_zh)))
    .filter((g) => !rowLabels.includes(g));
  const tt = tableText(items, headings, rowLabels);
  const allRows = new Map(variants.flatMap((v) => v.table.rows.map((r) => [r.key, r] as const)));
  const hits = new Map<string, LabelHit>();
  for (const row of allRows.values()) {
    const hit = findLabel(row, tt, items);
    if (hit && hit.score >= labelCutoff) hits.set(row.key, hit);
  }
  dropShadowedHits(hits);
  const runs = itemsToRuns(items);
  const variant = chooseVariant(variants, hits, runs.length, preferred);
  const table = variant.table;
  // From here on only the chosen variant's rows count (（六）其他处理 is a row in 2019, a heading in 2021).
  for (const key of [...hits.keys()]) if (!table.rows.some((r) => r.key === key)) hits.delete(key);
  const columns = table.columns.map((c) => c.key);
  const base = rowShape(table, columns);
  const broken = brokenSums(runs, base);
  const shape = { ...base, blanksTraceless: tracelessBlanks(runs, columns.length, Math.min(...variants.map((v) => v.table.rows.length)) - 2), sumsUnreliable: broken.unreliable, totalsPrintedZero: broken.zeroTotals };

  const readings = runs.map((run) => runReadings(run, columns.length));
  const shortRows = readings.reduce((n, r) => n + r[0]!.rows.filter((row) => row.length <= columns.length - 2).length, 0);
  // A table that prints its zeros prints many: fewer numbers than cells and not one 0 is a table of blanks.
  const numbers = runs.flatMap((r) => r.items).filter((it) => it.kind === "num");
  const noZeros = numbers.length > 0 && numbers.length < table.rows.length * columns.length && !numbers.some((it) => it.kind === "num" && it.value === 0);
  const zerosBlank = shortRows >= MIN_SHORT_ROWS_FOR_BLANKS || noZeros;
  // Rows of a table that prints zeros blank, where separated text keeps no trace of a row's last
  // empty cells (tab-separated text drops them), may end in blanks (see RowShape.trailingBlanks).
  const rowShapeOf = { ...shape, trailingBlanks: zerosBlank };
  const fromHeader = columnHeaderAnchors(items, table, hits);
  const anchorsOn = pageColumnAnchors(readings.flatMap((r) => r[0]!.rows), columns.length, fromHeader, shape.sums.length === 1 ? shape.sums[0]!.total : undefined);
  const valueRows: { run: number; index: number }[] = [];
  readings.forEach((r, run) => r[0]!.rows.forEach((_, index) => valueRows.push({ run, index })));

  const templateRows = table.rows;
  const rowsInRun = readings.map((r) => r[0]!.rows.length);
  const views = labelViews(runs, readings, rowsInRun, items.length, hits);
  // Each run's label windows, found once: the alignment scores every value row against every template row.
  const windowsOf: (LabelWindows | undefined)[] = runs.map(() => undefined);
  const windows = (run: number): LabelWindows => (windowsOf[run] ??= labelWindows(runs, run, items.length, views[run]!));
  // A value row's affinity depends on its run, on which side of the run's leading rows it is, and on
  // the template row only: found once per run, side and template row (the alignment asks for every
  // pair of value row and template row, and a run printed column by column has many rows).
  const T = templateRows.length;
  const affinityOf: (Float64Array | undefined)[] = runs.map(() => undefined);
  const adjacency = (v: number, t: number): number => {
    const run = valueRows[v]!.run;
    const reading = readings[run]![0]!;
    const lead = reading.leadingRows ?? 0;
    // Rows printed row by row before a column-major block take the labels just before the run.
    const rowByRow = !reading.columnMajor || valueRows[v]!.index < lead;
    const known = (affinityOf[run] ??= new Float64Array(2 * T).fill(NaN));
    const at = (rowByRow ? 0 : T) + t;
    const cached = known[at]!;
    if (!Number.isNaN(cached)) return cached;
    const hit = views[run]!.get(templateRows[t]!.key);
    const score = !hit
      ? 0
      : rowByRow
        ? labelAdjacency(hit, runs, run, items, Math.max(1, lead), windows(run), null)
        : labelAdjacency(hit, runs, run, items, rowsInRun[run]! - lead, windows(run), lead);
    known[at] = score;
    return score;
  };
  const assignment = alignRows({ valueRows: valueRows.length, templateRows: templateRows.length, affinity: adjacency });

  const units: MatchedUnit[] = [];
  const unmapped: MatchedTable["unmapped"] = [];
  /** Rows whose labels a two-sided block could have taken: their blank reading is uncertain too. */
  const uncertain = new Set<string>();
  let previousTwoSided = false;
  // The value rows of each run, found once (not by a scan of all rows per run: a document with
  // thousands of numbered lines after the table made that quadratic).
  const rowsOfRun: { vr: (typeof valueRows)[number]; v: number }[][] = runs.map(() => []);
  valueRows.forEach((vr, v) => rowsOfRun[vr.run]!.push({ vr, v }));
  // Which runs' value rows took each template row, counted once (not a scan of all value rows per run).
  const takenIn = new Map<string, Map<number, number>>();
  valueRows.forEach((vr, v) => {
    if (assignment[v]! < 0) return;
    const key = templateRows[assignment[v]!]!.key;
    const byRun = takenIn.get(key) ?? new Map<number, number>();
    byRun.set(vr.run, (byRun.get(vr.run) ?? 0) + 1);
    takenIn.set(key, byRun);
  });
  const takenElsewhere = (key: string, r: number): boolean => {
    const byRun = takenIn.get(key);
    return byRun !== undefined && (byRun.size > 1 || !byRun.has(r));
  };
  // Where labels share their rows' lines, a row of numbers given to a label on another line while
  // its own line has label text that matched no row (2.重复由清, misprinted) is someone else's.
  const beside = labelsBesideNumbers(hits, runs, items);
  const stray = strayLabelLines(items, hits, headings);
  const hitLines = (key: string): Set<string> => {
    const h = hits.get(key);
    const out = new Set<string>();
    if (h) for (let i = h.firstItem; i <= h.lastItem; i++) out.add(`${items[i]!.page}:${items[i]!.line}`);
    return out;
  };
  /** Units (by index) of blocks whose rows took labels on both sides of them, with their runs. */
  const straddling = new Map<number, Run>();
  runs.forEach((run, r) => {
    const rowIdx = rowsOfRun[r]!;
    const assigned = rowIdx.filter(({ v }) => assignment[v]! >= 0);
    for (const { vr, v } of rowIdx) {
      if (assignment[v]! < 0) {
        const row = readings[r]![0]!.rows[vr.index]!;
        unmapped.push({ text: row.map((i) => i.raw).join(" "), page: row[0]!.page, line: row[0]!.line });
      }
    }
    if (assigned.length === 0) return;
    const alternatives: CellMatrix[] = [];
    for (const reading of readings[r]!) {
      let partial: CellMatrix[] = [[]];
      for (const { vr } of assigned) {
        const printed = reading.rows[vr.index]!;
        const rowAlts = rowAlternatives(printed, rowShapeOf, printed[0] ? anchorsOn(printed[0].page) : anchorsOn(0));
        partial = partial.flatMap((m) => rowAlts.map((alt) => [...m, alt]));
        if (partial.length > MAX_UNIT_ALTERNATIVES) partial = partial.slice(0, MAX_UNIT_ALTERNATIVES);
      }
      alternatives.push(...partial);
    }
    if (alternatives.length === 0) {
      // Every reading contradicted a row's own sum: keep the first as printed; the rules will flag it.
      const first = readings[r]![0]!;
      alternatives.push(assigned.map(({ vr }) => first.rows[vr.index]!.map((it) => readingOf(it))));
    }
    const rows = assigned.map(({ v }) => templateRows[assignment[v]!]!.key);
    // Rows printed column by column with enough labels on both sides could belong to either set.
    const k = rowsInRun[r]!;
    const lead = readings[r]![0]!.leadingRows ?? 0;
    const columnMajor = readings[r]![0]!.columnMajor;
    // Labels whose rows took numbers from another run are spoken for (looked at only for a block
    // of several rows printed column by column, the only kind that can be two-sided).
    const sides = k - lead > 1 && columnMajor ? labelWindows(runs, r, items.length, new Map([...hits].filter(([key]) => !takenElsewhere(key, r)))) : null;
    // A block right after a two-sided one shares its labels with it: its placement is as unsure.
    const twoSided = sides !== null && ((sides.before.length - lead >= k - lead && sides.after.length >= k - lead) || previousTwoSided);
    previousTwoSided = twoSided || (previousTwoSided && !columnMajor && rowIdx.length === 0);
    if (twoSided) [...sides.before, ...sides.after].forEach((h) => uncertain.add(h.row));
    const byOrder = assigned.some(({ v }) => adjacency(v, assignment[v]!) === 0);
    const strayRow = assigned.some(({ vr, v }) => {
      const first = readings[r]![0]!.rows[vr.index]![0];
      const line = first ? `${first.page}:${first.line}` : "";
      return beside && stray.has(line) && !hitLines(templateRows[assignment[v]!]!.key).has(line);
    });
    const guess = readings[r]!.some((x) => x.guess) || strayRow;
    // The block took labels printed before it and after it: where its rows start was a choice.
    const sideOf = (key: string): "before" | "after" | "within" | "none" => {
      const h = hits.get(key);
      return !h ? "none" : h.lastItem < run.first ? "before" : h.firstItem > run.last ? "after" : "within";
    };
    const labelSides = new Set(rows.map(sideOf));
    if (rows.length > 1 && labelSides.has("before") && labelSides.has("after")) straddling.set(units.length, run);
    units.push({
      rows,
      columns: rows.map(() => columns),
      alternatives: dedupe(alternatives),
      // A two-sided block or an unfitted run is a guess at which rows the numbers belong to.
      flags: [...(byOrder ? (["row_by_order"] as const) : []), ...(guess || twoSided ? (["ambiguous"] as const) : [])],
    });
  });

  for (const figure of table.prose) settleByProse(units, figure, narrative);

  // A row whose label is printed with no numbers at all was printed blank: no value, not a lost one.
  // Where labels are apart from their numbers (reading-order text) and some numbers' rows were not
  // certain, such a row may as well be the one those numbers belong to (a table that prints zeros
  // blank leaves no trace of its empty cells): its blanks are as unsure.
  const placed = new Set(units.flatMap((u) => u.rows));
  const labelsApart = !beside;
  // Reading-order text of a table that prints zeros blank: a row printed short, or a run that fits
  // no shape, shows blanks that left no trace, and then no row's numbers are surely its own (a block
  // printed column by column can pass for a row and satisfy its sum). Every placement goes to review.
  // (A row short of one number is a lost cell, which its sum settles; rows short of several, more
  // than a stray one or two, are a table of blanks.)
  const blanksApart = labelsApart && zerosBlank;
  if (blanksApart) units.forEach(markAmbiguous);
  const placementDoubt = units.some((u) => u.alternatives.length > 1 || u.flags.length > 0) || unmapped.length > 0;
  // Numbers given to rows by their order, not their labels, may belong to a row left blank (a scan
  // whose labels OCR garbled: 予以公开's 67 1 68 went to 3.补正后申请内容仍不明确, and 予以公开 was read
  // blank, unflagged, while every sum held).
  const byOrder = units.some((u) => u.flags.includes("row_by_order"));
  const blankRows: number[] = [];
  templateRows.forEach((row, t) => {
    const hit = hits.get(row.key);
    if (placed.has(row.key) || !hit) return;
    blankRows.push(t);
    const unsure = uncertain.has(row.key) || (labelsApart && placementDoubt) || byOrder;
    units.push({ rows: [row.key], columns: [columns], alternatives: [[blankRow(columns.length, hit)]], flags: unsure ? ["ambiguous"] : [] });
  });
  // Rows given a run of their own with no numbers are as blank as rows printed with none.
  templateRows.forEach((row, t) => {
    const unit = units.find((u) => u.rows.includes(row.key));
    const i = unit ? unit.rows.indexOf(row.key) : -1;
    if (unit && unit.rows.length === 1 && !blankRows.includes(t) && unit.alternatives.every((alt) => alt[i]!.every((c) => c.value === null && !c.unknown))) blankRows.push(t);
  });
  // In reading-order text a block of rows printed apart from its labels that took labels on both
  // of its sides, where the labels before it (a labelled row printed blank next to it among them)
  // were enough for all its rows, could as well have taken those: a row printed blank leaves no
  // trace, and moving rows among the outcome rows keeps every sum.
  if (labelsApart) {
    for (const t of blankRows) {
      const blankHit = hits.get(templateRows[t]!.key);
      for (const n of [t - 1, t + 1]) {
        const at = units.findIndex((u) => u.rows.includes(templateRows[n]?.key ?? ""));
        const unit = units[at];
        const run = straddling.get(at);
        if (!unit || !run || !blankHit) continue;
        const before = [...unit.rows.map((k) => hits.get(k)), blankHit].filter((h) => h !== undefined && h.lastItem < run.first).length;
        if (before >= unit.rows.length) markAmbiguous(unit);
      }
    }
  }
  // A row label misprinted past recognition: a block next to that row in the template could hold
  // its numbers (the block's rows went to the labels that were found).
  if (stray.size > 0) {
    templateRows.forEach((row, t) => {
      if (hits.has(row.key) || placed.has(row.key)) return;
      for (const n of [t - 1, t + 1]) {
        markAmbiguous(units.find((u) => u.rows.length > 1 && u.rows.includes(templateRows[n]?.key ?? "")));
      }
    });
  }
  for (const key of shiftableRows(assignment, blankRows, templateRows.map((r) => r.key))) markAmbiguous(units.find((u) => u.rows.includes(key)));
  // Reading-order text: a label printed with no numbers, then the next label, then numbers. Those
  // numbers are the first row's as often as the second's (pdftotext printed 4.保护第三方合法权益,
  // 5.属于三类内部事务信息, then 4.'s zeros; after 1. 2. 3. the zeros were 3.'s), and no rule tells a row
  // of zeros from a blank one, nor which of two outcome rows holds a row of numbers.
  if (labelsApart && blankRows.length > 0) {
    const numberAt = new Set(runs.flatMap((r) => r.items.map((_, k) => r.first + k)));
    const byPosition = [...hits.values()].sort((a, b) => a.firstItem - b.firstItem || a.start - b.start);
    for (const t of blankRows) {
      const blankHit = hits.get(templateRows[t]!.key);
      const at = blankHit ? byPosition.indexOf(blankHit) : -1;
      const next = byPosition[at + 1];
      if (!blankHit || !next || !placed.has(next.row)) continue;
      let between = false;
      for (let i = blankHit.lastItem + 1; i < next.firstItem && !between; i++) between = numberAt.has(i);
      if (between) continue;
      markAmbiguous(units.find((u) => u.rows.includes(blankHit.row)));
      markAmbiguous(units.find((u) => u.rows.includes(next.row)));
    }
  }
  // A table that prints its zeros (a row's worth of 0s at least, in rows read one way) does not
  // leave a row blank when it has numbers no row could take (unplaced, or a run every split of which
  // has a value past any real report's): those may be the blank row's. (A crawled page whose
  // reading order put labels apart from their numbers: 予以公开 read blank while its numbers ran into
  // another row's run too long for any split, and a number inferred into that row kept the column's
  // sum.) Looked at only where a row was printed blank: most tables have none.
  const printedZeros = (): number => {
    let n = 0;
    for (const u of units) if (u.alternatives.length === 1) for (const row of u.alternatives[0]!) for (const c of row) if (c.value === 0 && !c.unknown) n++;
    return n;
  };
  const surplus = (): boolean => unmapped.length > 0 || units.some((u) => u.alternatives.every((alt) => alt.some((row) => row.some((c) => c.value !== null && Math.abs(c.value) > MAX_PLAUSIBLE_VALUE))));
  if (blankRows.length > 0 && printedZeros() >= columns.length && surplus()) {
    for (const t of blankRows) markAmbiguous(units.find((u) => u.rows.includes(templateRows[t]!.key)));
  }

  const labels: Record<string, RowLabelInfo> = {};
  for (const row of templateRows) {
    const hit = hits.get(row.key);
    if (hit) labels[row.key] = { score: hit.score, flags: hit.flags, page: hit.page, line: hit.line, raw: hit.raw };
  }
  const warnings: string[] = [];
  if (runs.length === 0) warnings.push(`${tableName(table.id)}: no numbers found; rows with labels are read as blank`);
  return { table: table.id, template: variant.template, units, labels, unmapped, warnings, hints: { blanksTraceless: shape.blanksTraceless || blanksApart, blanksApart, zerosBlank, sumsUnreliable: shape.sumsUnreliable, totalsPrintedZero: shape.totalsPrintedZero } };
}

/** Sends a unit's placement to review (once: the flag is not repeated). */
function markAmbiguous(unit: MatchedUnit | undefined): void {
  if (unit && !unit.flags.includes("ambiguous")) unit.flags.push("ambiguous");
}

/**
 * Rows whose numbers could as well sit one row over: a row of numbers went unplaced and a labelled
 * row got none, so the rows placed between the two could each take the next one's numbers (reading
 * order printed （四）1's 18 in a block with 7. and 8., after 6.'s own row: 8. took the 18 and
 * （四）1 was left blank, every sum holding). `assignment`: each value row's template row (-1
 * unplaced), in printed order; `blank`: the template rows printed with no numbers.
 */
function shiftableRows(assignment: readonly number[], blank: readonly number[], keys: readonly string[]): Set<string> {
  const out = new Set<string>();
  if (blank.length === 0) return out;
  assignment.forEach((t, v) => {
    if (t >= 0) return;
    const before = assignment.slice(0, v).filter((x) => x >= 0);
    const after = assignment.slice(v + 1).filter((x) => x >= 0);
    const prev = before.length ? Math.max(...before) : -1;
    const next = after.length ? Math.min(...after) : keys.length;
    for (const b of blank) {
      if (b > next) for (let i = next; i < b; i++) out.add(keys[i]!);
      if (b < prev) for (let i = b + 1; i <= prev; i++) out.add(keys[i]!);
    }
  });
  return out;
}

/**
 * Lines ("page:line") with text of three or more wide characters that is part of no row label found
 * and of no group heading: a row label misprinted past recognition.
 */
function strayLabelLines(items: readonly Item[], hits: ReadonlyMap<string, LabelHit>, headings: readonly string[]): Set<string> {
  const inHit = new Uint8Array(items.length);
  for (const h of hits.values()) inHit.fill(1, h.firstItem, h.lastItem + 1);
  const out = new Set<string>();
  items.forEach((item, i) => {
    if (item.kind !== "text" || inHit[i]) return;
    const t = normalizeText(item.text);
    const wide = t.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
    if (wide >= 3 && !headings.some((h) => h.includes(t))) out.add(`${item.page}:${item.line}`);
  });
  return out;
}

/** Some row label shares its line with the numbers after it (layout or tab text), as opposed to reading-order text. */
function labelsBesideNumbers(hits: ReadonlyMap<string, LabelHit>, runs: readonly Run[], items: readonly Item[]): boolean {
  const lines = new Set([...hits.values()].map((h) => `${items[h.lastItem]!.page}:${items[h.lastItem]!.line}`));
  return runs.some((r) => lines.has(`${r.items[0]!.page}:${r.items[0]!.line}`));
}

function chooseVariant(
  variants: readonly { template: string; table: TemplateTable }[],
  hits: ReadonlyMap<string, LabelHit>,
  runCount: number,
  preferred?: string,
): { template: string; table: TemplateTable } {
  // Rows only one variant has (2021: the three （六） sub-rows; 2019: （六）其他处理 as a row).
  const own = (v: { table: TemplateTable }): number => {
    const others = variants.filter((o) => o.table !== v.table).flatMap((o) => o.table.rows.map((r) => r.key));
    return v.table.rows.filter((r) => !others.includes(r.key) && hits.has(r.key)).length;
  };
  const scored = variants.map((v) => ({ v, own: own(v), size: Math.abs(v.table.rows.length - runCount) }));
  // Sub-rows are stronger evidence than the single row, whose label is also the 2021 group heading.
  const isPreferred = (v: { template: string }): number => (v.template === preferred ? 1 : 0);
  // With no row label of its own found (（六）其他处理 misprinted), a table whose value rows number
  // what one variant has, and two fewer or more than another, is that variant, whatever the
  // document's template (a 2021 report printing the 2019 table: its numbers went to 2021's rows).
  const sizes = scored.map((s) => s.size);
  const fits = (s: { size: number }): number => (s.size <= 1 && sizes.every((z) => z === s.size || z - s.size >= 2) ? 1 : 0);
  const room = roomFits(variants, hits);
  scored.sort(
    (a, b) =>
      (b.own >= 2 ? 1 : 0) - (a.own >= 2 ? 1 : 0) || b.own - a.own || fits(b) - fits(a) || room(b.v) - room(a.v) || isPreferred(b.v) - isPreferred(a.v) || a.size - b.size,
  );
  return scored[0]!.v;
}

/**
 * With no row label of its own found and no value rows to count (a table printed all blank, its
 * （六）其他处理 misprinted), the text between the rows around a variant's own rows tells: the 2021
 * sub-rows' labels take ~70 characters, the 2019 row ~6. 1 for the one variant whose own labels'
 * length fits that room (within half of it) when the others' do not; 0 otherwise.
 */
function roomFits(variants: readonly { template: string; table: TemplateTable }[], hits: ReadonlyMap<string, LabelHit>): (v: { table: TemplateTable }) => number {
  const keysOf = (t: TemplateTable): Set<string> => new Set(t.rows.map((r) => r.key));
  const fitting = variants.map((v) => {
    const others = new Set(variants.filter((o) => o !== v).flatMap((o) => [...keysOf(o.table)]));
    const rows = v.table.rows;
    const own = rows.map((r, i) => (others.has(r.key) ? -1 : i)).filter((i) => i >= 0);
    if (own.length === 0) return false;
    const before = hits.get(rows[own[0]! - 1]?.key ?? "");
    const after = hits.get(rows[own[own.length - 1]! + 1]?.key ?? "");
    if (!before || !after || after.start < before.start) return false;
    const gap = after.start - (before.start + before.raw.length);
    const expected = own.reduce((n, i) => n + (rowPatterns(rows[i]!)[0]?.pattern.length ?? 0), 0);
    return Math.abs(gap - expected) <= expected / 2;
  });
  const one = fitting.filter(Boolean).length === 1;
  return (v) => (one && fitting[variants.findIndex((o) => o.table === v.table)] ? 1 : 0);
}

/**
 * Column positions from the header words above the first row (自然人 … 总计), for tables with too few
 * complete rows to show their columns: only words that are pieces of a column label count (the
 * note cell and 申请人情况 would add columns of their own).
 */
function columnHeaderAnchors(items: readonly Item[], table: TemplateTable, hits: ReadonlyMap<string, LabelHit>): HeaderColumns | null {
  const firstRow = Math.min(...[...hits.values()].map((h) => h.firstItem));
  if (!Number.isFinite(firstRow)) return null;
  const labels = table.columns.map((c) => templateText(c.label_zh));
  const words = items.slice(0, firstRow).filter((it) => {
    if (it.kind !== "text") return false;
    const t = normalizeText(it.text);
    return t.length > 0 && labels.some((l) => l.includes(t));
  });
  const centres = headerAnchors(words, table.columns.length);
  if (!centres) return null;
  return { centres, page: words[0]!.page };
}

function dedupe(alts: CellMatrix[]): CellMatrix[] {
  if (alts.length < 2) return alts;
  const seen = new Map<string, CellMatrix>();
  for (const m of alts) {
    const key = m.map((row) => row.map((c) => (c.unknown ? "?" : String(c.value))).join(",")).join(";");
    if (!seen.has(key)) seen.set(key, m);
  }
  return [...seen.values()];
}

export function blankRow(ncols: number, at: { page: number; line: number }): CellReading[] {
  return Array.from({ length: ncols }, () => ({ value: null, unknown: false, raw: "", page: at.page, line: at.line, flags: ["blank_cell"] }));
}
