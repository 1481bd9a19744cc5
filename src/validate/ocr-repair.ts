/**
 * Repair of a single misread digit in an OCR reading, where the rules determine it: a rule fails,
 * one of its cells was read by OCR with low confidence, the value the rule needs there differs
 * from the printed reading in exactly one digit, and with it every rule containing the cell holds —
 * at least two of them, so the value is fixed by more than the one equation. When two cells could
 * each be repaired for the same failure, neither is. The printed reading stays in `raw`; the cell
 * is flagged `repaired` (which sends it to review).
 */
import type { CellReading } from "../model/index.js";
import { OCR_LOW } from "./confidence.js";
import type { RuleInstance } from "./rule-instances.js";
import { evaluate, type SolvedCell } from "./solve.js";

export function repairOcrDigits(cells: Map<string, SolvedCell>, instances: readonly RuleInstance[]): void {
  // Only a low-confidence OCR reading is ever repaired: without one (every text input) there is
  // nothing to do, and the rules are not evaluated here (issue 14).
  let anyLow = false;
  for (const s of cells.values()) if (isLowOcr(s.reading)) { anyLow = true; break; }
  if (!anyLow) return;
  const containing = new Map<string, RuleInstance[]>();
  for (const inst of instances) {
    for (const k of inst.lhs) pushTo(containing, k, inst);
    for (const k of inst.rhs) pushTo(containing, k, inst);
  }
  const repairs = new Map<string, number>();
  const blocked = new Set<string>();
  for (const failed of instances.filter((i) => evaluate(i, cells) === false)) {
    const fixes: [string, number][] = [];
    for (const key of [...failed.lhs, ...failed.rhs]) {
      const s = cells.get(key);
      if (!s || !isLowOcr(s.reading)) continue;
      const need = neededValue(failed, key, cells);
      if (need === null || !oneDigitApart(s.reading.raw, need)) continue;
      const trial = new Map(cells);
      trial.set(key, { ...s, reading: { ...s.reading, value: need } });
      const rules = containing.get(key) ?? [];
      const results = rules.map((r) => evaluate(r, trial));
      if (results.every((r) => r !== false) && results.filter((r) => r === true).length >= 2) fixes.push([key, need]);
    }
    if (fixes.length === 1) {
      const [key, value] = fixes[0]!;
      if (repairs.has(key) && repairs.get(key) !== value) blocked.add(key);
      repairs.set(key, value);
    } else for (const [key] of fixes) blocked.add(key);
  }
  for (const [key, value] of repairs) {
    if (blocked.has(key)) continue;
    const s = cells.get(key)!;
    cells.set(key, { ...s, reading: { ...s.reading, value, flags: [...s.reading.flags, "repaired"] } });
  }
}

function pushTo(m: Map<string, RuleInstance[]>, k: string, inst: RuleInstance): void {
  const list = m.get(k);
  if (list) list.push(inst);
  else m.set(k, [inst]);
}

function isLowOcr(r: CellReading): boolean {
  return r.ocr !== undefined && r.ocr < OCR_LOW && !r.unknown && r.value !== null && !r.flags.includes("inferred_from_rule");
}

/** The value `key` must have for the instance to hold, the other cells as read. */
function neededValue(inst: RuleInstance, key: string, cells: ReadonlyMap<string, SolvedCell>): number | null {
  const sum = (keys: readonly string[]): number | null => {
    let s = 0;
    for (const k of keys) {
      if (k === key) continue;
      const c = cells.get(k);
      if (!c || c.reading.unknown) return null;
      s += c.reading.value ?? 0;
    }
    return s;
  };
  const l = sum(inst.lhs);
  const r = sum(inst.rhs);
  if (l === null || r === null) return null;
  const v = inst.lhs.includes(key) ? r - l : l - r;
  return Number.isInteger(v) && v >= 0 ? v : null;
}

/** Same number of digits, exactly one of them different (a misread digit, not a lost or extra one). */
function oneDigitApart(raw: string, value: number): boolean {
  const a = raw.normalize("NFKC").replace(/[^0-9]/g, "");
  const b = String(value);
  if (a.length !== b.length || a.length === 0) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
  return diff === 1;
}
