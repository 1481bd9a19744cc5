import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DAMAGE_KINDS,
  generateCorpus,
  generateReport,
  Rng,
  tableKeys,
  tablesFor,
  type DamageKind,
  type GeneratedReport,
  type RenderStyle,
  type ReportVariant,
} from "../tools/generate/index.js";
import { GoldFileSchema } from "../src/model/index.js";
import type { TemplateTable } from "../src/templates/index.js";

const VARIANTS: ReportVariant[] = ["2021", "2019", "hybrid"];
const SEEDS = Array.from({ length: 40 }, (_, i) => i * 7919 + 1);

function gen(seed: number, variant: ReportVariant, damage: DamageKind[], style?: RenderStyle, rate = 1): GeneratedReport {
  return generateReport(new Rng(seed), { index: seed, formats: [variant], damage, damageRate: rate, ...(style ? { style } : {}) });
}

const val = (cells: Record<string, number | null>, key: string): number => {
  expect(key in cells, `gold has ${key}`).toBe(true);
  return cells[key] ?? 0; // a blank cell stands for 0
};

/** Checks every sum rule of a template table on gold cells. */
function checkRules(table: TemplateTable, cells: Record<string, number | null>): number {
  let checked = 0;
  for (const rule of table.rules) {
    if (rule.over === "each_column") {
      for (const col of table.columns) {
        const sum = (rows: string[]) => rows.reduce((s, r) => s + val(cells, `${table.id}.${r}.${col.key}`), 0);
        expect(sum(rule.lhs), `${rule.id} column ${col.key}`).toBe(sum(rule.rhs));
        checked++;
      }
    } else {
      for (const row of table.rows) {
        const sum = (cols: string[]) => cols.reduce((s, c) => s + val(cells, `${table.id}.${row.key}.${c}`), 0);
        expect(sum(rule.lhs), `${rule.id} row ${row.key}`).toBe(sum(rule.rhs));
        checked++;
      }
    }
  }
  return checked;
}

describe("generated values", () => {
  for (const variant of VARIANTS) {
    it(`satisfy every template rule (${variant}, ${SEEDS.length} seeds, all damage)`, () => {
      const t = tablesFor(variant);
      for (const seed of SEEDS) {
        const { gold } = gen(seed, variant, [...DAMAGE_KINDS], undefined, 0.5);
        expect(GoldFileSchema.safeParse(gold).success).toBe(true);
        expect(Object.keys(gold.cells)).toEqual([...tableKeys(t.t2), ...tableKeys(t.t3), ...tableKeys(t.t4)]);
        expect(gold.format).toBe(variant === "2019" ? "2019" : "2021");
        expect(variant === "2019" ? gold.year <= 2020 : gold.year >= 2021).toBe(true);
        expect(checkRules(t.t3, gold.cells) + checkRules(t.t4, gold.cells)).toBeGreaterThan(0);
        const signed = new Set(t.t2.columns.filter((c) => c.kind === "signed_count").map((c) => c.key));
        for (const [key, v] of Object.entries(gold.cells)) {
          if (v !== null && !signed.has(key.split(".").pop() ?? "")) expect(v, key).toBeGreaterThanOrEqual(0);
          if (v !== null && !key.endsWith(".amount")) expect(Number.isInteger(v), key).toBe(true);
        }
      }
    });
  }

  it("have the key set of the real gold files (2021 and the 洪泽区 hybrid)", () => {
    const real = new URL("../../shared/real/", import.meta.url);
    const shi = new URL("js-huaian-shi_2024.json", real);
    const hongze = new URL("js-huaian-hongze-qu_2023.json", real);
    if (!existsSync(shi) || !existsSync(hongze)) return;
    const keys = (u: URL) => Object.keys((JSON.parse(readFileSync(u, "utf8")) as { cells: object }).cells).sort();
    expect(Object.keys(gen(1, "2021", []).gold.cells).sort()).toEqual(keys(shi));
    expect(Object.keys(gen(1, "hybrid", []).gold.cells).sort()).toEqual(keys(hongze));
  });

  it("look like real reports: mostly zeros, some large t2 numbers, decimal fees", () => {
    const all = SEEDS.flatMap((s) => VARIANTS.map((v) => gen(s, v, []).gold.cells));
    const t3 = all.flatMap((c) => Object.entries(c).filter(([k]) => k.startsWith("t3.")).map(([, v]) => v ?? 0));
    expect(t3.filter((v) => v === 0).length / t3.length).toBeGreaterThan(0.6);
    expect(all.some((c) => Object.entries(c).some(([k, v]) => k.startsWith("t2.") && (v ?? 0) > 100000))).toBe(true);
    expect(all.some((c) => !Number.isInteger(c["t2.fees.amount"] ?? 0))).toBe(true);
  });
});

