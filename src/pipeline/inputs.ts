/** Expands the paths given to a batch into the files to read: folders recursively, hidden entries skipped. */
import type { Dirent, Stats } from "node:fs";
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { join, resolve } from "node:path";

export interface CollectedInputs {
  /** Absolute paths, in the order given, folder contents sorted by name, without duplicates. */
  files: string[];
  /**
   * Paths that are not read, with the reason: given but missing or unlistable (`unreadable`), not a
   * regular file — a FIFO, socket or device, which would block or never end (`not_a_file`) — or a
   * symbolic link that leads nowhere or loops (`broken_link`).
   */
  missing: { path: string; message: string; code: "unreadable" | "not_a_file" | "broken_link" }[];
}

export interface CollectOptions {
  /** Folders never entered while walking (the output folder, when it lies inside an input folder). */
  exclude?: string[];
}

/** What a file system entry that is neither a regular file nor a folder is, for messages. */
function kindOf(s: Stats): string {
  if (s.isFIFO()) return "a named pipe (FIFO)";
  if (s.isSocket()) return "a socket";
  if (s.isCharacterDevice()) return "a character device";
  if (s.isBlockDevice()) return "a block device";
  return "not a regular file";
}

function linkProblem(p: string, err: unknown): { path: string; message: string; code: "broken_link" } {
  const code = (err as NodeJS.ErrnoException).code;
  const what = code === "ELOOP" ? "a symbolic link that loops (it leads back to itself)" : code === "ENOENT" ? "a symbolic link to nothing (its target does not exist)" : `a symbolic link that cannot be followed (${reason(err)})`;
  return { path: p, message: `${p}: ${what}; not read`, code: "broken_link" };
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
      missing.push({ path: dir, message: `${dir}: cannot list folder: ${reason(err)}`, code: "unreadable" });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const p = join(dir, e.name);
      if (exclude.has(p)) continue;
      let s: Stats | null = null;
      if (e.isSymbolicLink()) {
        try {
          s = await stat(p);
        } catch (err) {
          missing.push(linkProblem(p, err));
          continue;
        }
      }
      if (s ? s.isDirectory() : e.isDirectory()) await walk(p);
      else if (s ? s.isFile() : e.isFile()) addFile(p);
      else {
        // Only regular files are read: opening a FIFO blocks until a writer comes, a device never ends.
        const what = s ?? (await lstat(p).catch(() => null));
        missing.push({ path: p, message: `${p}: ${what ? kindOf(what) : "not a regular file"}, not a file to read; skipped`, code: "not_a_file" });
      }
    }
  };

  for (const given of paths) {
    const p = resolve(given);
    let s;
    try {
      s = await stat(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const link = code === "ELOOP" || (code === "ENOENT" && (await lstat(p).catch(() => null))?.isSymbolicLink());
      missing.push(link ? linkProblem(p, err) : { path: p, message: `${given}: ${reason(err)}`, code: "unreadable" });
      continue;
    }
    // A file named explicitly is read even if hidden; only folder walks skip hidden entries.
    if (s.isDirectory()) await walk(p);
    else if (s.isFile()) addFile(p);
    else missing.push({ path: p, message: `${given}: ${kindOf(s)}, not a file to read; skipped`, code: "not_a_file" });
  }
  return { files, missing };
}
