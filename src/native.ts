/**
 * The native modules nianbao loads, each through this one place: compiled addons fail to load
 * after an install with --ignore-scripts or --omit=optional, or under another Node version, and
 * their own error ("Cannot find module …/better_sqlite3.node", pdfjs's "Cannot load
 * @napi-rs/canvas") does not say what needs them or how to repair it. NativeModuleError does.
 */
import { createRequire } from "node:module";
import type Database from "better-sqlite3";

const require = createRequire(import.meta.url);

export class NativeModuleError extends Error {}

type Canvas = typeof import("@napi-rs/canvas");
type Sqlite = typeof Database;

const loaded = new Map<string, unknown>();

/** The package, loaded and tried once (`probe` makes a lazily loaded addon load now). */
export function loadNative<T>(pkg: string, neededFor: string, probe: (m: T) => void): T {
  if (loaded.has(pkg)) return loaded.get(pkg) as T;
  try {
    const m = require(pkg) as T;
    probe(m);
    loaded.set(pkg, m);
    return m;
  } catch (err) {
    const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new NativeModuleError(
      `${neededFor} needs the native package ${pkg}, which cannot be loaded (${reason}). ` +
        `Install it for this Node (${process.version}, ${process.platform}-${process.arch}): npm rebuild ${pkg}, or npm ci without --ignore-scripts or --omit=optional.`,
      { cause: err },
    );
  }
}

/** better-sqlite3's Database class (nianbao.sqlite, the review log's table). */
export function sqlite(): Sqlite {
  // The addon is loaded by the first `new Database`, not by require.
  return loadNative<Sqlite>("better-sqlite3", "Writing nianbao.sqlite", (D) => new D(":memory:").close());
}

/** Opens a SQLite database (better-sqlite3), with a clear message when the addon cannot load. */
export function openSqlite(path: string, options?: Database.Options): Database.Database {
  const D = sqlite();
  return new D(path, options);
}

/** @napi-rs/canvas: pdfjs-dist renders scanned pages on it (its own `require`), the generator draws scans with it. */
export function canvas(): Canvas {
  return loadNative<Canvas>("@napi-rs/canvas", "Rendering PDF pages for OCR", (c) => void c.createCanvas(1, 1));
}
