/**
 * Pre-2019 indicator readings → scored cells and checks. The sums the statistics form implies
 * (申请总数 = Σ channels, 行政复议数量 = Σ outcomes …) are checked when the total and at least two of
 * its parts were read; parts a form does not print count as 0. A value from a sentence gets
 * `from_text` and a lower confidence: a sentence can round, summarize or speak of something else.
 */
import type { Check, FlagCode, LegacyReading } from "../model/index.js";
import type { LegacyTemplate } from "../templates/index.js";
import { ARITHMETIC, REVIEW_THRESHOLD, combine, needsReview } from "./confidence.js";
import type { ValidatedCell } from "./index.js";

/** Confidence of a value read from a sentence: under the review threshold, so it is always reviewed. */
export const FROM_TEXT_CONFIDENCE = 0.6;

export function validateLegacy(readings: readonly LegacyReading[], template: LegacyTemplate, reviewThreshold: number = REVIEW_THRESHOLD): { cells: ValidatedCell[]; checks: Check[] } {
  const byKey = new Map(readings.map((r) => [r.key, r]));
  const checks: Check[] = [];
  const failed = new Set<string>();
  const checked = new Set<string>();
  for (const rule of template.rules) {
    const total = byKey.get(rule.total);
    const parts = rule.parts.filter((p) => byKey.has(p));
    if (!total || parts.length < 2) continue;
    const actual = round(parts.reduce((s, p) => s + (byKey.get(p)!.value ?? 0), 0));
    const expected = total.value ?? 0;
    const ok = Math.abs(actual - expected) < 1e-6;
    const keys = [rule.total, ...parts];
    keys.forEach((k) => (ok ? checked : failed).add(k));
    checks.push({
      rule: rule.id,
      ok,
      expected,
      actual,
      keys: keys.map((k) => `legacy.${k}`),
      ...(ok ? {} : { message_zh: `合计 ${expected} 与分项之和 ${actual} 不一致` }),
    });
  }
  const labels = new Map(template.indicators.map((i) => [i.key, i.label_zh]));
  const cells: ValidatedCell[] = [];
  for (const r of readings) {
    const [family, indicator] = r.key.split(".") as [string, string];
    const flags: FlagCode[] = [];
    if (r.from === "text") flags.push("from_text");
    if (r.score < 1) flags.push("label_fuzzy");
    if (r.unitConverted) flags.push("unit_converted");
    if (r.value === null) flags.push("blank_cell");
    if (failed.has(r.key)) flags.push("rule_failed");
    const arithmetic = failed.has(r.key) ? ARITHMETIC.fails : checked.has(r.key) ? ARITHMETIC.holds : ARITHMETIC.unchecked;
    const signals = { label_score: r.score, placement: r.from === "text" ? FROM_TEXT_CONFIDENCE : 1, arithmetic };
    const confidence = combine(signals);
    const base = { table: "legacy", row: family, label_zh: labels.get(r.key) ?? r.key, status: "read" as const, source: { page: r.page, line: r.line }, signals };
    cells.push({ ...base, key: `legacy.${r.key}`, column: indicator, value: r.value, raw: r.raw, flags, confidence, needs_review: needsReview(confidence, flags, reviewThreshold) });
    if (r.cumulative) {
      const cflags: FlagCode[] = r.cumulative.value === null ? ["blank_cell"] : [];
      const c = combine({ ...signals, arithmetic: ARITHMETIC.unchecked });
      cells.push({ ...base, key: `legacy.${r.key}_cumulative`, column: `${indicator}_cumulative`, label_zh: `${base.label_zh}（历年累计）`, value: r.cumulative.value, raw: r.cumulative.raw, flags: cflags, confidence: c, needs_review: needsReview(c, cflags, reviewThreshold) });
    }
  }
  return { cells, checks };
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
