/**
 * The parts of a saved portal page that are not the report: menus, breadcrumbs, link lists,
 * footers, scripts. They go before lines are built, because the metadata reader looks for the
 * title in the first lines and a sidebar of "2019年…年度报告" links would otherwise come first.
 */
import { findAll, isTag, textOf, type DomNode } from "./dom.js";

const NEVER_CONTENT = ["head", "script", "style", "noscript", "template", "nav", "footer", "aside", "iframe", "form", "select", "button", "object", "svg", "map"];

/** class or id words of page furniture on Chinese government portals (当前位置, 友情链接, 版权 …). */
const CHROME_NAME = /(?:^|[-_\s])(?:nav|navbar|menu|breadcrumbs?|crumbs?|bread|position|location|weizhi|dqwz|footer|foot|copyright|banquan|sidebar|side|share|login|search|links?|friendlink|yqlj|toolbar|topbar|skip|print)(?:$|[-_\s\d])/i;

export function isChrome(node: DomNode): boolean {
  if (node.type !== "tag") return false;
  if (isTag(node, ...NEVER_CONTENT)) return true;
  // <header> holds the site's banner on most portals, but some put the report's title in it.
  if (isTag(node, "header")) return !/报告/.test(textOf(node));
  const names = `${node.attribs?.["class"] ?? ""} ${node.attribs?.["id"] ?? ""}`;
  if (CHROME_NAME.test(names)) return true;
  if (isTag(node, "ul", "ol")) return isLinkList(node);
  return false;
}

/** A list whose every item is only a link (a menu, a list of other reports): navigation, not text. */
function isLinkList(list: DomNode): boolean {
  const items = findAll(list, (n) => isTag(n, "li"), (n) => isTag(n, "li"));
  if (items.length === 0) return false;
  return items.every((li) => {
    const links = findAll(li, (n) => isTag(n, "a"));
    const linkText = links.map(textOf).join("").replace(/\s+/g, "");
    const all = textOf(li).replace(/\s+/g, "");
    return links.length > 0 && linkText.length >= all.length * 0.8;
  });
}

/** A line of navigation text that survived (当前位置：首页 > …). */
export const isChromeLine = (text: string): boolean => /^(?:当前位置|您现在的位置|您的位置|所在位置)[:：]/.test(text) || /^首页\s*[>＞»]/.test(text);
