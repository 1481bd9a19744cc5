/**
 * The development commands of a checkout, `nianbao generate` and `nianbao eval`: they make and
 * score test corpora and are not part of the installed package (bin/nianbao.js runs them from
 * dist-dev/ when present). Same conventions as src/cli.ts: exit 0 on success, 2 on a usage error.
 */
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { intAtLeast } from "../src/cli.js";
import { evaluate, formatEvalSummary } from "./eval/index.js";
import { DAMAGE_KINDS, PAGE_DAMAGE_KINDS, generateCorpus, generatePdfCorpus, type DamageKind, type PageDamageKind, type ReportVariant } from "./generate/index.js";
import { generateDocxCorpus } from "./generate/docx/index.js";
import { generateHtmlCorpus } from "./generate/html/index.js";
import { generateLegacyCorpus } from "./generate/legacy/index.js";
import { generatePageCorpus } from "./generate/page/index.js";
import { generateScanCorpus } from "./generate/scan/index.js";

/** The commands this file adds (bin/nianbao.js sends these here). */
export const DEV_COMMANDS = ["generate", "eval"] as const;

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

function buildDevProgram(setCode: (code: number) => void): Command {
  const program = new Command("nianbao").exitOverride();

  program
    .command("eval")
    .description("score the records in an output folder against gold files")
    .requiredOption("--gold <dir>", "folder of gold files ({agency, year, format, cells})")
    .requiredOption("--out <dir>", "output folder of an extract run")
    .action(async (o: { gold: string; out: string }) => {
      const report = await evaluate({ goldDir: o.gold, outDir: o.out });
      process.stdout.write(`${formatEvalSummary(report).trimEnd()}\n`);
      setCode(0);
    });

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
    .action(
      async (o: { out: string; count: number; seed: number; formats?: Format[]; damage?: string[] | "all" | "none"; damageRate?: number; blankZeros?: number; kind: "text" | "pdf" | "html" | "docx" | "legacy" | "scan" | "page" }) => {
        if (o.blankZeros !== undefined && o.kind !== "pdf" && o.kind !== "scan") throw new Error(`--blank-zeros applies to --kind pdf and scan (pages: --damage blank_zeros), not to --kind ${o.kind}`);
        const blank = o.blankZeros ? { blankZeros: o.blankZeros } : {};
        if (o.kind === "page") {
          const pageDamage = checkDamage<PageDamageKind>(o.damage, PAGE_DAMAGE_KINDS, o.kind);
          const pages = await generatePageCorpus({
            outDir: o.out,
            count: o.count,
            seed: o.seed,
            ...(o.formats === undefined ? {} : { formats: o.formats }),
            ...(pageDamage === undefined ? {} : { damage: pageDamage }),
            ...(o.damageRate === undefined ? {} : { damageRate: o.damageRate }),
          });
          process.stdout.write(`wrote ${pages.inputs.length} crawled page(s) and ${pages.golds.length} gold file(s) to ${o.out}\n`);
          setCode(0);
          return;
        }
        if (o.kind === "scan") {
          const scans = await generateScanCorpus({ outDir: o.out, count: o.count, seed: o.seed, ...(o.formats === undefined ? {} : { formats: o.formats }), ...blank });
          process.stdout.write(`wrote ${scans.inputs.length} scanned report(s) (PDF and TIFF) and ${scans.golds.length} gold file(s) to ${o.out}\n`);
          setCode(0);
          return;
        }
        if (o.kind === "html" || o.kind === "docx" || o.kind === "legacy") {
          const make = o.kind === "html" ? generateHtmlCorpus : o.kind === "docx" ? generateDocxCorpus : generateLegacyCorpus;
          const made = await make({ outDir: o.out, count: o.count, seed: o.seed, ...(o.formats === undefined ? {} : { formats: o.formats }) });
          process.stdout.write(`wrote ${made.inputs.length} ${o.kind.toUpperCase()} report(s) and ${made.golds.length} gold file(s) to ${o.out}\n`);
          setCode(0);
          return;
        }
        if (o.kind === "pdf") {
          const pdfs = await generatePdfCorpus({ outDir: o.out, count: o.count, seed: o.seed, ...(o.formats === undefined ? {} : { formats: o.formats }), ...blank });
          process.stdout.write(`wrote ${pdfs.inputs.length} PDF report(s) and ${pdfs.golds.length} gold file(s) to ${o.out}\n`);
          setCode(0);
          return;
        }
        const textDamage = checkDamage<DamageKind>(o.damage, DAMAGE_KINDS, o.kind);
        const result = await generateCorpus({
          outDir: o.out,
          count: o.count,
          seed: o.seed,
          ...(o.formats === undefined ? {} : { formats: o.formats }),
          ...(textDamage === undefined ? {} : { damage: textDamage }),
          ...(o.damageRate === undefined ? {} : { damageRate: o.damageRate }),
        });
        process.stdout.write(`wrote ${result.inputs.length} report(s) and ${result.golds.length} gold file(s) to ${o.out}\n`);
        setCode(0);
      },
    );

  program.showHelpAfterError("(nianbao --help lists the commands)");
  for (const sub of program.commands) sub.showHelpAfterError(`(nianbao ${sub.name()} --help lists its options)`);
  return program;
}

/** Runs a development command (`argv` as in process.argv) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildDevProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }
  return code;
}
