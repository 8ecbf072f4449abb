/**
 * A corpus of invalid inputs across the three resources, each with the property
 * `check` must name and a fragment of the reason. Used by
 * test/unit/badInputs.test.ts (the providers' `check`, called directly) and
 * test/host/badInputs.host.test.ts (through the provider host: no request reaches the API).
 */
import * as ConversationProvider from "../../provider/resources/conversationProvider";
import * as DocumentProvider from "../../provider/resources/documentProvider";
import * as ToolProvider from "../../provider/resources/toolProvider";
import * as GuardrailProvider from "../../provider/resources/guardrailProvider";
import * as GuardrailSetProvider from "../../provider/resources/guardrailSetProvider";
import * as ObjectivesProvider from "../../provider/resources/objectivesProvider";
import * as PersonaProvider from "../../provider/resources/personaProvider";
import * as PronunciationDictionaryProvider from "../../provider/resources/pronunciationDictionaryProvider";
import * as ReplicaProvider from "../../provider/resources/replicaProvider";

export type Kind =
  | "persona"
  | "replica"
  | "conversation"
  | "objectives"
  | "guardrail"
  | "guardrailSet"
  | "pronunciationDictionary"
  | "document"
  | "tool";
type Checker = (
  news: Record<string, unknown>,
) => Promise<{ failures?: readonly { property: string; reason: string }[] }>;
export const checkers: Record<Kind, Checker> = {
  persona: (news) => PersonaProvider.check({} as never, news as PersonaProvider.PersonaInputs),
  replica: (news) => ReplicaProvider.check({} as never, news as ReplicaProvider.ReplicaInputs),
  conversation: (news) =>
    ConversationProvider.check({} as never, news as ConversationProvider.ConversationInputs),
  objectives: (news) =>
    ObjectivesProvider.check({} as never, news as ObjectivesProvider.ObjectivesInputs),
  guardrail: (news) =>
    GuardrailProvider.check({} as never, news as GuardrailProvider.GuardrailInputs),
  guardrailSet: (news) =>
    GuardrailSetProvider.check({} as never, news as GuardrailSetProvider.GuardrailSetInputs),
  pronunciationDictionary: (news) =>
    PronunciationDictionaryProvider.check(
      {} as never,
      news as PronunciationDictionaryProvider.PronunciationDictionaryInputs,
    ),
  document: (news) => DocumentProvider.check({} as never, news as DocumentProvider.DocumentInputs),
  tool: (news) => ToolProvider.check({} as never, news as ToolProvider.ToolInputs),
};

const P = { systemPrompt: "p" };
const R = { trainVideoUrl: "https://example.com/v.mp4" };
const C = { replicaId: "rf4703150052" };
const O = (...data: Record<string, unknown>[]) => ({ data });
const objective = (name: string, more: Record<string, unknown> = {}) => ({
  objectiveName: name,
  objectivePrompt: "p",
  ...more,
});
const G = { guardrailName: "no_advice", guardrailPrompt: "Give no advice." };
const D = (rules: unknown) => ({ name: "Brand", rules });
const rule = (text: string, more: Record<string, unknown> = {}) => ({
  text,
  pronunciation: "x",
  type: "alias",
  ...more,
});
const tool = (fn: unknown) => ({
  ...P,
  layers: { llm: { tools: [{ type: "function", function: fn }] } },
});

