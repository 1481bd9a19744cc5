/** Expands the paths given to a batch into the files to read: folders recursively, hidden entries skipped. */
import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join, resolve } from "node:path";

export interface CollectedInputs {
  /** Absolute paths, in the order given, folder contents sorted by name, without duplicates. */
  files: string[];
  /** Paths given that do not exist or cannot be listed, with the reason. */
  missing: { path: string; message: string }[];
}

export interface CollectOptions {
  /** Folders never entered while walking (the output folder, when it lies inside an input folder). */
  exclude?: string[];
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or folder";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return err instanceof Error ? err.message : String(err);
}

export async function collectInputs(paths: readonly string[], opts: CollectOptions = {}): Promise<CollectedInputs> {
  const exclude = new Set((opts.exclude ?? []).map((p) => resolve(p)));
  const files: string[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>(); // real paths, so that symlinked folders cannot loop
  const missing: CollectedInputs["missing"] = [];

  const addFile = (p: string): void => {
    if (!seenFiles.has(p)) {
      seenFiles.add(p);
      files.push(p);
    }
  };

  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      const real = await realpath(dir);
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      missing.push({ path: dir, message: `${dir}: cannot list folder: ${reason(err)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const p = join(dir, e.name);
      if (exclude.has(p)) continue;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const s = await stat(p).catch(() => null); // a dangling link is not an input
        isDir = s?.isDirectory() ?? false;
        isFile = s?.isFile() ?? false;
      }
      if (isDir) await walk(p);
      else if (isFile) addFile(p);
    }
  };

  for (const given of paths) {
    const p = resolve(given);
    let s;
    try {
      s = await stat(p);
    } catch (err) {
      missing.push({ path: p, message: `${given}: ${reason(err)}` });
      continue;
    }
    // A file named explicitly is read even if hidden; only folder walks skip hidden entries.
    if (s.isDirectory()) await walk(p);
    else addFile(p);
  }
  return { files, missing };
}
