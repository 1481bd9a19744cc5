/**
 * canonicalAgencies finds the forms that contain a name behind a prefix of administrative parents
 * through an index of suffixes (issue 14: comparing every pair of forms took 1.5 s for 10,000
 * reports). Its result must be the pairwise definition's, on many generated sets of names.
 */
import { describe, expect, it } from "vitest";
import { canonicalAgencies, normalizeAgencyName } from "../src/match/agency.js";
import { Rng } from "../tools/generate/rng.js";

/** The definition, pair by pair (the code before the index). */
function pairwise(names: string[]): Map<string, string> {
  const PARENTS = /^(?:.{1,12}?(?:省|市|自治区|自治州|州|地区|盟))+$/u;
  const originals = [...new Set(names)];
  const normal = new Map(originals.map((n) => [n, normalizeAgencyName(n)]));
  const forms = [...new Set(normal.values())].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const root = new Map<string, string>();
  for (const name of forms) {
    const containers = forms.filter((f) => f.length > name.length && f.endsWith(name) && PARENTS.test(f.slice(0, f.length - name.length)));
    const roots = new Set(containers.map((c) => root.get(c) ?? c));
    root.set(name, name.length >= 5 && roots.size === 1 ? [...roots][0]! : name);
  }
  return new Map(originals.map((o) => [o, root.get(normal.get(o)!) ?? normal.get(o)!]));
}

const PROVINCES = ["江苏省", "福建省", "内蒙古自治区", "湖北省"];
const CITIES = ["淮安市", "宿迁市", "泰州市", "福州市", "恩施土家族苗族自治州", "阿拉善盟", "大兴安岭地区", "平潭"];
const BASES = ["洪泽区人民政府", "洪泽区政府", "宿城区人民政府", "海陵区人民政府", "商务局", "市场监督管理局", "城关街道办", "城关街道", "州市人民政府", "区人民政府", "教育局", "盟市合作办公室"];
const NOISE = ["", " ", "《", "》", "（", "）"];

describe("canonicalAgencies", () => {
  it("maps every name as the pairwise definition does, on 200 generated sets of names", () => {
    let merged = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const rng = new Rng(seed);
      const r = (): number => rng.next();
      const pick = <T,>(xs: readonly T[]): T => rng.pick(xs);
      const names: string[] = [];
      for (let i = 0; i < 5 + Math.floor(r() * 60); i++) {
        let name = pick(BASES);
        if (r() < 0.6) name = pick(CITIES) + name;
        if (r() < 0.3) name = pick(PROVINCES) + name;
        if (r() < 0.2) name = pick(NOISE) + name + pick(NOISE);
        names.push(name);
      }
      const want = pairwise(names);
      const got = canonicalAgencies(names);
      expect(got, `seed ${seed}`).toEqual(want);
      merged += [...want].filter(([k, v]) => normalizeAgencyName(k) !== v).length;
    }
    // The sets do exercise the merge, not only the spelling.
    expect(merged).toBeGreaterThan(100);
  });
});