export const corpus: Array<[string, Kind, Record<string, unknown>, string, RegExp]> = [
  // persona: wrong types
  [
    "persona name not a string",
    "persona",
    { ...P, personaName: 7 },
    "personaName",
    /must be a string/,
  ],
  [
    "system prompt an object",
    "persona",
    { systemPrompt: { text: "p" } },
    "systemPrompt",
    /must be a string/,
  ],
  [
    "document ids not a list",
    "persona",
    { ...P, documentIds: "d1" },
    "documentIds",
    /must be an array/,
  ],
  [
    "document tag not a string",
    "persona",
    { ...P, documentTags: ["ok", 3] },
    "documentTags[1]",
    /must be a string/,
  ],
  ["layers a string", "persona", { ...P, layers: "fast" }, "layers", /must be an object/],
  [
    "speculative inference a string",
    "persona",
    { ...P, layers: { llm: { speculativeInference: "yes" } } },
    "layers.llm.speculativeInference",
    /must be a boolean/,
  ],
  [
    "LLM headers with a number value",
    "persona",
    { ...P, layerSecrets: { llm: { headers: { "X-Retries": 3 } } } },
    "layers.llm.headers.X-Retries",
    /must be a string/,
  ],
  [
    "voice settings a list",
    "persona",
    { ...P, layers: { tts: { voiceSettings: [1] } } },
    "layers.tts.voiceSettings",
    /must be an object/,
  ],
  // persona: enums (catalogue values are open strings: only their type is refused)
  ["pipeline mode", "persona", { ...P, pipelineMode: "partial" }, "pipelineMode", /"full", "echo"/],
  [
    "TTS engine",
    "persona",
    { ...P, layers: { tts: { ttsEngine: 42 } } },
    "layers.tts.ttsEngine",
    /must be a string/,
  ],
  [
    "STT engine",
    "persona",
    { ...P, layers: { stt: { sttEngine: "" } } },
    "layers.stt.sttEngine",
    /must not be empty/,
  ],
  [
    "interrupt sensitivity",
    "persona",
    { ...P, layers: { stt: { participantInterruptSensitivity: "max" } } },
    "layers.stt.participantInterruptSensitivity",
    /"verylow"/,
  ],
  [
    "perception model",
    "persona",
    { ...P, layers: { perception: { perceptionModel: ["raven-1"] } } },
    "layers.perception.perceptionModel",
    /must be a string/,
  ],
  [
    "turn detection model",
    "persona",
    { ...P, layers: { conversationalFlow: { turnDetectionModel: "" } } },
    "layers.conversationalFlow.turnDetectionModel",
    /must not be empty/,
  ],
  [
    "turn taking patience",
    "persona",
    { ...P, layers: { conversationalFlow: { turnTakingPatience: "infinite" } } },
    "layers.conversationalFlow.turnTakingPatience",
    /"low", "medium", "high"/,
  ],
  [
    "active listening",
    "persona",
    { ...P, layers: { conversationalFlow: { activeListening: "loud" } } },
    "layers.conversationalFlow.activeListening",
    /"off"/,
  ],
  // persona: required, unknown, sizes, formats
  [
    "system prompt missing",
    "persona",
    { personaName: "x" },
    "systemPrompt",
    /required unless pipelineMode is "echo"/,
  ],
  ["empty system prompt", "persona", { systemPrompt: "" }, "systemPrompt", /must not be empty/],
  [
    "unknown top-level field",
    "persona",
    { ...P, sytemPrompt: "p" },
    "sytemPrompt",
    /not a known field; did you mean "systemPrompt"/,
  ],
  [
    "unknown layer",
    "persona",
    { ...P, layers: { video: {} } },
    "layers.video",
    /not a known field/,
  ],
  [
    "oversized context",
    "persona",
    { ...P, context: "c".repeat(120_001) },
    "context",
    /too long: at most 120000/,
  ],
  [
    "oversized name",
    "persona",
    { ...P, personaName: "n".repeat(201) },
    "personaName",
    /too long: at most 200/,
  ],
  [
    "LLM base URL not a URL",
    "persona",
    { ...P, layers: { llm: { baseUrl: "localhost:8000" } } },
    "layers.llm.baseUrl",
    /absolute http\(s\) URL/,
  ],
  [
    "default replica id format",
    "persona",
    { ...P, defaultReplicaId: "replica-1" },
    "defaultReplicaId",
    /replica id such as/,
  ],
  [
    "hardDelete on a persona",
    "persona",
    { ...P, hardDelete: true },
    "hardDelete",
    /no hard delete/,
  ],
  // persona: malformed tools
  [
    "tool without a name",
    "persona",
    tool({ description: "d" }),
    "layers.llm.tools[0].function.name",
    /is required/,
  ],
  [
    "tool name with spaces",
    "persona",
    tool({ name: "get weather" }),
    "layers.llm.tools[0].function.name",
    /1-64 letters/,
  ],
  [
    "tool parameters not an object schema",
    "persona",
    tool({ name: "t", parameters: { type: "array" } }),
    "layers.llm.tools[0].function.parameters.type",
    /must be "object"/,
  ],
  [
    "tool parameters without a type",
    "persona",
    tool({ name: "t", parameters: { properties: {} } }),
    "layers.llm.tools[0].function.parameters.type",
    /is required/,
  ],
  [
    "tool of another type",
    "persona",
    { ...P, layers: { llm: { tools: [{ type: "retrieval", function: { name: "t" } }] } } },
    "layers.llm.tools[0].type",
    /must be "function"/,
  ],
  [
    "tool with an unknown field",
    "persona",
    tool({ name: "t", strict: true }),
    "layers.llm.tools[0].function.strict",
    /not a known field/,
  ],
  // persona: ranges and shapes the docs give (schema gaps this corpus found)
  [
    "LLM temperature above 2",
    "persona",
    { ...P, layers: { llm: { extraBody: { temperature: 2.5 } } } },
    "layers.llm.extraBody.temperature",
    /at most 2/,
  ],
  // Keys inside extraBody are the model's own: named as written, not camelCased.
  [
    "LLM top_p above 1",
    "persona",
    { ...P, layers: { llm: { extraBody: { top_p: 1.5 } } } },
    "layers.llm.extraBody.top_p",
    /at most 1/,
  ],
  [
    "voice stability above 1",
    "persona",
    { ...P, layers: { tts: { voiceSettings: { stability: 2 } } } },
    "layers.tts.voiceSettings.stability",
    /at most 1/,
  ],
  [
    "voice emotion not a list",
    "persona",
    { ...P, layers: { tts: { voiceSettings: { emotion: "positivity:high" } } } },
    "layers.tts.voiceSettings.emotion",
    /must be an array/,
  ],
  [
    "speaker boost a string",
    "persona",
    { ...P, layers: { tts: { voiceSettings: { useSpeakerBoost: "on" } } } },
    "layers.tts.voiceSettings.useSpeakerBoost",
    /must be a boolean/,
  ],
  [
    "header named with an underscore, not a string",
    "persona",
    { ...P, layerSecrets: { llm: { headers: { x_org_id: 7 } } } },
    "layers.llm.headers.x_org_id",
    /must be a string/,
  ],
  [
    "tools not a list",
    "persona",
    { ...P, layers: { llm: { tools: { type: "function" } } } },
    "layers.llm.tools",
    /must be an array/,
  ],
  [
    "tool without its function",
    "persona",
    { ...P, layers: { llm: { tools: [{ type: "function" }] } } },
    "layers.llm.tools[0].function",
    /is required/,
  ],
  [
    "tool description a number",
    "persona",
    tool({ name: "t", description: 5 }),
    "layers.llm.tools[0].function.description",
    /must be a string/,
  ],
  [
    "perception tool with a bad name",
    "persona",
    {
      ...P,
      layers: {
        perception: { visualTools: [{ type: "function", function: { name: "look around" } }] },
      },
    },
    "layers.perception.visualTools[0].function.name",
    /1-64 letters/,
  ],
  ["empty persona name", "persona", { ...P, personaName: "" }, "personaName", /must not be empty/],
  ["greeting a number", "persona", { ...P, greeting: 1 }, "greeting", /must be a string/],
  // replica
  [
    "no training input",
    "replica",
    { replicaName: "x" },
    "trainVideoUrl",
    /is required: set trainVideoUrl, or trainImageUrl/,
  ],
  [
    "video and image together",
    "replica",
    { ...R, trainImageUrl: "https://example.com/i.png", voiceName: "anna" },
    "trainImageUrl",
    /exclusive/,
  ],
  [
    "image without a voice",
    "replica",
    { trainImageUrl: "https://example.com/i.png" },
    "voiceName",
    /required with trainImageUrl/,
  ],
  [
    "training URL not http",
    "replica",
    { trainVideoUrl: "ftp://example.com/v.mp4" },
    "trainVideoUrl",
    /absolute http\(s\) URL/,
  ],
  [
    "consent URL with spaces",
    "replica",
    { ...R, consentVideoUrl: "https://example.com/my video.mp4" },
    "consentVideoUrl",
    /absolute http\(s\) URL/,
  ],
  ["callback URL empty", "replica", { ...R, callbackUrl: "" }, "callbackUrl", /wrong format/],
  [
    "replica properties unknown flag",
    "replica",
    { ...R, properties: { blur: true } },
    "properties.blur",
    /not a known field/,
  ],
  [
    "gaze correction a string",
    "replica",
    { ...R, properties: { gazeCorrection: "on" } },
    "properties.gazeCorrection",
    /must be a boolean/,
  ],
  [
    "hardDelete a string",
    "replica",
    { ...R, hardDelete: "yes" },
    "hardDelete",
    /must be true or false/,
  ],
  [
    "waitForTraining a number",
    "replica",
    { ...R, waitForTraining: 1 },
    "waitForTraining",
    /must be true or false/,
  ],
  [
    "negative training timeout",
    "replica",
    { ...R, trainingTimeoutSeconds: -1 },
    "trainingTimeoutSeconds",
    /positive number/,
  ],
  [
    "zero training timeout",
    "replica",
    { ...R, trainingTimeoutSeconds: 0 },
    "trainingTimeoutSeconds",
    /positive number/,
  ],
  [
    "training timeout a string",
    "replica",
    { ...R, trainingTimeoutSeconds: "60" },
    "trainingTimeoutSeconds",
    /positive number/,
  ],
  [
    "training URL too long",
    "replica",
    { trainVideoUrl: `https://example.com/${"v".repeat(2100)}.mp4` },
    "trainVideoUrl",
    /too long: at most 2048/,
  ],
  ["model name empty", "replica", { ...R, modelName: "" }, "modelName", /must not be empty/],
  [
    "oversized replica name",
    "replica",
    { ...R, replicaName: "r".repeat(201) },
    "replicaName",
    /too long/,
  ],
  // conversation
  [
    "neither replica nor persona",
    "conversation",
    { conversationName: "x" },
    "replicaId",
    /required unless the persona has a default replica/,
  ],
  [
    "replica id format",
    "conversation",
    { replicaId: "my-replica" },
    "replicaId",
    /replica id such as/,
  ],
  [
    "persona id format",
    "conversation",
    { ...C, personaId: "coach" },
    "personaId",
    /persona id such as/,
  ],
  [
    "one participant",
    "conversation",
    { ...C, maxParticipants: 1 },
    "maxParticipants",
    /at least 2: the replica counts/,
  ],
  [
    "fractional participants",
    "conversation",
    { ...C, maxParticipants: 2.5 },
    "maxParticipants",
    /must be an integer/,
  ],
  [
    "call longer than an hour",
    "conversation",
    { ...C, properties: { maxCallDuration: 4000 } },
    "properties.maxCallDuration",
    /at most 3600/,
  ],
  [
    "negative absent timeout",
    "conversation",
    { ...C, properties: { participantAbsentTimeout: -5 } },
    "properties.participantAbsentTimeout",
    /at least 0/,
  ],
  [
    "retrieval strategy",
    "conversation",
    { ...C, documentRetrievalStrategy: "fastest" },
    "documentRetrievalStrategy",
    /"speed", "quality", "balanced"/,
  ],
  [
    "test mode a string",
    "conversation",
    { ...C, testMode: "true" },
    "testMode",
    /must be a boolean/,
  ],
  [
    "memory stores not a list",
    "conversation",
    { ...C, memoryStores: "m1" },
    "memoryStores",
    /must be an array/,
  ],
  [
    "callback URL not a URL",
    "conversation",
    { ...C, callbackUrl: "example.com/hook" },
    "callbackUrl",
    /absolute http\(s\) URL/,
  ],
  [
    "role ARN",
    "conversation",
    { ...C, properties: { awsAssumeRoleArn: "role/tavus" } },
    "properties.awsAssumeRoleArn",
    /IAM role ARN/,
  ],
  [
    "unknown conversation field",
    "conversation",
    { ...C, participantLimit: 3 },
    "participantLimit",
    /not a known field/,
  ],
  [
    "oversized greeting",
    "conversation",
    { ...C, customGreeting: "g".repeat(2001) },
    "customGreeting",
    /too long/,
  ],
  [
    "participants a string",
    "conversation",
    { ...C, maxParticipants: "3" },
    "maxParticipants",
    /must be an integer/,
  ],
  [
    "fractional left timeout",
    "conversation",
    { ...C, properties: { participantLeftTimeout: 1.5 } },
    "properties.participantLeftTimeout",
    /must be an integer/,
  ],
  [
    "empty conversation name",
    "conversation",
    { ...C, conversationName: "" },
    "conversationName",
    /must not be empty/,
  ],
  [
    "callback a script URL",
    "conversation",
    { ...C, callbackUrl: "javascript:alert(1)" },
    "callbackUrl",
    /absolute http\(s\) URL/,
  ],
  [
    "document ids with an empty id",
    "conversation",
    { ...C, documentIds: ["d1", ""] },
    "documentIds[1]",
    /must not be empty/,
  ],
  [
    "unknown conversation property",
    "conversation",
    { ...C, properties: { enableTranscript: true } },
    "properties.enableTranscript",
    /not a known field/,
  ],
  [
    "hardDelete yes",
    "conversation",
    { ...C, hardDelete: "yes" },
    "hardDelete",
    /must be true or false, not "yes"/,
  ],
  [
    "hardDelete a number",
    "conversation",
    { ...C, hardDelete: 1 },
    "hardDelete",
    /must be true or false/,
  ],
  // objectives (issue #11)
  [
    "objective name with spaces",
    "objectives",
    O(objective("ask if new")),
    "data[0].objectiveName",
    /without spaces/,
  ],
  [
    "duplicate objective names",
    "objectives",
    O(objective("greet"), objective("greet")),
    "data[1].objectiveName",
    /names must be unique/,
  ],
  [
    "next required objective of another set",
    "objectives",
    O(objective("greet", { nextRequiredObjectives: ["book"] })),
    "data[0].nextRequiredObjectives[0]",
    /names no objective of this set \("book"\); known: greet/,
  ],
  [
    "next conditional objective of another set",
    "objectives",
    O(objective("greet", { nextConditionalObjectives: { book: "wants one" } })),
    "data[0].nextConditionalObjectives.book",
    /names no objective of this set/,
  ],
  [
    "confirmation mode outside its list",
    "objectives",
    O(objective("greet", { confirmationMode: "later" })),
    "data[0].confirmationMode",
    /"auto", "manual"/,
  ],
  [
    "objective modality outside its list",
    "objectives",
    O(objective("greet", { modality: "tactile" })),
    "data[0].modality",
    /"verbal", "visual"/,
  ],
  [
    "objective without a prompt",
    "objectives",
    O({ objectiveName: "greet" }),
    "data[0].objectivePrompt",
    /is required/,
  ],
  ["no objectives at all", "objectives", O(), "data", /give at least one objective/],
  // guardrails (issue #11)
  [
    "guardrail name with a dash",
    "guardrail",
    { ...G, guardrailName: "no-advice" },
    "guardrailName",
    /letters, digits and _ only/,
  ],
  [
    "guardrail name over 100",
    "guardrail",
    { ...G, guardrailName: "g".repeat(101) },
    "guardrailName",
    /too long: at most 100/,
  ],
  [
    "guardrail prompt over 1,000",
    "guardrail",
    { ...G, guardrailPrompt: "p".repeat(1001) },
    "guardrailPrompt",
    /too long: at most 1000/,
  ],
  [
    "33 guardrail tags",
    "guardrail",
    { ...G, tags: Array.from({ length: 33 }, (_, i) => `t${i}`) },
    "tags",
    /at most 32 tags/,
  ],
  [
    "a guardrail tag over 64",
    "guardrail",
    { ...G, tags: ["t".repeat(65)] },
    "tags[0]",
    /too long: at most 64/,
  ],
  [
    "guardrail modality outside its list",
    "guardrail",
    { ...G, modality: "audio" },
    "modality",
    /"verbal", "visual"/,
  ],
  [
    "app message a string",
    "guardrail",
    { ...G, appMessage: "yes" },
    "appMessage",
    /must be a boolean/,
  ],
  [
    "guardrail set item name with spaces",
    "guardrailSet",
    { name: "S", data: [{ ...G, guardrailName: "no advice" }] },
    "data[0].guardrailName",
    /letters, digits/,
  ],
  [
    "guardrail set without items",
    "guardrailSet",
    { name: "S", data: [] },
    "data",
    /give at least one guardrail/,
  ],
  [
    "51 guardrail ids on a persona",
    "persona",
    { ...P, guardrailIds: Array.from({ length: 51 }, (_, i) => `g${i}`) },
    "guardrailIds",
    /at most 50 guardrails/,
  ],
  // pronunciation dictionaries (issue #11)
  [
    "rules not a list",
    "pronunciationDictionary",
    D({ text: "Tavus" }),
    "rules",
    /must be an array/,
  ],
  [
    "a rule that is a string",
    "pronunciationDictionary",
    D(["Tavus=TAH-vus"]),
    "rules[0]",
    /must be an object/,
  ],
  [
    "rule type outside its list",
    "pronunciationDictionary",
    D([rule("Tavus", { type: "phonetic" })]),
    "rules[0].type",
    /"alias", "ipa"/,
  ],
  [
    "two rules for one text",
    "pronunciationDictionary",
    D([rule("Tavus"), rule("Tavus")]),
    "rules[1].text",
    /already has a rule \(rules\[0\]\)/,
  ],
  [
    "dictionary name over 255",
    "pronunciationDictionary",
    { name: "n".repeat(256) },
    "name",
    /too long: at most 255/,
  ],
  // documents (issue #12)
  [
    "document URL not http(s)",
    "document",
    { documentUrl: "ftp://example.com/a.pdf" },
    "documentUrl",
    /wrong format: an http\(s\) URL of a file/,
  ],
  ["document without a URL", "document", { documentName: "FAQ" }, "documentUrl", /is required/],
  [
    "crawl depth 0",
    "document",
    { documentUrl: "https://example.com", crawl: { depth: 0 } },
    "crawl.depth",
    /at least 1/,
  ],
  [
    "crawl depth 11",
    "document",
    { documentUrl: "https://example.com", crawl: { depth: 11 } },
    "crawl.depth",
    /at most 10/,
  ],
  [
    "crawl of 101 pages",
    "document",
    { documentUrl: "https://example.com", crawl: { maxPages: 101 } },
    "crawl.maxPages",
    /at most 100/,
  ],
  [
    "recrawl of a file",
    "document",
    { documentUrl: "https://example.com/a.pdf", recrawlTrigger: "x" },
    "recrawlTrigger",
    /set crawl/,
  ],
  [
    "waitForReady a string",
    "document",
    { documentUrl: "https://example.com/a.pdf", waitForReady: "yes" },
    "waitForReady",
    /must be true or false/,
  ],
  // tools (issue #12)
  [
    "tool name with a dash",
    "tool",
    { name: "book-visit", description: "d" },
    "name",
    /a letter or _, then letters, digits or _/,
  ],
  ["tool name from a digit", "tool", { name: "1book", description: "d" }, "name", /a letter or _/],
  ["tool without a description", "tool", { name: "book" }, "description", /is required/],
  [
    "a reserved argument name",
    "tool",
    {
      name: "book",
      description: "d",
      parameters: { type: "object", properties: { tavus_id: { type: "string" } } },
    },
    "parameters.properties.tavus_id",
    /reserved by Tavus/,
  ],
  [
    "description and parameters over 10,000",
    "tool",
    { name: "book", description: "d".repeat(10_001) },
    "description",
    /at most 10000/,
  ],
  [
    "both delivery channels",
    "tool",
    {
      name: "book",
      description: "d",
      delivery: { appMessage: true, api: { url: "https://example.com" } },
    },
    "delivery",
    /exactly one of appMessage: true or api/,
  ],
  [
    "no delivery channel",
    "tool",
    { name: "book", description: "d", delivery: {} },
    "delivery",
    /exactly one of appMessage: true or api/,
  ],
  [
    "trigger type outside its list",
    "tool",
    { name: "book", description: "d", triggerType: "later" },
    "triggerType",
    /"in_call", "post_call"/,
  ],
  [
    "on resolve outside its list",
    "tool",
    { name: "book", description: "d", onResolve: "ignore" },
    "onResolve",
    /"fire_and_forget"/,
  ],
  [
    "API delivery without a URL",
    "tool",
    { name: "book", description: "d", delivery: { api: { method: "POST" } } },
    "delivery.api.url",
    /is required/,
  ],
  [
    "a system tool adopted",
    "tool",
    { name: "end_call", description: "d", adoptId: "end_call" },
    "adoptId",
    /system tool/,
  ],
];
