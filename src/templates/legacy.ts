/**
 * Pre-2019 reports (2008–2018, TEMPLATES.md §5): no national table, so no grid. Each indicator of
 * the appended statistics tables (国办发〔2014〕32号 and the local 指标名称 | 计量单位 | 本年 | 历年累计
 * tables of §5.3) is data: its key `legacy.<family>.<indicator>`, its names, its unit, and the
 * sentences that state it in reports without a table. Sums the form implies are rules.
 */
import { z } from "zod";

export const LegacyIndicatorSchema = z.object({
  /** `<family>.<indicator>`; the record key is `legacy.<family>.<indicator>`. */
  key: z.string().regex(/^[a-z_]+\.[a-z_]+$/),
  label_zh: z.string(),
  /** Other names in the tables of §5.2–5.3 (matched like the label). */
  aliases: z.array(z.string()),
  /** The unit the value is kept in; 元 amounts are converted to 万元. */
  unit: z.enum(["条", "件", "次", "篇", "个", "人", "人次", "万元"]),
  /** Regular expressions (one capture: the number) for sentences stating the value. */
  sentences: z.array(z.string()),
  /** Sentences stating that there were none (未发生…行政复议): the value is 0. */
  zero: z.array(z.string()),
});
export type LegacyIndicator = z.infer<typeof LegacyIndicatorSchema>;

export const LegacyTemplateSchema = z.object({
  id: z.string(),
  years: z.object({ from: z.number().int(), to: z.number().int() }),
  indicators: z.array(LegacyIndicatorSchema),
  /** total = Σ parts, checked when the total and every part were read. */
  rules: z.array(z.object({ id: z.string(), total: z.string(), parts: z.array(z.string()) })),
});
export type LegacyTemplate = z.infer<typeof LegacyTemplateSchema>;

type Ind = [key: string, label: string, unit: LegacyIndicator["unit"], aliases?: string[], sentences?: string[], zero?: string[]];

