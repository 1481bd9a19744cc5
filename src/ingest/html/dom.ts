/**
 * The few facts about parsed HTML nodes the reader needs, as a structural type: the parser's own
 * node classes (domhandler, under cheerio) stay inside this folder.
 */
export interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

export const isTag = (n: DomNode, ...names: string[]): boolean => n.type === "tag" && n.name !== undefined && names.includes(n.name.toLowerCase());

/** All text under a node, with <br> and block ends as spaces (a cell's lines become tokens). */
export function textOf(node: DomNode): string {
  if (node.type === "text") return node.data ?? "";
  if (node.type !== "tag" && node.type !== "root") return "";
  if (isTag(node, "br")) return " ";
  const inner = (node.children ?? []).map(textOf).join("");
  return isTag(node, "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6") ? ` ${inner} ` : inner;
}

/** Descendant elements matching a predicate, not looking inside the elements it stops at. */
export function findAll(node: DomNode, match: (n: DomNode) => boolean, stop: (n: DomNode) => boolean = () => false): DomNode[] {
  const out: DomNode[] = [];
  for (const child of node.children ?? []) {
    if (child.type !== "tag") continue;
    if (match(child)) out.push(child);
    if (!stop(child)) out.push(...findAll(child, match, stop));
  }
  return out;
}
