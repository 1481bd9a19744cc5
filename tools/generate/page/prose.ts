/**
 * Section 一 of a crawled page: sub-heads run on inline as real pages print them, and sentences that
 * state figures of the tables at the rates real reports do (收到政府信息公开申请75件，涉及自然人72件;
 * 集中公开现行有效行政规范性文件698件，本年度制发88件). The figures are the true values, also where the
 * tables print something else (a 总计 printed 0): the narrative is evidence, not a copy of the table.
 */
import type { Agency, ProseBlock } from "../names.js";
import type { Rng } from "../rng.js";
import type { ReportVariant } from "../types.js";

/** Chance that the narrative states each figure (fj-pingtan: 2 of 3 pages state the applications). */
export const NARRATIVE_RATES = { requests: 0.65, requestsByApplicant: 0.4, documents: 0.3, decisions: 0.2, fees: 0.15, review: 0.35 } as const;

export function pageOverview(rng: Rng, agency: Agency, year: number, variant: ReportVariant, values: ReadonlyMap<string, number>, heading: string): ProseBlock[] {
  const v = (k: string): number => values.get(k) ?? 0;
  const t3 = (row: string, col = "total"): number => v(`t3.${row}.${col}`);
  const self = agency.self;
  const r = NARRATIVE_RATES;

  const proactive: string[] = [`${year}年，${self}在门户网站主动公开政府信息${rng.logInt(10, 3000)}条，政务新媒体发布信息${rng.logInt(5, 900)}篇。`];
  if (rng.chance(r.documents)) {
    if (variant === "2019") {
      proactive.push(`本年新制作规范性文件${v("t2.normative_docs.new_made")}件，新公开${v("t2.normative_docs.new_published")}件，对外公开规范性文件总数${v("t2.normative_docs.total_published")}件。`);
    } else {
      const form = rng.int(0, 2);
      const [issued, repealed, inForce] = ["issued", "repealed", "in_force"].map((c) => v(`t2.normative_docs.${c}`));
      proactive.push(
        form === 0
          ? `集中公开现行有效行政规范性文件${inForce}件，动态更新本年度制发的规范性文件${issued}件。`
          : form === 1
            ? `本年度制发行政规范性文件${issued}件，废止${repealed}件，现行有效${inForce}件。`
            : `全年制发规章${v("t2.rules.issued")}件、行政规范性文件${issued}件。`,
      );
    }
  }
  if (rng.chance(r.decisions)) proactive.push(`全年作出行政许可决定${v("t2.licensing.decisions")}件。`);
  if (rng.chance(r.decisions)) proactive.push(`作出行政处罚决定${v("t2.penalty.decisions")}件，行政强制${v("t2.coercion.decisions")}件。`);
  if (variant !== "2019" && rng.chance(r.fees)) proactive.push(`收取行政事业性收费${v("t2.fees.amount")}万元。`);
  if (variant === "2019" && rng.chance(r.fees)) proactive.push(`政府集中采购项目${v("t2.procurement.count")}个，采购总金额${v("t2.procurement.amount")}元。`);

  const requests: string[] = [];
  if (rng.chance(r.requests)) {
    const total = t3("new_received");
    const natural = t3("new_received", "natural_person");
    let s = rng.chance(0.5) ? `${year}年，${self}共收到政府信息公开申请${total}件` : `全年共受理政府信息公开申请${total}件`;
    if (rng.chance(r.requestsByApplicant)) s += rng.chance(0.5) ? `，涉及自然人${natural}件` : `，其中自然人申请${natural}件，法人或其他组织申请${total - natural}件`;
    if (rng.chance(0.3)) s += `，上年结转${t3("carried_over")}件`;
    s += rng.chance(0.5) ? `，办复率100%。` : "，均在法定期限内予以答复。";
    requests.push(s);
  } else {
    requests.push("坚持树牢服务理念，最大限度保障公民、法人和其他组织依法、便捷获取政府信息，严格依法依规办理。");
  }
  const oversight: string[] = ["定期组织专人开展自查评估工作，对历史信息进行“回头看”，确保发布内容合法合规。"];
  if (rng.chance(r.review)) {
    const suits = v("t4.suit_direct.total") + v("t4.suit_after_review.total");
    oversight.push(`${year}年，办理因政府信息公开引起的行政复议${v("t4.review.total")}件，行政诉讼${suits}件。`);
  }
  return [
    { heading, paragraphs: [`${year}年，${self}坚持以习近平新时代中国特色社会主义思想为指导，认真落实政务公开有关工作要求，推动政务公开工作质效不断提升。`] },
    { heading: rng.pick(["（一）主动公开情况", "（一）持续深化主动公开"]), paragraphs: [proactive.join("")] },
    { heading: rng.pick(["（二）依申请公开情况", "（二）依法依规答复政府信息公开申请"]), paragraphs: [requests.join("")] },
    { heading: "（三）政府信息管理情况", paragraphs: [`严格落实信息发布“三审”制度，全年发布问卷调查${rng.int(1, 9)}次，意见征集${rng.int(1, 9)}次。`] },
    { heading: "（四）平台建设情况", paragraphs: [`加强政务新媒体运维管理，全年推送文章${rng.logInt(20, 900)}篇，累计关注用户达${rng.logInt(500, 30000)}人。`] },
    { heading: "（五）监督保障情况", paragraphs: [oversight.join("")] },
  ];
}
