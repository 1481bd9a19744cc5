/** Option parsers and helpers shared by the commands of the command line. */
import { readFileSync } from "node:fs";
import bytes from "bytes-iec";
import { InvalidArgumentError } from "commander";
import { OCR_ENGINES, PipelineFileError, loadPipeline, parseSize, withOverrides, type PipelineOptionsInput, type PipelineOverrides } from "../pipeline/pipeline-options.js";

type OcrEngineName = (typeof OCR_ENGINES)[number];

export function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

export function intAtLeast(min: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}, got "${text}"`);
    return n;
  };
}

/**
 * A size: 100, 1k, 1.5M, 20MiB, 20MB (bytes-iec: KiB/MiB binary, KB/MB decimal; a bare k/M/G is
 * binary, as in `ls -h`). The same syntax as the sizes of a pipeline file.
 */
export function size(text: string): number {
  const n = parseSize(text);
  if (n === null) throw new InvalidArgumentError(`expected a size such as 500k, 20MiB or 1GB, got "${text}"`);
  return n;
}

export const showSize = (n: number): string => bytes.format(n, { mode: "binary" }) ?? `${n}`;

/** Repeatable option: each use adds a value. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Usage errors found after parsing: one line, the hint, exit status 2 (as commander's own). */
export class UsageError extends Error {}

/** Seconds on the command line → ms. */
export function seconds(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || text.trim() === "") throw new InvalidArgumentError(`expected a positive number of seconds, got "${text}"`);
  return Math.round(n * 1000);
}

export function ocrEngine(v: string): OcrEngineName {
  const known = OCR_ENGINES.find((e) => e === v);
  if (!known) throw new InvalidArgumentError(`must be ${OCR_ENGINES.join(" or ")}`);
  return known;
}

/** A number from 0 to 1 (a confidence). */
export function fraction(text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !(n >= 0 && n <= 1)) throw new InvalidArgumentError(`expected a number from 0 to 1, got "${text}"`);
  return n;
}

/**
 * `--pipeline NAME|FILE` with the command's explicit flags written over it: what the run is given
 * (it resolves the defaults once). A pipeline file that cannot be used is a usage error (exit 2)
 * naming the file and the field, raised before anything is written.
 */
export function pipelineInput(name: string | undefined, flags: PipelineOverrides): PipelineOptionsInput {
  let base: PipelineOptionsInput = {};
  if (name !== undefined) {
    try {
      base = loadPipeline(name).options;
    } catch (e) {
      if (e instanceof PipelineFileError) throw new UsageError(e.message);
      throw e;
    }
  }
  return withOverrides(base, flags);
}
