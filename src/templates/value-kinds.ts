/**
 * What a value of each kind may be (schema.ts ValueKind). Counts are whole numbers of documents,
 * requests or cases: never negative, never fractional. `signed_count` (增/减 in the 2019 format) may
 * be negative. No agency's figure comes near 10 million (the largest counts in the real reports
 * are in the tens of thousands; the largest fee amounts a few thousand 万元), so a figure beyond
 * it was misread or made up. Used by validate (flags) and by the review app (refused corrections).
 */
import type { ValueKind } from "./schema.js";

/** Largest plausible magnitude of any value (counts and 万元 amounts alike). */
export const MAX_PLAUSIBLE_VALUE = 10_000_000;

export type ValueProblem = { flag: "not_integer" | "implausible_value"; reason: string };

/** Why `value` cannot be a value of this kind, or null when it can. */
export function valueProblem(kind: ValueKind, value: number): ValueProblem | null {
  if (!Number.isFinite(value)) return { flag: "implausible_value", reason: "not a finite number" };
  if (Math.abs(value) > MAX_PLAUSIBLE_VALUE) return { flag: "implausible_value", reason: `larger than ${MAX_PLAUSIBLE_VALUE.toLocaleString("en-US")}, beyond any real report` };
  if (kind !== "signed_count" && value < 0) return { flag: "implausible_value", reason: `a ${kind === "amount" ? "amount" : "count"} cannot be negative` };
  if (kind !== "amount" && !Number.isInteger(value)) return { flag: "not_integer", reason: "a count must be a whole number" };
  return null;
}
