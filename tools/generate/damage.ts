/**
 * Applies the enabled damage kinds to a report's table models and records, per key, which kinds
 * touched it (gold.damage). Each kind fires with probability damageRate; the order matters because
 * later kinds avoid rows earlier ones made ambiguous (no blanks inside a run-together row, …).
 */
import type { Rng } from "./rng.js";
import type { DamageKind } from "./types.js";
import type { DamageContext } from "./damage-context.js";
import { blankCells, lostCells, pageFooter, readingOrder, runTogether } from "./damage-cells.js";
import { enumComma, fullwidth, misprints, splitLabels, verticalHeader } from "./damage-labels.js";

type Applier = (ctx: DamageContext) => void;

const ORDER: readonly [DamageKind, Applier][] = [
  ["reading_order", readingOrder],
  ["page_footer", pageFooter],
  ["run_together", runTogether],
  ["lost_cells", lostCells],
  ["misprints", misprints],
  ["enum_comma", enumComma],
  ["split_labels", splitLabels],
  ["vertical_header", verticalHeader],
  ["blank_cells", blankCells],
  ["fullwidth", fullwidth],
];

/** Decides which enabled kinds fire for this report; the caller picks the style from reading_order. */
export function chooseDamage(rng: Rng, enabled: readonly DamageKind[], rate: number): Set<DamageKind> {
  const on = new Set<DamageKind>();
  for (const [kind] of ORDER) if (enabled.includes(kind) && rng.chance(rate)) on.add(kind);
  return on;
}

export function applyDamage(ctx: DamageContext): void {
  for (const [kind, apply] of ORDER) if (ctx.active.has(kind)) apply(ctx);
}
