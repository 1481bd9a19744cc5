/** What the review app accepts as a corrected value: what the key's template kind allows (value-kinds.ts). */
import { valueKindOf, valueProblem, type Template } from "../templates/index.js";

/** Why `value` cannot be typed in as the value of `key`, in words, or null when it can; `templates`: the output folder's (templates.json). */
export function correctionProblem(key: string, value: number, templates?: readonly Template[]): string | null {
  const kind = valueKindOf(key, templates);
  const problem = valueProblem(kind, value);
  return problem ? `${value} cannot be the value of ${key}: ${problem.reason}` : null;
}
