/**
 * Generated corpora hold many agencies, one report each: no two unrelated reports of a corpus may be
 * grouped by nianbao as one agency (canonicalAgencies: the same name up to spelling, or one name with
 * its administrative parents in front of the other), or the cross-year checks find breaks between
 * them that are only the generator's (上年结转 ≠ another report's 结转下年度继续办理). Linked years of
 * one agency come from tools/generate/panel.ts, whose agencies stay grouped.
 */
import { describe, expect, it } from "vitest";
import { canonicalAgencies } from "../src/match/agency.js";
import { generateReport, planPdfReport, Rng } from "../tools/generate/index.js";
import { planMarkupReport } from "../tools/generate/html/index.js";
import { generateLegacyReport } from "../tools/generate/legacy/index.js";
import { placeName } from "../tools/generate/names.js";
import { generatePageReport } from "../tools/generate/page/index.js";
import { generatePanel } from "../tools/generate/panel.js";

const N = 600;

/** Report indexes grouped under one canonical agency: only groups of two or more. */
function sharedAgencies(names: string[]): string[][] {
  const canon = canonicalAgencies(names);
  const groups = new Map<string, string[]>();
  for (const n of names) groups.set(canon.get(n)!, [...(groups.get(canon.get(n)!) ?? []), n]);
  return [...groups.values()].filter((g) => g.length > 1);
}

const KINDS: [string, (seed: number, i: number) => string][] = [
  ["text", (seed, i) => generateReport(Rng.forItem(seed, i), { index: i, formats: ["2021", "2019", "hybrid"], damage: [], damageRate: 0 }).gold.agency],
  ["page", (seed, i) => generatePageReport(Rng.forItem(seed, i), { index: i }).gold.agency],
  ["pdf", (seed, i) => planPdfReport(Rng.forItem(seed, i), { index: i }).model.agency],
  ["html", (seed, i) => planMarkupReport(Rng.forItem(seed, i), { index: i, prefix: "synhtml" }).model.agency],
  ["legacy", (seed, i) => generateLegacyReport(Rng.forItem(seed, i), { index: i }).gold.agency],
];

describe("agencies of a generated corpus", () => {
  for (const [kind, agencyOf] of KINDS) {
    it(`${kind}: no two of ${N} reports are one agency to nianbao`, () => {
      for (const seed of [7, 8]) {
        const names = Array.from({ length: N }, (_, i) => agencyOf(seed, i));
        expect(sharedAgencies(names), `seed ${seed}`).toEqual([]);
        // Still all kinds of agency: districts with and without their city, towns, streets, cities, bureaus.
        for (const re of [/^\p{Script=Han}+市\p{Script=Han}+区人民政府$/u, /^\p{Script=Han}{2,3}区人民政府$/u, /县.+镇人民政府$/u, /街道办事处$/u, /^.{2,3}市人民政府$/u, /市.+局$/u]) {
          expect(names.some((n) => re.test(n)), `${kind} seed ${seed} has ${re}`).toBe(true);
        }
      }
    });
  }

  it("placeName is one name per index, without numerals or administrative suffixes", () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 70_000; i += i < 3000 ? 1 : 37) {
      const name = placeName(i);
      expect(seen.get(name), `${i} and ${seen.get(name)} share ${name}`).toBeUndefined();
      seen.set(name, i);
      expect(name).toMatch(/^\p{Script=Han}{2,4}$/u);
      expect(name).not.toMatch(/[一二三四五六七八九十百千万省市区县镇乡州盟局街道政府年月日件]/u);
    }
  });

  it("panel.ts's agencies stay one agency across their years (its years are linked)", () => {
    const panel = generatePanel({ seed: 3, agencies: 4, years: 3, breaksPerKind: 0 });
    const groups = sharedAgencies(panel.reports.map((r) => r.gold.agency));
    expect(groups.length).toBe(4);
    expect(groups.every((g) => g.length === 3)).toBe(true);
  });
});
