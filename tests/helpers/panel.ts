/** A generated multi-year panel (tools/generate/panel.ts) written as text inputs, one file a report. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generatePanel, type GeneratedPanel, type PanelOptions } from "../../tools/generate/panel.js";

/** Writes each report of the panel to `dir` as `<id>_<year>.txt`; returns the panel and the files' paths, in report order. */
export async function writePanelInputs(dir: string, opts: PanelOptions): Promise<{ panel: GeneratedPanel; paths: string[] }> {
  const panel = generatePanel(opts);
  const paths: string[] = [];
  for (const r of panel.reports) {
    const path = join(dir, `${r.id}_${r.gold.year}.txt`);
    await writeFile(path, r.text);
    paths.push(path);
  }
  return { panel, paths };
}
