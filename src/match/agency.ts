/**
 * Agency names as archives write them differently from year to year — 淮安市洪泽区人民政府,
 * 洪泽区人民政府, 洪泽区政府, with spaces or 《》 — reduced to one canonical name, so that a panel has one
 * row per agency and year. Two steps: a per-name normal form (spelling), then a merge of names that
 * differ only by the administrative parents written in front (淮安市 + 洪泽区人民政府), done only when
 * it is unambiguous: 洪泽区人民政府 is not merged when both 淮安市洪泽区… and 宿迁市洪泽区… exist.
 */

/** Spelling-level normal form: NFKC, no whitespace or punctuation, 政府 → 人民政府, 街道办 → 街道办事处. */
export function normalizeAgencyName(name: string): string {
  let s = name.normalize("NFKC").replace(/[\s\p{P}\p{S}]+/gu, "");
  s = s.replace(/(?<!人民)政府(?=$|办公室|办)/u, "人民政府");
  s = s.replace(/街道办(?!事处)/u, "街道办事处").replace(/街道$/u, "街道办事处");
  return s;
}

/** A prefix made only of administrative parents: 江苏省, 淮安市, 恩施土家族苗族自治州, 阿拉善盟. */
const PARENTS = /^(?:.{1,12}?(?:省|市|自治区|自治州|州|地区|盟))+$/u;
/** Shortest name that may stand for an agency on its own (洪泽区人民政府 has 7 characters). */
const MIN_LENGTH = 5;

/** Last characters a PARENTS prefix can end with (checked before the expression). */
const PARENT_ENDS = new Set(["省", "市", "区", "州", "盟"]);

/**
 * Maps every given name to its canonical form: the longest written form of the same agency.
 * Names are compared after normalizeAgencyName; the result maps the original strings.
 */
export function canonicalAgencies(names: Iterable<string>): Map<string, string> {
  const originals = [...new Set(names)];
  const normal = new Map(originals.map((n) => [n, normalizeAgencyName(n)]));
  const forms = [...new Set(normal.values())].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  // Each form under every shorter form it contains behind a prefix of parents (江苏省淮安市洪泽区人民政府
  // under 淮安市洪泽区人民政府 and 洪泽区人民政府), in the order of `forms`. Comparing every pair of
  // forms took 1.5 s for the ~3,000 agencies of 10,000 reports, on every run (issue 14).
  const containersOf = new Map<string, string[]>();
  for (const form of forms) {
    for (let cut = 1; cut < form.length; cut++) {
      if (!PARENT_ENDS.has(form[cut - 1]!) || !PARENTS.test(form.slice(0, cut))) continue;
      const inner = form.slice(cut);
      const list = containersOf.get(inner);
      if (list) list.push(form);
      else containersOf.set(inner, [form]);
    }
  }
  const root = new Map<string, string>();
  for (const name of forms) {
    // Longer forms were settled first, so each container already knows its own root.
    const roots = new Set((containersOf.get(name) ?? []).map((c) => root.get(c) ?? c));
    root.set(name, name.length >= MIN_LENGTH && roots.size === 1 ? [...roots][0]! : name);
  }
  return new Map(originals.map((o) => [o, root.get(normal.get(o)!) ?? normal.get(o)!]));
}
