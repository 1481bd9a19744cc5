/**
 * Writes a generated corpus: `inputs/<id>.<ext>` and `gold/<id>.json` for reports 0..count-1. Each
 * report draws from its own stream (`Rng.forItem(seed, i)`), so report i is the same whatever the
 * count. Every gold file is checked against the schema before it is written.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GoldFileSchema } from "../../src/model/index.js";
import { Rng } from "./rng.js";

export interface WrittenReport {
  id: string;
  /** The input file's content; a string is written as UTF-8. */
  bytes: Buffer | string;
  gold: unknown;
  /** This report's file extension, when it is not the corpus's (scans: some PDF, some TIFF). */
  ext?: string;
}

export interface CorpusFiles {
  inputs: string[];
  golds: string[];
}

export async function writeCorpus(
  opts: { outDir: string; count: number; seed: number },
  ext: string,
  make: (rng: Rng, index: number) => Promise<WrittenReport> | WrittenReport,
): Promise<CorpusFiles> {
  const inputDir = join(opts.outDir, "inputs");
  const goldDir = join(opts.outDir, "gold");
  await mkdir(inputDir, { recursive: true });
  await mkdir(goldDir, { recursive: true });
  const result: CorpusFiles = { inputs: [], golds: [] };
  for (let index = 0; index < opts.count; index++) {
    const report = await make(Rng.forItem(opts.seed, index), index);
    GoldFileSchema.parse(report.gold);
    const input = join(inputDir, `${report.id}.${report.ext ?? ext}`);
    const gold = join(goldDir, `${report.id}.json`);
    await writeFile(input, report.bytes);
    await writeFile(gold, JSON.stringify(report.gold, null, 1) + "\n", "utf8");
    result.inputs.push(input);
    result.golds.push(gold);
  }
  return result;
}
