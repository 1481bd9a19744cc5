/** `nianbao show FILE`: one document's tables on the terminal (or its record as JSON); no output folder. */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { resolvePipelineOptions } from "../pipeline/pipeline-options.js";
import { DEFAULT_RUN_OPTIONS } from "../pipeline/run-options.js";
import { pipelineInput, showSize, size, UsageError } from "./options.js";

export function showCommand(program: Command, setCode: (code: number) => void): void {
  program
    .command("show")
    .description("read one file and print its tables as aligned text, values to review marked with *; writes no output folder")
    .argument("<file>", "one input file (text, PDF, scan, image, HTML or DOCX)")
    .option("--json", "print the record as JSON instead")
    .option("--pipeline <name|file>", "read as a pipeline file says (as extract does): its templates, limits, OCR engine and review threshold; a name is pipelines/NAME.json of the package, anything else a path")
    .option("--max-bytes <size>", `refuse a text input larger than this (default ${showSize(DEFAULT_RUN_OPTIONS.maxBytes)})`, size)
    .option("--max-binary-bytes <size>", `refuse any other input larger than this (default ${showSize(DEFAULT_RUN_OPTIONS.maxBinaryBytes)})`, size)
    .action(async (file: string, o: { json?: boolean; pipeline?: string; maxBytes?: number; maxBinaryBytes?: number }) => {
      const s = statSync(file, { throwIfNoEntry: false });
      if (!s) throw new UsageError(`no such file: ${file}`);
      if (!s.isFile()) throw new UsageError(`${file} is not a file (show reads one file; extract reads folders)`);
      // The pipeline file is read and checked before the document (a bad one: exit 2).
      const pipeline = resolvePipelineOptions(pipelineInput(o.pipeline, { maxBytes: o.maxBytes, maxBinaryBytes: o.maxBinaryBytes }));
      const { runDocument } = await import("../pipeline/run-document.js");
      const { recordToText } = await import("../emit/index.js");
      const { resolveTemplates } = await import("../templates/index.js");
      const { ocrSettings } = await import("../ocr/index.js");
      // A bad template file is a TemplateError (exit 2), before the document is read.
      const templates = resolveTemplates(pipeline.templates);
      const record = await runDocument(resolve(file), {
        maxBytes: pipeline.limits.maxBytes,
        maxBinaryBytes: pipeline.limits.maxBinaryBytes,
        reviewThreshold: pipeline.review.threshold,
        templates: pipeline.templates,
        labelCutoff: pipeline.match.labelCutoff,
        ...(o.pipeline === undefined ? {} : { ocr: ocrSettings(pipeline.ocr) }),
      });
      process.stdout.write(o.json ? `${JSON.stringify(record, null, 2)}\n` : recordToText(record, templates));
      setCode(0);
    });
}
