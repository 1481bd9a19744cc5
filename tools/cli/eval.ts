/** `nianbao eval --gold DIR --out DIR`: score the records of an output folder against gold files. */
import type { Command } from "commander";
import { evaluate, formatEvalSummary } from "../eval/index.js";

export function evalCommand(program: Command, setCode: (code: number) => void): void {
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
}
