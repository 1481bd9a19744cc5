/**
 * Where a record's input file is now. Records name their input by the absolute path it was read
 * from; an output folder handed to a reviewer on another machine (or inputs moved since) no longer
 * has it there. The file is then looked for under the source roots (`review --source-root DIR`, and
 * the output folder's parent, so that a folder handed over together with its inputs needs no flag):
 * the recorded path's tail, longest first — `/home/a/archive/2023/x.pdf` under root `R` is tried as
 * `R/home/a/archive/2023/x.pdf`, `R/a/archive/2023/x.pdf`, …, `R/2023/x.pdf`, `R/x.pdf`. Only a
 * file whose bytes hash to the record's sha256 counts, so a namesake is never shown in its place.
 */
import { stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { sha256File } from "../pipeline/hash.js";

export type Located = { path: string } | { missing: string };

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export class SourceLocator {
  private readonly found = new Map<string, Promise<Located>>();

  constructor(readonly roots: readonly string[]) {}

  /** The input's path now; `missing` names the recorded path when no copy with its hash is found. */
  locate(recorded: string, sha256: string): Promise<Located> {
    const id = `${sha256}\u0000${recorded}`;
    let hit = this.found.get(id);
    // A place found before is checked again (cheap): the file may have moved since.
    if (hit) hit = hit.then(async (r) => ("path" in r && (await isFile(r.path)) ? r : this.search(recorded, sha256)));
    if (!hit) {
      hit = this.search(recorded, sha256);
    }
    this.found.set(id, hit);
    // A miss is looked for again next time (the reviewer may copy the file in meanwhile).
    void hit.then((r) => {
      if ("missing" in r && this.found.get(id) === hit) this.found.delete(id);
    });
    return hit;
  }

  private async search(recorded: string, sha256: string): Promise<Located> {
    // The recorded place first, as it is: a changed file there is reported as changed, not skipped.
    if (isAbsolute(recorded) && (await isFile(recorded))) return { path: recorded };
    const parts = recorded.split(/[\\/]+/).filter((p) => p && p !== "." && p !== ".." && !/^[a-z]:$/i.test(p));
    for (const root of this.roots) {
      for (let from = 0; from < parts.length; from++) {
        const candidate = resolve(join(root, ...parts.slice(from)));
        if ((await isFile(candidate)) && (await sha256File(candidate)) === sha256.toLowerCase()) return { path: candidate };
      }
    }
    return { missing: recorded };
  }
}