describe("determinism", () => {
  it("generateReport gives the same report for the same seed", () => {
    for (const variant of VARIANTS) {
      const a = gen(42, variant, [...DAMAGE_KINDS], undefined, 0.5);
      const b = gen(42, variant, [...DAMAGE_KINDS], undefined, 0.5);
      expect(a).toEqual(b);
      expect(gen(43, variant, [...DAMAGE_KINDS], undefined, 0.5).text).not.toBe(a.text);
    }
  });

  it("generateCorpus writes the same files for the same seed", async () => {
    const root = await mkdtemp(join(tmpdir(), "nianbao-gen-"));
    try {
      const runs = await Promise.all(["a", "b"].map((d) => generateCorpus({ outDir: join(root, d), count: 6, seed: 9 })));
      expect(runs[0]?.inputs.length).toBe(6);
      expect(runs[0]?.golds.length).toBe(6);
      for (const sub of ["inputs", "gold"]) {
        const names = await readdir(join(root, "a", sub));
        expect(names).toEqual(await readdir(join(root, "b", sub)));
        for (const n of names) expect(await readFile(join(root, "a", sub, n), "utf8")).toBe(await readFile(join(root, "b", sub, n), "utf8"));
      }
      for (const g of runs[0]?.golds ?? []) expect(GoldFileSchema.safeParse(JSON.parse(await readFile(g, "utf8"))).success).toBe(true);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("rejects bad options with a precise message", async () => {
    await expect(generateCorpus({ outDir: tmpdir(), count: -1, seed: 1 })).rejects.toThrow(/count/);
    await expect(generateCorpus({ outDir: tmpdir(), count: 1, seed: 1, damageRate: 2 })).rejects.toThrow(/damageRate/);
    await expect(generateCorpus({ outDir: tmpdir(), count: 1, seed: 1, damage: ["nope" as DamageKind] })).rejects.toThrow(/nope/);
  });
});

/** The part of a report between the table-3 heading and section 五 (tables 3 and 4). */
function tables34(text: string): string {
  const start = text.indexOf("三、收到和处理政府信息公开申请情况");
  const end = text.indexOf("五、存在的主要问题及改进情况");
  expect(start).toBeGreaterThan(0);
  return text.slice(start, end);
}

/** Labels as the template prints them (tab style prints each one whole when undamaged). */
function labels(variant: ReportVariant): string[] {
  const t = tablesFor(variant);
  return [
    ...t.t3.rows.map((r) => r.label_zh),
    ...t.t3.groups.filter((g) => g.key !== "outcomes").map((g) => g.label_zh),
    ...t.t3.columns.map((c) => c.label_zh),
    ...t.t2.rows.map((r) => r.label_zh),
    ...t.t2.columns.map((c) => c.label_zh),
  ];
}

const FOOTER = /^[\s\f]*(-\s?\d+\s?-|第 \d+ 页)\s*$/m;
const RUN_TOGETHER = /[\u4e00-\u9fff”）)][0-9]{7,}/;
const COLUMN_MAJOR = /(?:^[0-9]+(?:\.[0-9]+)?\n){3,}/m;
/** Cells of tab-style text: a label is printed whole as one cell unless damaged. */
const tabCells = (text: string) => new Set(text.split(/[\t\n]/).map((c) => c.trim()));
const numericCells = (line: string) => line.split("\t").filter((c) => /^[0-9]+$/.test(c)).length;

/** Per damage kind: a check that the damage is in the report (on) and one that it is not (off). */
const CHECKS: Record<DamageKind, { style?: RenderStyle; on: (r: GeneratedReport, v: ReportVariant) => void; off: (r: GeneratedReport, v: ReportVariant) => void }> = {
  split_labels: {
    on: (r, v) => {
      const t3 = tablesFor(v).t3;
      const keys = Object.entries(r.gold.damage).filter(([, k]) => k.includes("split_labels")).map(([key]) => key);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        const row = t3.rows.find((x) => key.startsWith(`t3.${x.key}.`));
        const group = t3.groups.find((g) => g.key === row?.group)?.label_zh ?? "";
        expect(!r.text.includes(row?.label_zh ?? "") || (group !== "" && !r.text.includes(group)), key).toBe(true);
      }
    },
    off: (r, v) => {
      const t3 = tablesFor(v).t3;
      for (const label of [...t3.rows.map((x) => x.label_zh), ...t3.groups.map((g) => g.label_zh)]) expect(r.text, label).toContain(label);
    },
  },
  vertical_header: {
    on: (r, v) => {
      const outcome = tablesFor(v).t3.groups.find((g) => g.key === "outcomes")?.label_zh ?? "?";
      expect(r.text).not.toContain(outcome);
      expect(r.text).toMatch(/结 果/);
    },
    off: (r, v) => {
      expect(r.text).toContain(tablesFor(v).t3.groups.find((g) => g.key === "outcomes")?.label_zh);
      expect(r.text).not.toMatch(/结 果/);
    },
  },
  page_footer: {
    on: (r) => expect(tables34(r.text)).toMatch(FOOTER),
    off: (r) => expect(r.text).not.toMatch(FOOTER),
  },
  misprints: {
    style: "tab",
    on: (r, v) => expect(labels(v).filter((l) => !tabCells(r.text).has(l)).length).toBeGreaterThan(0),
    off: (r, v) => expect(labels(v).filter((l) => !tabCells(r.text).has(l))).toEqual([]),
  },
  lost_cells: {
    style: "tab",
    on: (r) => {
      const counts = tables34(r.text).split("\n").map(numericCells).filter((n) => n > 0);
      expect(counts).toContain(6);
    },
    off: (r) => {
      const t3 = tables34(r.text).split("四、政府信息公开行政复议")[0] ?? "";
      for (const n of t3.split("\n").map(numericCells).filter((x) => x > 0)) expect(n).toBe(7);
    },
  },
  reading_order: {
    on: (r) => {
      expect(r.gold.generator.style).toBe("raw");
      expect(tables34(r.text)).toMatch(COLUMN_MAJOR);
    },
    off: (r) => expect(r.text).not.toMatch(COLUMN_MAJOR),
  },
  fullwidth: {
    on: (r) => expect(r.text).toMatch(/[０-９]/),
    off: (r) => expect(r.text).not.toMatch(/[０-９]/),
  },
  enum_comma: {
    on: (r) => expect(r.text).toMatch(/[0-9]、/),
    off: (r) => expect(r.text).not.toMatch(/[0-9]、/),
  },
  blank_cells: {
    on: (r) => {
      const nulls = Object.entries(r.gold.cells).filter(([, x]) => x === null).map(([k]) => k);
      expect(nulls.length).toBeGreaterThan(0);
      for (const k of nulls) expect(r.gold.damage[k]).toContain("blank_cells");
    },
    off: (r) => expect(Object.values(r.gold.cells)).not.toContain(null),
  },
  run_together: {
    on: (r, v) => {
      expect(r.text).toMatch(RUN_TOGETHER);
      // Gluing rows must not swallow the group labels of the glued row.
      for (const g of tablesFor(v).t3.groups) expect(r.text, g.label_zh).toContain(g.label_zh);
    },
    off: (r) => expect(r.text).not.toMatch(RUN_TOGETHER),
  },
};

describe("damage kinds", () => {
  for (const kind of DAMAGE_KINDS) {
    const check = CHECKS[kind];
    it(`${kind} appears when enabled and is recorded in gold.damage`, () => {
      for (const variant of VARIANTS) {
        for (const seed of SEEDS.slice(0, 15)) {
          const r = gen(seed, variant, [kind], check.style);
          expect(r.gold.generator.applied).toEqual([kind]);
          for (const kinds of Object.values(r.gold.damage)) for (const k of kinds) expect([kind, "page_footer"]).toContain(k);
          check.on(r, variant);
        }
      }
    });
    it(`${kind} is absent when disabled`, () => {
      const styles: RenderStyle[] = check.style ? [check.style] : ["tab", "layout", "raw"];
      for (const variant of VARIANTS) {
        for (const style of styles) {
          for (const seed of SEEDS.slice(0, 8)) {
            const r = gen(seed, variant, [], style);
            expect(r.gold.damage).toEqual({});
            check.off(r, variant);
          }
        }
      }
    });
  }

  it("a damage kind that is off is absent even when all others are on", () => {
    for (const kind of ["fullwidth", "enum_comma", "run_together", "blank_cells", "page_footer"] as const) {
      for (const seed of SEEDS.slice(0, 10)) {
        const r = gen(seed, "2021", DAMAGE_KINDS.filter((k) => k !== kind));
        expect(r.gold.generator.applied).not.toContain(kind);
        CHECKS[kind].off(r, "2021");
      }
    }
  });

  it("damage 'none' gives clean reports in all three styles", () => {
    const styles = new Set(SEEDS.map((s) => gen(s, "2021", [], undefined, 0.5).gold.generator.style));
    expect([...styles].sort()).toEqual(["layout", "raw", "tab"]);
  });
});

describe("parseDamage", () => {
  it("reads all, none and comma lists, and names unknown kinds", async () => {
    const { parseDamage } = await import("../tools/generate/index.js");
    expect(parseDamage("all")).toBe("all");
    expect(parseDamage("none")).toBe("none");
    expect(parseDamage("fullwidth, lost_cells")).toEqual(["fullwidth", "lost_cells"]);
    expect(() => parseDamage("fullwidth,typo")).toThrow(/typo/);
  });
});
