/**
 * The words of a failed check's message around the rule's own text (the template's message_zh, or
 * its description_zh); the logic never builds text itself.
 */
export function checkMessage(ruleText: string, expected: number | null, actual: number | null): string {
  return expected === null || actual === null ? ruleText : `${ruleText}（应为 ${expected}，实为 ${actual}）`;
}
