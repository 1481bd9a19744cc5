/**
 * Plausible agency names and the prose around the tables. The prose only has to look like a real
 * report (section headings, sub-heads, a few numbers) so that a parser must find the tables in it;
 * it never uses `1、` or full-width digits, which tests use as damage markers.
 */
import type { Rng } from "./rng.js";
import type { Scale } from "./values.js";

const CITIES = ["淮安", "泰州", "宿迁", "盐城", "宜春", "德阳", "绵阳", "济宁", "聊城", "衡阳", "岳阳", "赣州", "南平", "三明", "铜陵", "安庆", "邯郸", "保定", "洛阳", "许昌"];
const DISTRICTS = ["清江浦", "淮阴", "洪泽", "海陵", "高港", "宿城", "亭湖", "袁州", "旌阳", "涪城", "任城", "东昌府", "雁峰", "岳阳楼", "章贡", "延平", "梅列", "铜官", "迎江", "丛台"];
const COUNTIES = ["金乡", "涟水", "盱眙", "沭阳", "射阳", "万载", "中江", "梓潼", "微山", "阳谷", "衡山", "平江", "会昌", "顺昌", "尤溪", "枞阳", "怀宁", "涉县", "雄县", "宜阳"];
const TOWNS = ["马水", "两城", "青龙", "七里坪", "中村", "高良涧", "岔河", "城关", "新集", "黄集", "老张集", "石桥"];
const STREETS = ["金乡", "城南", "城北", "新华", "人民路", "解放", "东关", "西湖", "长安", "文昌"];
const BUREAUS = ["商务局", "自然资源和规划局", "生态环境局", "交通运输局", "住房和城乡建设局", "市场监督管理局", "人力资源和社会保障局", "教育局", "卫生健康委员会", "财政局"];

export interface Agency {
  name: string;
  /** Short form used in the prose (我区, 我县, 本局). */
  self: string;
  office: string;
  scale: Scale;
}

/**
 * Characters of the invented place names that make each report's own unit (its district, town, street
 * or city) unique in a corpus: none is a numeral, an administrative suffix (省 市 区 县 镇 州 …) or a
 * word of the template, so a name reads as a place and nothing else.
 */
const PLACE_CHARS = "安清平宁和兴华阳江河山湖泉林松桂丰泰昌盛隆嘉兰青东西南北新德永福康乐瑞祥云溪源桥";

/**
 * The place name of report `index`: two characters for the first 1,600 reports, three for the next
 * 64,000, and so on; distinct indexes give distinct names (a bijection, scrambled so that consecutive
 * reports do not share a first character).
 */
export function placeName(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new Error(`index must be a non-negative integer, got ${index}`);
  const n = PLACE_CHARS.length;
  let i = index;
  let len = 2;
  while (i >= n ** len) {
    i -= n ** len;
    len++;
  }
  // 17 is prime to 40, so i ↦ 17·i mod 40^len is a bijection.
  let j = (i * 17) % n ** len;
  let name = "";
  for (let p = 0; p < len; p++) {
    name += PLACE_CHARS[(j + 7 * p) % n]!;
    j = Math.floor(j / n);
  }
  return name;
}

/**
 * The agency of report `index` of a corpus. A real archive holds many agencies, and the reports one
 * agency publishes in consecutive years are linked (上年结转 is last year's 结转下年度继续办理): corpora
 * of unrelated reports must not put two of them under one agency, or nianbao's cross-year checks
 * rightly find breaks that are only the generator's. So the report's own unit (the district, town,
 * street, or the city of a city government or bureau) is `placeName(index)`, unique in the corpus;
 * the rest (kind, parent city or county, bureau) is drawn as before. Linked years of one agency are
 * tools/generate/panel.ts's business.
 */
export function pickAgency(rng: Rng, index: number): Agency {
  const own = placeName(index);
  // The draws the own unit replaced are still made (and unused), so every later draw of a report
  // (values, damage, layout) is what it was.
  const city = rng.pick(CITIES);
  const kind = rng.weighted([["city", 1], ["district", 3], ["town", 3], ["street", 1.5], ["bureau", 2]] as const);
  switch (kind) {
    case "city":
      return { name: `${own}市人民政府`, self: "我市", office: `${own}市人民政府办公室`, scale: "city" };
    case "district": {
      rng.pick(DISTRICTS);
      const name = rng.chance(0.5) ? `${city}市${own}区人民政府` : `${own}区人民政府`;
      return { name, self: "我区", office: `${city}市${own}区人民政府办公室`, scale: "district" };
    }
    case "town": {
      const c = rng.pick(COUNTIES);
      rng.pick(TOWNS);
      return { name: `${c}县${own}镇人民政府`, self: "我镇", office: `${own}镇党政办公室`, scale: "town" };
    }
    case "street": {
      rng.pick(STREETS);
      return { name: `${own}街道办事处`, self: "我街道", office: `${own}街道党政办公室`, scale: "town" };
    }
    case "bureau": {
      const b = rng.pick(BUREAUS);
      return { name: `${own}市${b}`, self: "我局", office: `${own}市${b}办公室`, scale: "department" };
    }
  }
}

