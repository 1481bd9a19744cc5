/** `nianbao review [DIR]`: the QA web app over an output folder, until Ctrl-C. */
import type { Command } from "commander";
import { DEFAULT_REVIEW_PORT, defaultReviewer, serveReview } from "../review/index.js";
import { intAtLeast } from "./options.js";

export function reviewCommand(program: Command, setCode: (code: number) => void): void {
  program
    .command("review")
    .description(`serve the review app over an output folder (http://127.0.0.1:${DEFAULT_REVIEW_PORT}/ by default) until Ctrl-C`)
    .argument("[dir]", "output folder of an extract run", "output")
    .option("-p, --port <n>", "port to listen on (0: any free port)", intAtLeast(0), DEFAULT_REVIEW_PORT)
    .option("--host <addr>", "interface to listen on; anything but loopback exposes the data to your network", "127.0.0.1")
    .option("--reviewer <name>", "name written into each correction", defaultReviewer())
    .option("--source-root <dir>", "folder to find inputs in that moved since extraction (repeatable; the output folder's parent is always searched)", (v: string, all: string[]) => [...all, v], [] as string[])
    .action(async (dir: string, o: { port: number; host: string; reviewer: string; sourceRoot: string[] }) => {
      // Serves until interrupted; the signal handlers are removed again so main() can be called repeatedly.
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        await serveReview({ outDir: dir, host: o.host, port: o.port, reviewer: o.reviewer, sourceRoots: o.sourceRoot }, stop.signal, (line) => process.stdout.write(`${line}\n`));
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
      setCode(0);
    });
}
