/**
 * `nianbao generate`: synthetic reports with their gold files, one kind of input per --kind. Every
 * kind writes `inputs/` and `gold/` under --out and is announced the same way; only its maker, the
 * words for what it wrote and the options it takes differ (KINDS).
 */
import { InvalidArgumentError, type Command } from "commander";
import { intAtLeast } from "../../src/cli/options.js";
import { DAMAGE_KINDS, PAGE_DAMAGE_KINDS, generateCorpus, generatePdfCorpus, type DamageKind, type PageDamageKind, type ReportVariant } from "../generate/index.js";
import { generateDocxCorpus } from "../generate/docx/index.js";
import { generateHtmlCorpus } from "../generate/html/index.js";
import { generateLegacyCorpus } from "../generate/legacy/index.js";
import { generatePageCorpus } from "../generate/page/index.js";
import { generateScanCorpus } from "../generate/scan/index.js";

const FORMATS: readonly ReportVariant[] = ["2021", "2019", "hybrid"];
type Format = ReportVariant;

function rate(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 1 || text.trim() === "") throw new InvalidArgumentError(`expected a number from 0 to 1, got "${text}"`);
  return n;
}

function formats(text: string): Format[] {
  const list = text.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (list.length === 0 || bad.length) throw new InvalidArgumentError(`expected a comma list of ${FORMATS.join(", ")}, got "${text}"`);
  return list as Format[];
}

/** Text kinds or page kinds; which list applies is checked once --kind is known (checkDamage). */
function damage(text: string): string[] | "all" | "none" {
  if (text === "all" || text === "none") return text;
  const list = text.split(",").map((s) => s.trim()).filter(Boolean);
  const known: readonly string[] = [...DAMAGE_KINDS, ...PAGE_DAMAGE_KINDS];
  const bad = list.filter((k) => !known.includes(k));
  if (list.length === 0 || bad.length) {
    throw new InvalidArgumentError(`expected all, none or a comma list of ${DAMAGE_KINDS.join(", ")} (text) or ${PAGE_DAMAGE_KINDS.join(", ")} (page), got "${text}"`);
  }
  return list;
}

function checkDamage<K extends string>(value: string[] | "all" | "none" | undefined, known: readonly K[], kind: string): K[] | "all" | "none" | undefined {
  if (value === undefined || value === "all" || value === "none") return value;
  const bad = value.filter((k) => !(known as readonly string[]).includes(k));
  if (bad.length > 0) throw new Error(`--damage ${bad.join(",")} does not apply to --kind ${kind}; known: ${known.join(", ")}`);
  return value as K[];
}

type Kind = "text" | "pdf" | "html" | "docx" | "legacy" | "scan" | "page";

interface GenerateCliOptions {
  out: string;
  count: number;
  seed: number;
  formats?: Format[];
  damage?: string[] | "all" | "none";
  damageRate?: number;
  blankZeros?: number;
  kind: Kind;
}

/** What every maker takes: the folder, the count, the seed, and the formats when given. */
function common(o: GenerateCliOptions) {
  return { outDir: o.out, count: o.count, seed: o.seed, ...(o.formats === undefined ? {} : { formats: o.formats }) };
}

function damageOptions<K extends string>(o: GenerateCliOptions, known: readonly K[]) {
  const damage = checkDamage<K>(o.damage, known, o.kind);
  return { ...(damage === undefined ? {} : { damage }), ...(o.damageRate === undefined ? {} : { damageRate: o.damageRate }) };
}

const blank = (o: GenerateCliOptions) => (o.blankZeros ? { blankZeros: o.blankZeros } : {});

/** Each kind: its maker, and what it wrote, in the words printed after "wrote N". */
const KINDS: Record<Kind, { what: string; make(o: GenerateCliOptions): Promise<{ inputs: readonly unknown[]; golds: readonly unknown[] }> }> = {
  text: { what: "report(s)", make: (o) => generateCorpus({ ...common(o), ...damageOptions<DamageKind>(o, DAMAGE_KINDS) }) },
  pdf: { what: "PDF report(s)", make: (o) => generatePdfCorpus({ ...common(o), ...blank(o) }) },
  html: { what: "HTML report(s)", make: (o) => generateHtmlCorpus(common(o)) },
  docx: { what: "DOCX report(s)", make: (o) => generateDocxCorpus(common(o)) },
  legacy: { what: "LEGACY report(s)", make: (o) => generateLegacyCorpus(common(o)) },
  scan: { what: "scanned report(s) (PDF and TIFF)", make: (o) => generateScanCorpus({ ...common(o), ...blank(o) }) },
  page: { what: "crawled page(s)", make: (o) => generatePageCorpus({ ...common(o), ...damageOptions<PageDamageKind>(o, PAGE_DAMAGE_KINDS) }) },
};

export function generateCommand(program: Command, setCode: (code: number) => void): void {
  program
    .command("generate")
    .description("write synthetic reports with their gold files, for tests and evaluation")
    .requiredOption("-o, --out <dir>", "output folder")
    .requiredOption("--count <n>", "number of reports", intAtLeast(1))
    .requiredOption("--seed <s>", "random seed (same seed, same corpus)", intAtLeast(0))
    .option("--formats <list>", `comma list of ${FORMATS.join(", ")}`, formats)
    .option("--damage <kinds>", `all, none, or a comma list of: ${DAMAGE_KINDS.join(", ")} (text); ${PAGE_DAMAGE_KINDS.join(", ")} (page; flatten always applies)`, damage)
    .option("--damage-rate <r>", "chance that each enabled damage kind is applied to a report, 0 to 1 (default 0.5; page: the kinds' own rates, see docs/crawled-pages.md)", rate)
    .option("--blank-zeros <share>", "pdf and scan: share of reports printed with every zero blank and 总计 only in some rows (blank_zeros), 0 to 1 (default 0)", rate)
    .option("--kind <kind>", "text (inputs/*.txt), pdf (inputs/*.pdf in varied layouts), html (inputs/*.html: portal pages, UTF-8/GBK), docx (inputs/*.docx), legacy (pre-2019 reports as text: statistics table, flattened table or sentences only) scan (generated PDFs rasterized as scans: image-only inputs/*.pdf and multi-page inputs/*.tif) or page (crawled web pages as a crawler keeps their text: inputs/*.page.txt); --damage applies to text and page", (t: string) => {
      if (!["text", "pdf", "html", "docx", "legacy", "scan", "page"].includes(t)) throw new InvalidArgumentError(`expected text, pdf, html, docx, legacy, scan or page, got "${t}"`);
      return t;
    }, "text")
    .action(async (o: GenerateCliOptions) => {
      if (o.blankZeros !== undefined && o.kind !== "pdf" && o.kind !== "scan") throw new Error(`--blank-zeros applies to --kind pdf and scan (pages: --damage blank_zeros), not to --kind ${o.kind}`);
      const made = await KINDS[o.kind].make(o);
      process.stdout.write(`wrote ${made.inputs.length} ${KINDS[o.kind].what} and ${made.golds.length} gold file(s) to ${o.out}\n`);
      setCode(0);
    });
}
