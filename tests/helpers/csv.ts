/** Reads an emitted CSV (UTF-8 with BOM) back into rows keyed by header, with a real CSV parser. */
import { parseString } from "fast-csv";

export function csvRows(text: string): Promise<Record<string, string>[]> {
  return new Promise((resolve, reject) => {
    const rows: Record<string, string>[] = [];
    parseString(text.replace(/^\uFEFF/, ""), { headers: true })
      .on("data", (r: Record<string, string>) => rows.push(r))
      .on("error", reject)
      .on("end", () => resolve(rows));
  });
}
