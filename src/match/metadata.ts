/** Agency, year and title from the report's opening lines and its statistics period. */
import type { PageLine } from "../model/index.js";

export interface ReportMeta {
  agency: string | null;
  year: number | null;
  title: string | null;
}

const TITLE = /(\d{4})\s*年(?:度)?\s*政府信息公开(?:工作)?年度报告/;
const INTRO_AGENCY = /本报告由(.{2,40}?)(?:按照|根据|依据|依照|遵照|结合|编制|，)/;
const CRAWLER_FIELD = /^(?:标题|题目|文章标题|名称)\s*:\s*/;
/** The publishing body in a crawler's header block (发布机构: …), when the title names none. */
const PUBLISHER = /^(?:发布机构|发文机关|来源|信息来源)\s*:\s*(\S.{1,40})$/m;
const PERIOD = /统计期限自?\s*(\d{4})\s*年\s*1\s*月\s*1\s*日/;

export function readMetadata(lines: readonly PageLine[]): ReportMeta {
  // A crawler's header block names its fields (标题: …): the field name is not part of the title.
  const head = lines.slice(0, 40).map((l) => l.text.normalize("NFKC").trim().replace(CRAWLER_FIELD, ""));
  let title: string | null = null;
  let agency: string | null = null;
  let year: number | null = null;

  for (let i = 0; i < head.length; i++) {
    const m = TITLE.exec(head[i]!);
    if (!m) continue;
    year = Number(m[1]);
    let before = head[i]!.slice(0, m.index).trim();
    // Titles are often set on two lines: 洪泽区人民政府 / 2023 年政府信息公开工作年度报告.
    if (!before && i > 0 && head[i - 1]!.length <= 30 && !/[。，]/.test(head[i - 1]!)) before = head[i - 1]!;
    title = `${before}${head[i]!.slice(m.index)}`.replace(/\s+/g, "");
    if (before) agency = before.replace(/\s+/g, "").replace(/[《》]/g, "");
    break;
  }
  const fullHead = head.join("\n");
  if (!agency) {
    const m = PUBLISHER.exec(fullHead);
    if (m) agency = m[1]!.trim();
  }
  if (!agency) {
    const m = INTRO_AGENCY.exec(fullHead.replace(/\s+/g, ""));
    if (m) agency = m[1]!.replace(/^[（(].*?[)）]/, "");
  }
  if (year === null) {
    const m = PERIOD.exec(fullHead.replace(/\s+/g, " "));
    if (m) year = Number(m[1]);
  }
  if (year === null) {
    const m = /(20[0-3]\d|199\d)\s*年(?:度)?/.exec(fullHead);
    if (m) year = Number(m[1]);
  }
  return { agency, year, title };
}
