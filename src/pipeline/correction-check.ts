/** What the review app accepts as a corrected value: what the key's template kind allows (value-kinds.ts). */
import { valueKindOf, valueProblem } from "../templates/index.js";

/** Why `value` cannot be typed in as the value of `key`, in words, or null when it can. */
export function correctionProblem(key: string, value: number): string | null {
  const kind = valueKindOf(key);
  const problem = valueProblem(kind, value);
  return problem ? `${value} cannot be the value of ${key}: ${problem.reason}` : null;
}
