/** The review app (issue 7): a local web server over an output folder; see server.ts. */
import { existsSync } from "node:fs";
import { userInfo } from "node:os";
import { join, resolve } from "node:path";
import { OUTPUT_FILES } from "../emit/index.js";
import { startReviewServer, type ReviewServer, type ReviewServerOptions } from "./server.js";

export { DEFAULT_REVIEW_PORT, startReviewServer, type ReviewServer, type ReviewServerOptions } from "./server.js";

export function defaultReviewer(): string {
  try {
    return userInfo().username || "reviewer";
  } catch {
    return "reviewer";
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/**
 * What `nianbao review` does: checks the folder, starts the server, prints the address, and serves
 * until `stop` aborts (SIGINT/SIGTERM from the CLI). Throws with a message for a folder that is not
 * an output folder.
 */
export async function serveReview(opts: ReviewServerOptions, stop: AbortSignal, print: (line: string) => void): Promise<void> {
  const dir = resolve(opts.outDir);
  if (!existsSync(join(dir, OUTPUT_FILES.reports))) {
    throw new Error(`${dir} is not an output folder of nianbao extract (no ${OUTPUT_FILES.reports}/ in it)`);
  }
  const host = opts.host ?? "127.0.0.1";
  if (!isLoopback(host)) print(`warning: listening on ${host}: anyone who can reach it can read this data and write corrections`);
  const server: ReviewServer = await startReviewServer({ ...opts, outDir: dir });
  for (const root of opts.sourceRoots ?? []) if (!existsSync(root)) print(`warning: --source-root ${root}: no such folder`);
  print(`nianbao review: ${server.url} (output folder ${dir}, reviewer ${opts.reviewer ?? "reviewer"}); Ctrl-C to stop`);
  if (!stop.aborted) await new Promise<void>((ok) => stop.addEventListener("abort", () => ok(), { once: true }));
  await server.close();
}
