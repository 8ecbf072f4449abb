/**
 * Text a voice reads aloud (docs/check-rules.md#spoken-text): the greeting is
 * spoken as written, and a system prompt written in Markdown or holding URLs
 * teaches the LLM to answer that way, which the TTS then reads out ("hash hash
 * opening hours", "h t t p s colon…"). And the prompts a persona sends must fit
 * the model's context with room for the conversation.
 */
import { isPlainObject } from "../../objects";
import {
  finding,
  objectsOf,
  type CheckModel,
  type CheckObject,
  type Finding,
  type Rule,
} from "../model";

const RULE = "spoken-text";

/** The LLM context Tavus documents for its models, in tokens (docs/tavus-api/personas.md#llm-layer). */
export const CONTEXT_TOKENS = 32_000;
/** Characters per token of English text: the usual rough estimate, no tokenizer needed. */
export const CHARS_PER_TOKEN = 4;

/** Markdown a voice would read out, by what it is called in a finding. */
const MARKDOWN: readonly [string, RegExp][] = [
  ["a heading (#)", /^\s{0,3}#{1,6}\s+\S/m],
  ["bold or italic (** or __)", /\*\*[^*\n]+\*\*|__[^_\n]+__/],
  ["a link [text](url)", /\[[^\]\n]+\]\([^)\s]+\)/],
  ["code (`…`)", /`[^`\n]+`/],
  ["a table (| … |)", /^\s*\|.*\|\s*$/m],
];
const URL = /\bhttps?:\/\/[^\s)>\]]+|\bwww\.[a-z0-9-]+\.[a-z]{2,}\S*/i;
// Pictographs, less the marks a voice says well enough (©, ®, ™) and plain digits/#/* keycaps.
const EMOJI = /(?![©®™#*0-9])\p{Extended_Pictographic}/u;

/** The spoken-text rule. */
export const spokenText: Rule = {
  id: RULE,
  title:
    "greeting and system prompt: no Markdown, raw URLs or emoji a voice would read out; prompts that fit the model's context",
  check: (model) =>
    objectsOf(model, "Persona").flatMap((p) => [
      ...(["greeting", "system_prompt"] as const).flatMap((f) => readAloud(model, p, f)),
      ...contextSize(model, p),
    ]),
};

function readAloud(model: CheckModel, persona: CheckObject, field: string): Finding[] {
  const text = persona.document[field];
  if (typeof text !== "string") return [];
  const what =
    field === "greeting"
      ? "the greeting is spoken as written"
      : "the LLM answers in the style of its prompt, and the voice reads the answer";
  const out: Finding[] = [];
  const markdown = MARKDOWN.filter(([, re]) => re.test(text)).map(([name]) => name);
  if (markdown.length)
    out.push(
      finding(
        model,
        RULE,
        "warning",
        persona,
        [field],
        `holds Markdown (${markdown.join(", ")}): ${what}, marks and all`,
        'write plain sentences; say a list as a sentence ("first…, then…")',
      ),
    );
  // A sentence's full stop after a URL is not part of it.
  const url = URL.exec(text)?.[0].replace(/[.,;:!?]+$/, "");
  if (url)
    out.push(
      finding(
        model,
        RULE,
        "warning",
        persona,
        [field],
        `holds the raw URL ${url}: ${what}, letter by letter`,
        'say where to go in words ("on our website, under Appointments"), or send the link in the app',
      ),
    );
  const emoji = EMOJI.exec(text)?.[0];
  if (emoji)
    out.push(
      finding(
        model,
        RULE,
        "warning",
        persona,
        [field],
        `holds the emoji ${emoji}: ${what}, and a voice reads an emoji by its name or skips it`,
        "say the feeling in words, or drop it",
      ),
    );
  return out;
}

/** Prompt text the persona sends the model: its own, its objectives' and its guardrails'. */
function promptChars(model: CheckModel, persona: CheckObject): number {
  const doc = persona.document;
  let chars = 0;
  for (const f of ["system_prompt", "context"])
    if (typeof doc[f] === "string") chars += doc[f].length;
  const pointed = (path: string, value: unknown) => {
    const t = model.target(persona, [path], value);
    return "object" in t ? [t.object] : [];
  };
  for (const o of pointed("objectives_id", doc.objectives_id))
    chars += JSON.stringify(o.document.data ?? "").length;
  const ids = Array.isArray(doc.guardrail_ids) ? doc.guardrail_ids : [];
  ids.forEach((id, i) => {
    const t = model.target(persona, ["guardrail_ids", String(i)], id);
    const p = "object" in t ? t.object.document.guardrail_prompt : undefined;
    if (typeof p === "string") chars += p.length;
  });
  return chars;
}

function contextSize(model: CheckModel, persona: CheckObject): Finding[] {
  const tokens = Math.round(promptChars(model, persona) / CHARS_PER_TOKEN);
  if (tokens <= CONTEXT_TOKENS) return [];
  const llm = isPlainObject(persona.document.layers) ? persona.document.layers.llm : undefined;
  const modelName =
    isPlainObject(llm) && typeof llm.model === "string" ? llm.model : "the default model";
  return [
    finding(
      model,
      RULE,
      "warning",
      persona,
      ["system_prompt"],
      `its prompts (system prompt, context, objectives, guardrails) come to about ${tokens.toLocaleString("en")} tokens (${CHARS_PER_TOKEN} characters a token), past the ${CONTEXT_TOKENS.toLocaleString("en")}-token context of ${modelName}: the model drops or truncates part of it`,
      "move reference material into documents (document_ids: retrieved when needed) and keep the prompt to how the persona behaves",
    ),
  ];
}
