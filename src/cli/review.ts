/** `nianbao review [DIR]`: the QA web app over an output folder, until Ctrl-C. */
import type { Command } from "commander";
import { intAtLeast } from "./options.js";

/** The review server's default port (review/server.ts; a test keeps them equal), here so that the help loads no server code. */
export const REVIEW_PORT_SHOWN = 4300;

export function reviewCommand(program: Command, setCode: (code: number) => void): void {
  program
    .command("review")
    .description(`serve the review app over an output folder (http://127.0.0.1:${REVIEW_PORT_SHOWN}/ by default) until Ctrl-C`)
    .argument("[dir]", "output folder of an extract run", "output")
    .option("-p, --port <n>", "port to listen on (0: any free port)", intAtLeast(0), REVIEW_PORT_SHOWN)
    .option("--host <addr>", "interface to listen on; anything but loopback exposes the data to your network", "127.0.0.1")
    .option("--reviewer <name>", "name written into each correction (default: your user name)")
    .option("--source-root <dir>", "folder to find inputs in that moved since extraction (repeatable; the output folder's parent is always searched)", (v: string, all: string[]) => [...all, v], [] as string[])
    .action(async (dir: string, o: { port: number; host: string; reviewer?: string; sourceRoot: string[] }) => {
      const { defaultReviewer, serveReview } = await import("../review/index.js");
      // Serves until interrupted; the signal handlers are removed again so main() can be called repeatedly.
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        await serveReview({ outDir: dir, host: o.host, port: o.port, reviewer: o.reviewer ?? defaultReviewer(), sourceRoots: o.sourceRoot }, stop.signal, (line) => process.stdout.write(`${line}\n`));
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
      setCode(0);
    });
}
