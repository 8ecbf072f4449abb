/**
 * The MemoryStore definition: a *shared* memory store of a persona (PAL), the
 * curated facts every participant with one tag hears about (a class, a team),
 * and its table (docs/tavus-api/memory-stores.md). Stores per end user are
 * user data, not configuration: a program manages shared stores only.
 */
import { stringField } from "./common";
import { defineResource, type InputsOf, type OutputsOf } from "./table";

/** JSON Schema of a memory store (POST /v2/memory-stores). */
export const memoryStoreSchema = {
  $id: "tavus:memoryStore",
  type: "object",
  additionalProperties: false,
  required: ["pal_id", "participant_tag"],
  properties: {
    pal_id: {
      type: "string",
      minLength: 1,
      "x-hint": 'the persona (PAL) id, e.g. "p1234567890"',
    },
    participant_tag: {
      type: "string",
      minLength: 1,
      "x-hint": 'the tag conversations pass in participant_tags, e.g. "classroom-1"',
    },
    pinned_memories: {
      type: "array",
      items: { type: "string", minLength: 1 },
      "x-hint": "facts the persona always remembers for this tag",
    },
  },
} as const;

/** The MemoryStore definition: schema and table. */
export const memoryStoreDefinition = defineResource({
  schema: memoryStoreSchema,
  kind: "memory store",
  typeName: "MemoryStore",
  idField: "memory_store_id",
  // POST answers the store as Get shows it (docs/tavus-api/memory-stores.md#create).
  createAnswer: "whole",
  // The API keeps pinned memories as separate objects: their order carries no meaning.
  setLike: ["pinned_memories"],
  // A store belongs to one PAL and one tag (one active store per pair): a new pair is a new store.
  replaceOnChanges: ["pal_id", "participant_tag"],
  // Learned memories are the server's (docs/tavus-api/memory-stores.md#get): never read back.
  readBack: ["pal_id", "participant_tag", "pinned_memories"],
  options: { adopt_id: "string" },
  collection: "memoryStores",
  listing: {
    // A list page shows each store without its memories: one GET reads it whole.
    abridged: () => true,
    // Conversations make one store per participant tag, and the API does not tell those
    // from shared ones (docs/tavus-api/memory-stores.md#audit-and-per-participant-stores).
    unlisted:
      "a participant's store is user data, and the API does not tell it from a shared one, so none is listed (a tag is often a user id or an email). " +
      'To manage a shared store, find its id with GET /v2/memory-stores?pal_id=<pal>&participant_tag=<tag> and give it as adoptId in new MemoryStore("<name>", { adoptId: "<id>", … }), or as memory_store_id in its memory-stores/<name>.yaml file',
  },
  // One active store per PAL and tag: a store of the pair is the one a lost POST created.
  createdBy: (body, live) =>
    live.pal_id === body.pal_id && live.participant_tag === body.participant_tag,
  nameOf: stringField("participant_tag"),
  folder: {
    name: "memory-stores",
    references: [{ path: ["pal_id"], folder: "personas" }],
    sampleId: "ms00000000000",
  },
  // Pinned memories change through their own routes: the store's updated_at is not tracked.
  // Each pinned memory's text by its id (memory_id → text): an update then needs no GET.
  serverOutputs: { created_at: "string", pinned_memory_ids: "object" },
});

/** Plain inputs of a MemoryStore, as the engine passes them. */
export type MemoryStoreInputs = InputsOf<typeof memoryStoreDefinition>;
/** A MemoryStore's outputs in state. */
export type MemoryStoreOutputs = OutputsOf<typeof memoryStoreDefinition>;
