/**
 * A resource given in place of its id (`pal` for `palId`, `persona` for
 * `personaId`): one rule for Deployment, MemoryStore and Conversation.
 */
import type { Persona } from "../../provider/resources/persona";
import { Conversation } from "../../provider/resources/conversation";
import { Deployment } from "../../provider/resources/deployment";
import { idFromResource } from "../../provider/resources/idFromResource";
import { MemoryStore } from "../../provider/resources/memoryStore";

/** Stands in for a Persona resource: only its `id` is read. */
const persona = { id: "persona-resource-id", defaultReplicaId: undefined } as unknown as Persona;

describe("idFromResource", () => {
  test.each([
    ["Deployment", "pal", "palId"],
    ["MemoryStore", "pal", "palId"],
    ["Conversation", "persona", "personaId"],
  ] as const)("%s: the %s's resource id becomes %s, the resource member goes", (kind, r, id) => {
    const args = { [r]: persona, other: 1 } as Record<string, unknown>;
    expect(idFromResource(kind, "x", args, r, id)).toEqual({ other: 1, [id]: persona.id });
  });

  test("an id given alone is kept as written; nothing given adds nothing", () => {
    const byId: { pal?: Persona; palId?: string } = { palId: "p1" };
    expect(idFromResource("Deployment", "x", byId, "pal", "palId")).toEqual({ palId: "p1" });
    const neither: { pal?: Persona; palId?: string; name?: string } = { name: "w" };
    expect(idFromResource("Deployment", "x", neither, "pal", "palId")).toEqual({ name: "w" });
  });

  test.each([
    ["Deployment", () => new Deployment("w", { pal: persona, palId: "p1", channel: "widget" })],
    [
      "MemoryStore",
      () => new MemoryStore("m", { pal: persona, palId: "p1", participantTag: "class-1" }),
    ],
  ])("%s with both pal and palId fails naming both, before registering", (kind, make) => {
    expect(make).toThrow(
      `${kind} ${kind === "Deployment" ? "w" : "m"}: give pal or palId, not both`,
    );
  });

  test("Conversation with both persona and personaId fails naming both (it used to keep personaId silently)", () => {
    expect(() => new Conversation("c", { persona, personaId: "p1" })).toThrow(
      "Conversation c: give persona or personaId, not both",
    );
  });
});
