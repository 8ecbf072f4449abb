/**
 * What `npm run bench` (scripts/bench.js) creates: the resource types, the
 * stock objects conversations use, and per table-driven kind the inputs, a
 * change, where the emulator stores it, the fewest requests an update allows
 * when not one PATCH (`updateMinimum`), and why a create or update makes more
 * requests than the minimum (an empty why: it makes the minimum).
 */
/** A stock replica of the emulator, for conversations. */
const STOCK_REPLICA = "rf4703150052";
/** Stock persona whose default_replica_id is {@link STOCK_REPLICA}. */
const STOCK_PERSONA = "p48fdf065d6b";
/** The dynamic-provider type token of each resource. */
const TYPES = {
  persona: "pulumi-nodejs:dynamic/tavus:Persona",
  replica: "pulumi-nodejs:dynamic/tavus:Replica",
  conversation: "pulumi-nodejs:dynamic/tavus:Conversation",
  objectives: "pulumi-nodejs:dynamic/tavus:Objectives",
  guardrail: "pulumi-nodejs:dynamic/tavus:Guardrail",
  guardrailSet: "pulumi-nodejs:dynamic/tavus:GuardrailSet",
  pronunciationDictionary: "pulumi-nodejs:dynamic/tavus:PronunciationDictionary",
  document: "pulumi-nodejs:dynamic/tavus:Document",
  tool: "pulumi-nodejs:dynamic/tavus:Tool",
  memoryStore: "pulumi-nodejs:dynamic/tavus:MemoryStore",
  deployment: "pulumi-nodejs:dynamic/tavus:Deployment",
};

/**
 * The JSON Patch kinds a persona points at (issue #11): inputs to create, a
 * change to update, where the emulator stores them, and why a create reads back.
 */
const JSON_PATCH_KINDS = [
  {
    name: "Objectives",
    type: TYPES.objectives,
    inputs: {
      data: [
        {
          objectiveName: "greet",
          objectivePrompt: "Greet the caller.",
          nextRequiredObjectives: ["ask_name"],
        },
        { objectiveName: "ask_name", objectivePrompt: "Ask the caller's name." },
      ],
    },
    change: (i) => ({
      ...i,
      data: [{ ...i.data[0], objectivePrompt: "Greet the caller warmly." }, i.data[1]],
    }),
    stored: (state) => state.objectives.map((o) => o.objectives_id),
    createWhy: "GET read-back: POST answers only the id, a fixed name, status and created_at",
    updateWhy:
      "GET first: the ops are computed against the live document and guarded by test ops; PATCH answers only a message",
  },
  {
    name: "Guardrail",
    type: TYPES.guardrail,
    inputs: {
      guardrailName: "no_medical_advice",
      guardrailPrompt: "Never give medical advice.",
      tags: ["bench"],
    },
    change: (i) => ({ ...i, guardrailPrompt: "Never give medical or legal advice." }),
    stored: (state) => state.guardrails.map((g) => g.uuid),
    // The POST answer is the guardrail (createAnswer "whole"): no read-back.
    createWhy: "",
    updateWhy: "GET first: the ops are computed against the live document and guarded by test ops",
  },
  {
    name: "GuardrailSet",
    type: TYPES.guardrailSet,
    inputs: {
      name: "Bench set",
      data: [{ guardrailName: "no_prices", guardrailPrompt: "Quote no prices." }],
    },
    change: (i) => ({
      ...i,
      data: [{ ...i.data[0], guardrailPrompt: "Quote no prices or discounts." }],
    }),
    stored: (state) => state.guardrailSets.map((s) => s.guardrails_id),
    createWhy:
      "GET read-back: POST answers only the id, name, status and created_at (not the items' ids)",
    updateWhy:
      "GET first: the ops are computed against the live document and guarded by test ops; PATCH answers only a message",
  },
  {
    name: "PronunciationDictionary",
    type: TYPES.pronunciationDictionary,
    inputs: {
      name: "Bench words",
      rules: [{ text: "Tavus", pronunciation: "TAH-vus", type: "alias" }],
    },
    change: (i) => ({ ...i, rules: [{ ...i.rules[0], pronunciation: "TAV-us" }] }),
    stored: (state) => state.pronunciationDictionaries.map((d) => d.pronunciation_dictionary_id),
    createWhy: "",
    updateWhy: "GET first: the ops are computed against the live document and guarded by test ops",
  },
  {
    name: "Deployment",
    type: TYPES.deployment,
    inputs: {
      palId: STOCK_PERSONA,
      channel: "widget",
      name: "Bench widget",
      allowedOrigins: ["https://example.com"],
      password: "bench-secret",
    },
    change: (i) => ({ ...i, allowedOrigins: [...i.allowedOrigins, "https://shop.example.com"] }),
    stored: (state) => state.deployments.map((d) => d.deployment_id),
    // The POST answer is the deployment (createAnswer "whole"): no read-back.
    createWhy: "",
    // The API takes a PATCH only with If-Match: the ETag of a GET (docs/tavus-api/deployments.md#patch).
    updateMinimum: [2, "GET, PATCH"],
    updateWhy: "the PATCH carries the GET's ETag in If-Match, as the API requires",
  },
];

/**
 * The merge-PATCH kinds (issue #12): an update is one PATCH of the changed
 * members, computed from state alone (no GET first).
 */
const MERGE_PATCH_KINDS = [
  {
    name: "Document",
    type: TYPES.document,
    inputs: { documentUrl: "https://example.com/handbook.pdf", documentName: "Handbook" },
    change: (i) => ({ ...i, documentName: "Staff handbook" }),
    stored: (state) => state.documents.map((d) => d.document_id),
    createWhy: "",
    updateWhy: "a rename: the merge PATCH carries only document_name, from state alone",
  },
  {
    name: "Tool",
    type: TYPES.tool,
    inputs: {
      name: "book_visit",
      description: "Books a visit.",
      delivery: { api: { url: "https://example.com/book", method: "POST" } },
      deliverySecrets: { api: { headers: { "X-Api-Key": "sk-bench" } } },
    },
    change: (i) => ({ ...i, deliverySecrets: { api: { headers: { "X-Api-Key": "sk-bench-2" } } } }),
    // DELETE is a soft delete: the tool stays in the state with deleted_at.
    stored: (state) => state.tools.filter((t) => !t.deleted_at).map((t) => t.tool_id),
    createWhy: "",
    updateWhy: "the header secret rotated: the PATCH carries the new value, never Get's mask",
  },
];

/**
 * The kinds whose parts have routes of their own (issue #23): a memory store's
 * pinned memories are objects with ids, so an update edits the one that
 * changed, never the store.
 */
const PART_ROUTE_KINDS = [
  {
    name: "MemoryStore",
    type: TYPES.memoryStore,
    inputs: {
      palId: STOCK_PERSONA,
      participantTag: "bench-class",
      pinnedMemories: ["Class meets on Mondays.", "The exam is in June."],
    },
    change: (i) => ({ ...i, pinnedMemories: ["Class meets on Tuesdays.", i.pinnedMemories[1]] }),
    stored: (state) => state.memoryStores.map((m) => m.memory_store_id),
    // The POST takes the pinned memories and answers the store (createAnswer "whole").
    createWhy: "",
    // State keeps each pinned memory's id: the PATCH of the changed one needs no GET first.
    updateWhy: "",
  },
];

module.exports = {
  TYPES,
  STOCK_REPLICA,
  STOCK_PERSONA,
  JSON_PATCH_KINDS,
  MERGE_PATCH_KINDS,
  PART_ROUTE_KINDS,
};
