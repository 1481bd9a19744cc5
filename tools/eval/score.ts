/**
 * Scoring of one record against one gold file, and the tallies the report aggregates. A cell is
 * exact when the value equals the gold value; a wrong or missing cell that is not flagged for review
 * is a silent error (the costly kind); a right cell flagged for review is a false alarm.
 */

export interface Tally {
  /** Gold cells scored. */
  cells: number;
  exact: number;
  /** Wrong or missing, and not needs_review. */
  silent: number;
  /** Wrong (or missing) and needs_review: the reviewer will see it. */
  flagged_wrong: number;
  /** Right and needs_review: reviewer time spent for nothing. */
  false_alarm: number;
  /** Gold keys the record has no cell for (counted in silent too). */
  missing: number;
}

export const emptyTally = (): Tally => ({ cells: 0, exact: 0, silent: 0, flagged_wrong: 0, false_alarm: 0, missing: 0 });

export interface SilentError {
  doc: string;
  key: string;
  gold: number | null;
  /** null when the record printed no value; see `missing` for an absent cell. */
  got: number | null;
  missing: boolean;
}

/** The parts of a record cell that scoring reads. */
export interface ScoredCell {
  key: string;
  value: number | null;
  needs_review: boolean;
  status?: string | undefined;
}

export interface CellOutcome {
  key: string;
  table: string;
  damage: string[];
  exact: boolean;
  silent: boolean;
  flagged_wrong: boolean;
  false_alarm: boolean;
  missing: boolean;
  gold: number | null;
  got: number | null;
}

const TOLERANCE = 1e-9;

export function sameValue(a: number | null, b: number | null | undefined): boolean {
  if (a === null || b === null || b === undefined) return a === null && b === null;
  return Math.abs(a - b) <= TOLERANCE;
}

export interface PairScore {
  outcomes: CellOutcome[];
  /** Record cells whose key the gold file does not have (not scored). */
  extra: string[];
  duplicateKeys: string[];
}

export function scorePair(gold: { cells: Record<string, number | null>; damage?: Record<string, string[]> | undefined }, cells: readonly ScoredCell[]): PairScore {
  const byKey = new Map<string, ScoredCell>();
  const duplicateKeys: string[] = [];
  for (const cell of cells) {
    // The first cell of a key counts; a second one is a record bug worth a warning, not a score.
    if (byKey.has(cell.key)) duplicateKeys.push(cell.key);
    else byKey.set(cell.key, cell);
  }
  const outcomes: CellOutcome[] = [];
  for (const [key, goldValue] of Object.entries(gold.cells)) {
    const cell = byKey.get(key);
    const right = cell !== undefined && sameValue(goldValue, cell.value);
    const flagged = cell?.needs_review ?? false;
    const damage = gold.damage?.[key] ?? [];
    outcomes.push({
      key,
      table: key.split(".")[0] ?? "",
      damage: damage.length > 0 ? damage : ["none"],
      exact: right,
      silent: !right && !flagged,
      flagged_wrong: !right && flagged,
      false_alarm: right && flagged,
      missing: cell === undefined,
      gold: goldValue,
      got: cell?.value ?? null,
    });
  }
  const extra = [...byKey.keys()].filter((k) => !(k in gold.cells));
  return { outcomes, extra, duplicateKeys };
}

export function addOutcome(t: Tally, o: CellOutcome): void {
  t.cells++;
  if (o.exact) t.exact++;
  if (o.silent) t.silent++;
  if (o.flagged_wrong) t.flagged_wrong++;
  if (o.false_alarm) t.false_alarm++;
  if (o.missing) t.missing++;
}

export function tallyOf(outcomes: readonly CellOutcome[]): Tally {
  const t = emptyTally();
  for (const o of outcomes) addOutcome(t, o);
  return t;
}
