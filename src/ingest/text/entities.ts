/**
 * HTML character references a crawler left undecoded in the text it kept (`5800000&nbsp;58&nbsp;`,
 * `&#160;`, `&amp;`): decoded as a browser shows them, so that `&nbsp;` separates cells as the
 * space it stands for. Text without `&` is returned as it is.
 */
import { decodeHTML } from "entities";

export function decodeEntities(text: string): string {
  return text.includes("&") ? decodeHTML(text) : text;
}
