/** Messages for failed checks, by rule id; the logic never builds text itself. */
const RULE_MESSAGES: Record<string, string> = {
  "t3.balance": "第一项加第二项之和应等于第三项加第四项之和",
  "t3.outcomes": "（七）总计应等于（一）至（六）各项之和",
  "t3.applicants": "总计应等于自然人与各类法人或其他组织之和",
  "t4.totals": "总计应等于结果维持、结果纠正、其他结果、尚未审结之和",
};

export function checkMessage(ruleId: string, expected: number | null, actual: number | null): string {
  const base = RULE_MESSAGES[ruleId] ?? ruleId;
  return expected === null || actual === null ? base : `${base}（应为 ${expected}，实为 ${actual}）`;
}
