/**
 * A text change as a reviewer reads it in a merge request: the words removed
 * ~~struck~~ and the words added **bold**, with a few words of context around
 * each change and the long unchanged stretches cut to "…". Prompt writers
 * review personas; a word diff reads like an edit, a line diff of a one-line
 * YAML prompt does not.
 */
import { diffWords } from "diff";

/** Words of unchanged text kept on each side of a change. */
const CONTEXT_WORDS = 4;

/** `old` → `now` as Markdown: `…the ~~friendly~~ **cheerful** receptionist…`. */
export function wordDiff(old: string, now: string): string {
  const parts = diffWords(old, now);
  let out = "";
  parts.forEach((p, i) => {
    const text = p.value.replace(/\s+/g, " ");
    const spaced = (mark: string) => {
      // A replacement reads "~~old~~ **new**": a space between the two marks.
      if (out && !/\s$/.test(out) && (/[~*]$/.test(out) || /^\s/.test(text))) out += " ";
      out += `${mark}${text.trim()}${mark}${/\s$/.test(text) ? " " : ""}`;
    };
    if (p.added) spaced("**");
    else if (p.removed) spaced("~~");
    else out += shorten(text, i > 0, i < parts.length - 1);
  });
  return out.trim();
}

/** Unchanged text cut to the words next to a change (`before`: a change precedes it). */
function shorten(text: string, before: boolean, after: boolean): string {
  const words = text.trim().split(" ");
  const keep = (before ? CONTEXT_WORDS : 0) + (after ? CONTEXT_WORDS : 0) + 1;
  if (words.length <= keep) return text;
  const lead = /^\s/.test(text) ? " " : "";
  const trail = /\s$/.test(text) ? " " : "";
  const head = before ? words.slice(0, CONTEXT_WORDS).join(" ") : "";
  const tail = after ? words.slice(-CONTEXT_WORDS).join(" ") : "";
  return `${lead}${head}${head ? " " : ""}…${tail ? " " : ""}${tail}${trail}`;
}
