/**
 * Damage to cells and row structure: reading order, page footers, run-together rows, lost cells and
 * blank cells. Each marks every key whose reading it makes harder (for row-level damage, the row).
 */
import { freeRows, rowKeys, runRows, type DamageContext } from "./damage-context.js";
import type { T3Row } from "./types.js";

/** reading_order: column-major blocks in table 3 (洪泽区 2023 raw), value-first rows in table 2, table-4 header cells among the values. */
export function readingOrder(ctx: DamageContext): void {
  const { rng, model, log } = ctx;
  const rows = model.t3.rows;
  const runs = rng.int(1, 2);
  for (let r = 0, tries = 0; r < runs && tries < 40; tries++) {
    const k = rng.int(3, 10);
    const start = rng.int(2, rows.length - k - 1);
    const taken = runRows(rows);
    const span = Array.from({ length: k + 1 }, (_, j) => start - 1 + j);
    if (start < 2 || span.some((i) => taken.has(i))) continue;
    (rows[start] as T3Row).columnMajorRun = k;
    log.mark("reading_order", rows.slice(start, start + k).flatMap(rowKeys));
    r++;
  }
  model.t2.valueFirst = true;
  log.mark("reading_order", model.t2.blocks.flatMap((b) => b.rows.filter((row) => row.cells.length === 1).flatMap(rowKeys)));
  model.t4.interleave = true;
  log.mark("reading_order", model.t4.cells.map((c) => c.key));
}

/** page_footer: a footer line inside table 3, sometimes also inside tables 2 and 4. */
export function pageFooter(ctx: DamageContext): void {
  const { rng, model, log } = ctx;
  model.footers = true;
  const rows = model.t3.rows;
  const inRun = runRows(rows);
  const inRange = rows.flatMap((_, i) => (i >= 2 && i < rows.length - 2 ? [i] : []));
  const options = inRange.filter((i) => !inRun.has(i) && !inRun.has(i + 1));
  // Inside a column-major run the raw renderer prints the footer after the run.
  const at = rng.pick(options.length > 0 ? options : inRange);
  const row = rows[at] as T3Row;
  row.footerAfter = true;
  log.mark("page_footer", [...rowKeys(row), ...rowKeys(rows[at + 1] as T3Row)]);
  const blocks = model.t2.blocks;
  if (rng.chance(0.4)) {
    const b = rng.int(0, blocks.length - 2);
    const [cur, next] = [blocks[b], blocks[b + 1]];
    if (cur && next) {
      cur.footerAfter = true;
      log.mark("page_footer", [...cur.rows.slice(-1).flatMap(rowKeys), ...next.rows.slice(0, 1).flatMap(rowKeys)]);
    }
  }
  if (rng.chance(0.3)) {
    model.t4.footerInHeader = true;
    log.mark("page_footer", model.t4.cells.map((c) => c.key));
  }
}

/** run_together: the seven numbers of a row printed as one digit run glued to the label. */
export function runTogether(ctx: DamageContext): void {
  const { rng, model, log } = ctx;
  const rows = model.t3.rows;
  const inRun = runRows(rows);
  for (const i of rng.sample(freeRows(rows, inRun), rng.int(1, 2))) {
    const row = rows[i] as T3Row;
    // No chains: a row glued onto the previous line is not run together itself.
    if (rows[i - 1]?.glueNext) continue;
    row.runTogether = true;
    log.mark("run_together", rowKeys(row));
    const next = rows[i + 1];
    if (next && !inRun.has(i + 1) && rng.chance(0.5)) {
      row.glueNext = true;
      log.mark("run_together", rowKeys(next));
    }
  }
}

/** lost_cells: one of the seven numbers of some t3 rows is not printed (金乡街道 2021: 16 of 25 rows). */
export function lostCells(ctx: DamageContext): void {
  const { rng, model, log } = ctx;
  const rows = model.t3.rows;
  for (const i of rng.sample(freeRows(rows, runRows(rows)), rng.int(1, 4))) {
    const row = rows[i] as T3Row;
    const zeros = row.cells.flatMap((c, j) => (c.text === "0" ? [j] : []));
    // Mostly cells the rules can restore (总计 from the row sum, or a 0 whose position does not
    // change the values), sometimes any cell.
    const how = rng.weighted([["total", 0.35], ["zero", zeros.length > 0 ? 0.35 : 0], ["any", 0.3]] as const);
    const j = how === "total" ? row.cells.length - 1 : how === "zero" ? rng.pick(zeros) : rng.int(0, row.cells.length - 1);
    const cell = row.cells[j];
    if (cell) cell.text = null;
    log.mark("lost_cells", rowKeys(row));
  }
}

/** blank_cells: zeros printed blank or as —, /, -, 无 (gold null), in one or several tables. */
export function blankCells(ctx: DamageContext): void {
  const { rng, model, log, nulls } = ctx;
  const marker = rng.weighted(
    ctx.style === "raw"
      ? ([["—", 3], ["/", 2], ["-", 2], ["无", 1], ["", 1]] as const)
      : ([["", 3], ["—", 2], ["/", 2], ["-", 1], ["无", 1]] as const),
  );
  const t3 = model.t3.rows;
  const ok = freeRows(t3, runRows(t3));
  const t3Cells = (idx: number[]) => idx.flatMap((i) => (t3[i] as T3Row).cells);
  const t2Cells = model.t2.blocks.flatMap((b) => b.rows.flatMap((r) => r.cells));
  const scope = rng.weighted([["t4", 0.25], ["t3", 0.35], ["t2", 0.15], ["all", 0.25]] as const);
  let cells =
    scope === "t4" ? model.t4.cells : scope === "t2" ? t2Cells : scope === "t3" ? t3Cells(rng.sample(ok, rng.int(3, 10))) : [];
  if (!cells.some((c) => c.text === "0")) cells = [...t2Cells, ...t3Cells(ok), ...model.t4.cells];
  const blanked = cells.filter((c) => c.text === "0");
  for (const c of blanked) {
    c.text = marker;
    nulls.add(c.key);
  }
  log.mark("blank_cells", blanked.map((c) => c.key));
}
