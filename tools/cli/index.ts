/**
 * The development commands of a checkout, `nianbao generate` and `nianbao eval`: they make and
 * score test corpora and are not part of the installed package (bin/nianbao.js runs them from
 * dist-dev/ when present); one file per command. Same conventions as src/cli/: exit 0 on success, 2 on a usage error.
 */
import { Command, CommanderError } from "commander";
import { evalCommand } from "./eval.js";
import { generateCommand } from "./generate.js";

/** The commands this file adds (bin/nianbao.js sends these here). */
export const DEV_COMMANDS = ["generate", "eval"] as const;

function buildDevProgram(setCode: (code: number) => void): Command {
  const program = new Command("nianbao").exitOverride();

  for (const add of [generateCommand, evalCommand]) add(program, setCode);

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
