/** Gold cells scored as `nianbao eval` scores them (tools/eval/score.ts), pooled over many documents. */
import { scorePair, type CellOutcome } from "../../tools/eval/score.js";

export type Scored = CellOutcome & { doc: string };

/** Each gold cell of one document, scored against the record's cells. */
export function scored(doc: string, gold: Parameters<typeof scorePair>[0], cells: Parameters<typeof scorePair>[1]): Scored[] {
  return scorePair(gold, cells).outcomes.map((o) => ({ ...o, doc }));
}

/** The cells wrong and not flagged, one line each. */
export function silentOf(outcomes: readonly Scored[]): string[] {
  return outcomes.filter((o) => o.silent).map((o) => `${o.doc} ${o.key}: got ${o.got}, gold ${o.gold}`);
}

/** Share of the gold cells read exactly. */
export function exactShare(outcomes: readonly Scored[]): number {
  return outcomes.filter((o) => o.exact).length / outcomes.length;
}