export function titleLines(agency: Agency, year: number): string[] {
  return [agency.name, `${year}年政府信息公开工作年度报告`];
}

export function introParagraphs(rng: Rng, agency: Agency, year: number, variant2019: boolean): string[] {
  const basis = variant2019
    ? "《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）"
    : "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）";
  const phone = `0${rng.int(510, 599)}-${rng.int(2000000, 8999999)}`;
  return [
    `本报告由${agency.office}根据《中华人民共和国政府信息公开条例》（国令第711号，以下简称《条例》）和${basis}要求编制。`,
    `本报告所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。如对本报告有疑问，请与${agency.office}联系（联系电话：${phone}）。`,
  ];
}

const OVERVIEW_SUBS: [string, string[]][] = [
  ["（一）主动公开情况", ["{year}年，{self}通过政府门户网站主动公开各类政府信息{n}条，发布政策解读{m}篇。", "坚持以公开为常态、不公开为例外，及时发布通知公告、人事信息、财政预决算等信息。"]],
  ["（二）依申请公开情况", ["{year}年，{self}共受理政府信息公开申请{req}件，均在法定期限内予以答复。", "进一步规范依申请公开受理、登记、办理、答复流程，加强与申请人的沟通。"]],
  ["（三）政府信息管理情况", ["严格落实信息发布“三审三校”制度，坚持“先审查、后公开”“一事一审”原则。", "对已公开的政府信息进行梳理，及时更新主动公开目录。"]],
  ["（四）政府信息公开平台建设情况", ["加强政府网站和政务新媒体日常监管，及时关停整合更新不及时的账号。", "优化政务公开专栏设置，提升平台集约化水平。"]],
  ["（五）监督保障情况", ["将政务公开工作纳入年度目标考核，组织开展业务培训{k}次。", "严格落实社会评议和责任追究制度，本年度未发生责任追究情况。"]],
];

function fill(rng: Rng, s: string, agency: Agency, year: number, requests: number): string {
  return s
    .replaceAll("{year}", String(year))
    .replaceAll("{self}", agency.self)
    .replaceAll("{n}", String(rng.logInt(10, 6000)))
    .replaceAll("{m}", String(rng.int(1, 40)))
    .replaceAll("{k}", String(rng.int(1, 6)))
    .replaceAll("{req}", String(requests));
}

export type ProseBlock = { heading: string; paragraphs: string[] };

/** Section 一 with its sub-heads; requests = table 3 一 总计, as real reports repeat it. */
export function overviewSection(rng: Rng, agency: Agency, year: number, requests: number, heading: string): ProseBlock[] {
  const blocks: ProseBlock[] = [{ heading, paragraphs: [fill(rng, "{year}年，{self}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《条例》各项规定，不断提升政务公开工作质量。", agency, year, requests)] }];
  for (const [head, sentences] of OVERVIEW_SUBS) {
    blocks.push({ heading: head, paragraphs: [sentences.map((s) => fill(rng, s, agency, year, requests)).join("")] });
  }
  return blocks;
}

/** Sections 五 and 六; headings come from the template's section list. */
export function closingSections(rng: Rng, agency: Agency, year: number, headings: readonly [string, string]): ProseBlock[] {
  const fee = rng.chance(0.7) ? 0 : rng.int(10, 5000);
  return [
    {
      heading: headings[0],
      paragraphs: [
        fill(rng, "{year}年，{self}政府信息公开工作取得一定成效，但对照上级要求仍存在一些不足：一是政策解读形式较为单一；二是部分栏目信息更新不够及时；三是工作人员业务水平有待提升。", agency, year, 0),
        "下一步，将进一步丰富解读形式，加强栏目日常管理，定期组织业务培训，推动政务公开工作再上新台阶。",
      ],
    },
    {
      heading: headings[1],
      paragraphs: [`${year}年，${agency.name}严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费${fee}元。`],
    },
  ];
}
