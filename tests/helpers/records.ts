/** Small hand-built records for the emit and batch tests, checked against the schema. */
import { createHash } from "node:crypto";
import { ReportRecordSchema, type CellRecord, type Check, type ReportRecord } from "../../src/model/index.js";

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function cell(key: string, value: number | null, extra: Partial<CellRecord> = {}): CellRecord {
  const [table = "t3", ...rest] = key.split(".");
  const column = rest.pop() ?? "total";
  return {
    key,
    table,
    row: rest.join("."),
    column,
    label_zh: "本年新收政府信息公开申请数量",
    value,
    raw: value === null ? "" : String(value),
    confidence: 0.95,
    status: "read",
    flags: [],
    needs_review: false,
    source: { page: 1, line: 10 },
    ...extra,
  };
}

export function check(rule: string, keys: string[], ok: boolean, expected: number | null, actual: number | null, message_zh?: string): Check {
  return { rule, ok, expected, actual, keys, ...(message_zh === undefined ? {} : { message_zh }) };
}

export interface RecordSpec {
  path?: string;
  content?: string;
  agency?: string | null;
  year?: number | null;
  cells?: CellRecord[];
  checks?: Check[];
  warnings?: string[];
}

export function makeRecord(spec: RecordSpec = {}): ReportRecord {
  const content = spec.content ?? "content";
  return ReportRecordSchema.parse({
    schema: "nianbao.report/1",
    source: { path: spec.path ?? "/data/report.txt", sha256: sha256(content), kind: "text", pages: 1 },
    report: {
      agency: spec.agency === undefined ? "淮安市洪泽区人民政府" : spec.agency,
      year: spec.year === undefined ? 2023 : spec.year,
      template: "gov-info-2021",
      title: "2023年政府信息公开工作年度报告",
      tables: { t3: "gov-info-2021", t4: "gov-info-2021" },
    },
    cells: spec.cells ?? [cell("t3.new_received.total", 12), cell("t3.granted.total", 7)],
    checks: spec.checks ?? [],
    unmapped: [{ text: "注：本表数据截至12月31日", page: 1, line: 40 }],
    sections: { summary: "总体情况" },
    timings: { ingest: 1, layout: 2 },
    warnings: spec.warnings ?? [],
    nianbao_version: "0.1.0",
  });
}
