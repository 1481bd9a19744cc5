/**
 * What of the collected inputs is read: the --include / --exclude globs (picomatch) over the files
 * found in folders, and structured data (JSON, CSV, XML) set apart as not a report. Files named
 * explicitly skip the globs (the user asked for them) but not the structured-data check.
 */
import { closeSync, constants, openSync, readSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { createRequire } from "node:module";
import { STRUCTURED_HEAD_BYTES, structuredDataKind, structuredDataMessage } from "./structured.js";

export interface InputFilter {
  /** Read only files matching one of these (default: all). */
  include?: readonly string[];
  /** Never read files matching one of these. */
  exclude?: readonly string[];
}

export interface FilteredInputs {
  files: string[];
  /** Not reports, with the code and reason (the batch records them as skipped). */
  refused: { path: string; code: "structured_data"; message: string }[];
  /** Left out by the globs (not in the manifest: the user chose not to read them). */
  excluded: number;
}

/**
 * A glob without "/" matches the file name at any depth (`*.pdf`); one with "/" matches the path
 * relative to the folder given (`2019/**`, `** /drafts/**`).
 */
export function globMatcher(patterns: readonly string[] | undefined): ((rel: string) => boolean) | null {
  if (!patterns || patterns.length === 0) return null;
  // Loaded only when there are globs (issue 14: the fixed cost of a run).
  const picomatch = createRequire(import.meta.url)("picomatch") as typeof import("picomatch");
  const matchers = patterns.map((p) => picomatch(p, { basename: !p.includes("/"), dot: true }));
  return (rel) => matchers.some((m) => m(rel));
}

/**
 * The first bytes of a file, synchronously: three async calls per file cost 1.8 s for 10,000
 * inputs on the batch's thread, a fifth of a re-run (issue 14). Non-blocking, so that a path that
 * became a FIFO since it was listed does not wait for a writer.
 */
async function head(path: string): Promise<Buffer> {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const buf = Buffer.alloc(STRUCTURED_HEAD_BYTES);
    const bytesRead = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    closeSync(fd);
  }
}

/**
 * `given`: the paths as given to the batch (folders are the roots the globs are relative to).
 * `readBefore`: true for a file the last run read as it is now (same size and modification time):
 * its first bytes were no structured data then, and are not read again (a re-run of 10,000
 * inputs spent 0.3 s reading and testing them, issue 14).
 */
export async function filterInputs(files: readonly string[], given: readonly string[], filter: InputFilter = {}, readBefore: (path: string) => boolean = () => false): Promise<FilteredInputs> {
  const included = globMatcher(filter.include);
  const excluded = globMatcher(filter.exclude);
  const roots = given.map((g) => resolve(g));
  const named = new Set(roots);
  const out: FilteredInputs = { files: [], refused: [], excluded: 0 };
  for (const path of files) {
    if (!named.has(path) && (included || excluded)) {
      // The longest given folder that contains the file.
      const root = roots.filter((r) => path.startsWith(r + sep)).sort((a, b) => b.length - a.length)[0];
      const rel = (root ? relative(root, path) : path).split(sep).join("/");
      if ((included && !included(rel)) || excluded?.(rel)) {
        out.excluded += 1;
        continue;
      }
    }
    if (readBefore(path)) {
      out.files.push(path);
      continue;
    }
    // An unreadable file goes on to the reader, which names the problem.
    const kind = structuredDataKind(path, await head(path).catch(() => Buffer.alloc(0)));
    if (kind) out.refused.push({ path, code: "structured_data", message: structuredDataMessage(path, kind) });
    else out.files.push(path);
  }
  return out;
}