const N = "(\\d+(?:\\.\\d+)?)";
const IND: Ind[] = [
  ["proactive.total", "主动公开信息数", "条", ["主动公开政府信息数", "主动公开政府信息总数", "主动公开信息总数"], [`主动公开(?:各类)?(?:政府)?信息(?:共计|共|累计)?${N}条`]],
  ["proactive.normative_docs", "主动公开规范性文件数", "条", ["其中主动公开规范性文件数"], [`(?:其中)?(?:主动公开)?规范性文件${N}(?:条|件)`]],
  ["proactive.full_text", "全文电子化的主动公开信息数", "条", ["全文电子化率"]],
  ["proactive.gazette", "政府公报公开政府信息数", "条", ["政府公报"], [`(?:通过)?政府公报公开(?:政府)?信息${N}条`]],
  ["proactive.website", "政府网站公开政府信息数", "条", ["政府网站"], [`(?:通过)?政府网站公开(?:政府)?信息${N}条`]],
  ["proactive.weibo", "政务微博公开政府信息数", "条", [], [`政务微博(?:公开|发布)(?:政府)?信息${N}条`]],
  ["proactive.wechat", "政务微信公开政府信息数", "条", [], [`政务微信(?:公开|发布)(?:政府)?信息${N}条`]],
  ["proactive.other_channels", "其他方式公开政府信息数", "条"],
  ["requests.received", "申请总数", "件", ["收到申请数", "受理依申请公开信息总数", "依申请公开申请总数", "受理政府信息公开申请数"], [`(?:共|累计)?(?:受理|收到)(?:政府信息公开|依申请公开(?:信息)?)?申请(?:共计|共)?${N}(?:件|份|条)`], ["未(?:受理|收到)(?:任何)?(?:政府信息公开|依申请公开)?申请"]],
  ["requests.in_person", "当面申请数", "件", [], [`当面申请${N}件`]],
  ["requests.fax", "传真申请数", "件", [], [`传真申请${N}件`]],
  ["requests.email", "电子邮件申请数", "件", [], [`电子邮件申请${N}件`]],
  ["requests.online", "网上申请数", "件", ["网络申请数"], [`(?:网上|网络)申请${N}件`]],
  ["requests.letter", "信函申请数", "件", [], [`信函申请${N}件`]],
  ["requests.other_form", "其他形式申请数", "件", ["其它形式申请数"]],
  ["responses.total", "对申请的答复总数", "件", ["申请答复数", "本年度对申请的答复总数", "答复总数"], [`(?:已|共)?答复(?:申请)?${N}件`]],
  ["responses.already_public", "属于已主动公开范围数", "件", [], [`属于已主动公开(?:范围)?的?${N}件`]],
  ["responses.granted", "同意公开答复数", "件", [], [`(?:同意|予以)公开${N}件`]],
  ["responses.partially_granted", "同意部分公开答复数", "件", ["部分公开答复数"], [`(?:同意)?部分公开${N}件`]],
  ["responses.denied", "不同意公开答复数", "件", ["否决公开答复总数", "不予公开答复数"], [`(?:不同意|不予)公开${N}件`]],
  ["responses.not_held", "不属于本行政机关公开数", "件", ["非本部门掌握数"], [`不属于本(?:行政)?机关公开(?:范围)?的?${N}件`]],
  ["responses.not_exist", "申请信息不存在数", "件", ["信息不存在数"], [`(?:申请)?信息不存在的?${N}件`]],
  ["responses.correction", "告知作出更改补充数", "件"],
  ["responses.other_channel", "告知通过其他途径办理数", "件"],
  ["denied.state_secret", "涉及国家秘密", "件"],
  ["denied.commercial_secret", "涉及商业秘密", "件"],
  ["denied.privacy", "涉及个人隐私", "件"],
  ["denied.security_stability", "危及国家安全、公共安全、经济安全和社会稳定", "件"],
  ["denied.not_gov_info", "不是《条例》所指政府信息", "件", ["非《条例》所指政府信息数"]],
  ["denied.other_law", "法律法规规定的其他情形", "件"],
  ["review.total", "行政复议数量", "件", ["行政复议数", "申请行政复议数"], [`(?:发生|收到|涉及)?(?:政府信息公开)?行政复议(?:案件)?${N}(?:件|起)`], ["未(?:发生|收到)(?:因政府信息公开(?:申请)?(?:而)?(?:提起|申请)?的?)?(?:申请)?行政复议"]],
  ["review.upheld", "维持具体行政行为数", "件"],
  ["review.corrected", "被依法纠错数", "件"],
  ["review.other", "其他情形数", "件"],
  ["litigation.total", "行政诉讼数量", "件", ["行政诉讼数", "提起行政诉讼数"], [`(?:发生|涉及)?(?:政府信息公开)?行政诉讼(?:案件)?${N}(?:件|起)`], ["未(?:发生|收到)(?:因政府信息公开(?:申请)?(?:而)?(?:提起|申请)?的?)?(?:[^,。]{0,8}和)?(?:提起)?行政诉讼"]],
  ["litigation.upheld", "维持具体行政行为或者驳回原告诉讼请求数", "件"],
  ["litigation.corrected", "被依法纠错数", "件"],
  ["litigation.other", "其他情形数", "件"],
  ["appeals.total", "行政申诉数", "件", [], [`行政申诉${N}件`]],
  ["complaints.total", "举报投诉数量", "件", ["举报投诉数"], [`举报投诉${N}件`]],
  ["fees.amount", "依申请公开信息收取的费用", "万元", ["收费金额", "收取费用"], [`收取(?:信息处理费|检索、复制、邮寄等成本费用|费用|成本费)(?:共计|共)?${N}(?:万元|元)`], ["未(?:收取|收)(?:任何)?费用", "(?:没有|未)(?:收取|发生)(?:任何)?(?:收费|费用)", "收费(?:及减免)?(?:金额)?为0"]],
  ["staff.offices", "政府信息公开工作专门机构数", "个"],
  ["staff.reading_points", "设置政府信息公开查阅点数", "个", ["政府信息公开查阅点数"]],
  ["staff.total", "从事政府信息公开工作人员数", "人", [], [`从事政府信息公开工作(?:的)?人员${N}(?:人|名)`]],
  ["staff.full_time", "专职人员数", "人", [], [`(?:其中)?专职(?:人员)?${N}(?:人|名)`]],
  ["staff.part_time", "兼职人员数", "人", [], [`兼职(?:人员)?${N}(?:人|名)`]],
  ["staff.budget", "政府信息公开专项经费", "万元"],
  ["training.meetings", "召开政府信息公开工作会议或专题会议数", "次", [], [`召开(?:政府信息公开)?(?:工作会议|专题会议)${N}次`]],
  ["training.courses", "举办各类培训班数", "次", [], [`举办(?:各类)?培训(?:班)?${N}(?:次|期)`]],
  ["training.trainees", "接受培训人员数", "人次", [], [`(?:培训|接受培训)(?:人员)?${N}人次`]],
  ["consult.visitors", "现场接待人数", "人次", [], [`现场接待${N}人次`]],
  ["consult.online", "网上咨询数", "件", [], [`网上咨询${N}(?:件|次)`]],
  ["consult.phone", "咨询电话接听数", "次", [], [`(?:接听)?咨询电话${N}(?:次|个)`]],
];

export const GOV_INFO_LEGACY: LegacyTemplate = LegacyTemplateSchema.parse({
  id: "gov-info-legacy",
  years: { from: 2008, to: 2018 },
  indicators: IND.map(([key, label_zh, unit, aliases = [], sentences = [], zero = []]) => ({ key, label_zh, unit, aliases, sentences, zero })),
  rules: [
    { id: "legacy.requests.channels", total: "requests.received", parts: ["requests.in_person", "requests.fax", "requests.email", "requests.online", "requests.letter", "requests.other_form"] },
    { id: "legacy.responses.parts", total: "responses.total", parts: ["responses.already_public", "responses.granted", "responses.partially_granted", "responses.denied", "responses.not_held", "responses.not_exist", "responses.correction", "responses.other_channel"] },
    { id: "legacy.denied.reasons", total: "responses.denied", parts: ["denied.state_secret", "denied.commercial_secret", "denied.privacy", "denied.security_stability", "denied.not_gov_info", "denied.other_law"] },
    { id: "legacy.review.outcomes", total: "review.total", parts: ["review.upheld", "review.corrected", "review.other"] },
    { id: "legacy.litigation.outcomes", total: "litigation.total", parts: ["litigation.upheld", "litigation.corrected", "litigation.other"] },
    { id: "legacy.staff.split", total: "staff.total", parts: ["staff.full_time", "staff.part_time"] },
  ],
});
