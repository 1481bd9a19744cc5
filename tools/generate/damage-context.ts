/** The state damage appliers share: the models, the log of touched keys, and row helpers. */
import type { Rng } from "./rng.js";
import type { AnyDamageKind, DamageKind, RenderStyle, ReportModel, T3Row } from "./types.js";
import type { VariantTables } from "./values.js";

export class DamageLog {
  readonly byKey = new Map<string, Set<AnyDamageKind>>();
  readonly applied = new Set<AnyDamageKind>();

  mark(kind: AnyDamageKind, keys: Iterable<string>): void {
    for (const key of keys) {
      let set = this.byKey.get(key);
      if (!set) this.byKey.set(key, (set = new Set()));
      set.add(kind);
      this.applied.add(kind);
    }
  }

  /** gold.damage: keys in the given order, kinds sorted for stable output. */
  toRecord(keyOrder: readonly string[]): Record<string, AnyDamageKind[]> {
    const out: Record<string, AnyDamageKind[]> = {};
    for (const key of keyOrder) {
      const set = this.byKey.get(key);
      if (set) out[key] = [...set].sort();
    }
    return out;
  }
}

export interface DamageContext {
  rng: Rng;
  model: ReportModel;
  tables: VariantTables;
  style: RenderStyle;
  active: ReadonlySet<DamageKind>;
  log: DamageLog;
  /** Keys printed blank/—/无: their gold value is null. */
  nulls: Set<string>;
}

export const rowKeys = (row: { cells: { key: string }[] }): string[] => row.cells.map((c) => c.key);

/** Rows a cell-level damage may still take: not already run together, lost or in a column-major run. */
export function freeRows(rows: readonly T3Row[], inRun: ReadonlySet<number>): number[] {
  return rows.flatMap((r, i) => (!r.runTogether && !inRun.has(i) && r.cells.every((c) => c.text !== null) ? [i] : []));
}

/** Indices of t3 rows inside reading-order column-major runs. */
export function runRows(rows: readonly T3Row[]): Set<number> {
  const out = new Set<number>();
  rows.forEach((r, i) => {
    for (let j = 0; j < r.columnMajorRun; j++) out.add(i + j);
  });
  return out;
}
