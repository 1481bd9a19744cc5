/** `nianbao show FILE`: one document's tables on the terminal (or its record as JSON); no output folder. */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { DEFAULT_RUN_OPTIONS } from "../pipeline/run-options.js";
import { showSize, size, UsageError } from "./options.js";

export function showCommand(program: Command, setCode: (code: number) => void): void {
  program
    .command("show")
    .description("read one file and print its tables as aligned text, values to review marked with *; writes no output folder")
    .argument("<file>", "one input file (text, PDF, scan, image, HTML or DOCX)")
    .option("--json", "print the record as JSON instead")
    .option("--max-bytes <size>", `refuse a text input larger than this (default ${showSize(DEFAULT_RUN_OPTIONS.maxBytes)})`, size)
    .option("--max-binary-bytes <size>", `refuse any other input larger than this (default ${showSize(DEFAULT_RUN_OPTIONS.maxBinaryBytes)})`, size)
    .action(async (file: string, o: { json?: boolean; maxBytes?: number; maxBinaryBytes?: number }) => {
      const s = statSync(file, { throwIfNoEntry: false });
      if (!s) throw new UsageError(`no such file: ${file}`);
      if (!s.isFile()) throw new UsageError(`${file} is not a file (show reads one file; extract reads folders)`);
      const { runDocument } = await import("../pipeline/run-document.js");
      const { recordToText } = await import("../emit/index.js");
      const record = await runDocument(resolve(file), {
        ...(o.maxBytes === undefined ? {} : { maxBytes: o.maxBytes }),
        ...(o.maxBinaryBytes === undefined ? {} : { maxBinaryBytes: o.maxBinaryBytes }),
      });
      process.stdout.write(o.json ? `${JSON.stringify(record, null, 2)}\n` : recordToText(record));
      setCode(0);
    });
}
