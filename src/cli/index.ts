/**
 * The command line: the only code that reads arguments, one file per command, a thin layer over
 * the library API.
 * Exit codes: 0 success; 1 `extract` read some inputs but not all; 2 usage error or fatal error.
 */
import { Command, CommanderError } from "commander";
import { installSyncDecompression } from "../ingest/pdf/sync-inflate.js";
import { InputError } from "../pipeline/errors.js";
import { extractCommand } from "./extract.js";
import { UsageError, version } from "./options.js";
import { TemplateError } from "../templates/index.js";
import { reviewCommand } from "./review.js";
import { showCommand } from "./show.js";
import { workerCommand } from "./worker.js";

export { intAtLeast, size } from "./options.js";

function buildProgram(setCode: (code: number) => void): Command {
  const program = new Command("nianbao")
    .description("Digitize government information-disclosure annual reports (政府信息公开工作年度报告).")
    .version(version())
    .exitOverride()
    .addHelpText("after", "\nIn a checkout of the repository also: generate (synthetic reports with gold files) and eval (score records against gold files), development tools built to dist-dev/ (docs/commands.md).");
  for (const add of [extractCommand, showCommand, workerCommand, reviewCommand]) add(program, setCode);

  // A usage error prints one line and where to look, not the whole help.
  program.showHelpAfterError("(nianbao --help lists the commands)");
  for (const sub of program.commands) sub.showHelpAfterError(`(nianbao ${sub.name()} --help lists its options)`);
  return program;
}

/** Runs the command line (`argv` as in process.argv) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  // The process is the command line's own (no host code shares its globals): pdfjs inflates
  // synchronously here too, as in the document threads (a run of one input reads it in this thread).
  installSyncDecompression();
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UsageError || err instanceof TemplateError) {
      const command = program.commands.find((c) => argv.slice(2).includes(c.name()))?.name();
      process.stderr.write(`error: ${err.message}\n(nianbao ${command ? `${command} ` : ""}--help lists the options)\n`);
      return 2;
    }
    if (err instanceof InputError) {
      // show: the file cannot be read; one line naming it and the problem.
      process.stderr.write(`error: ${err.message} [${err.code}]\n`);
      return 1;
    }
    throw err;
  }
  return code;
}
