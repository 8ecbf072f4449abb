/**
 * `pulumi-tavus audit`: lists the personas, replicas, conversations, objectives,
 * guardrails, guardrail sets, pronunciation dictionaries, documents and tools of
 * the account that no stack manages, reading `pulumi stack export` output, with
 * how to bring each under management or retire it.
 */
import { allPages, type TavusClient } from "../client";
import type { GuardrailSetWire, PersonaWire } from "../wire";

/** The kinds of Tavus objects that audit lists. */
export type AuditKind =
  | "persona"
  | "replica"
  | "conversation"
  | "objectives"
  | "guardrail"
  | "guardrail-set"
  | "pronunciation-dictionary"
  | "document"
  | "tool";

/** What the account holds that no given stack manages. */
export interface AuditReport {
  managed: number;
  unmanaged: Array<{
    kind: AuditKind;
    id: string;
    name: string;
    adopt: string;
    /** The URN of a stack's pending create this object matches: a killed run made it (see `pulumi-tavus recover`). */
    pendingCreate?: string;
  }>;
}

const TYPE_PREFIX = "pulumi-nodejs:dynamic/tavus:";

/** Ids of Tavus objects in `pulumi stack export` documents (checkpoint JSON). */
export function managedIds(exports: unknown[]): Set<string> {
  const ids = new Set<string>();
  for (const exported of exports) {
    const resources =
      (exported as { deployment?: { resources?: Array<{ type?: string; id?: string }> } })
        .deployment?.resources ?? [];
    for (const r of resources) if (r.type?.startsWith(TYPE_PREFIX) && r.id) ids.add(r.id);
  }
  return ids;
}

/** Walks every page of the account's user objects and reports those not in `managed`. */
export async function audit(client: TavusClient, managed: Set<string>): Promise<AuditReport> {
  const unmanaged: AuditReport["unmanaged"] = [];
  const personas = await allPages((page) =>
    client.personas.list({ page, limit: 100, personaType: "user" }),
  );
  for (const p of personas) {
    if (!managed.has(p.persona_id)) {
      unmanaged.push({
        kind: "persona",
        id: p.persona_id,
        name: p.persona_name ?? "",
        adopt: `npx pulumi-tavus export ${p.persona_id} --out personas/  (or: new Persona("name", { adoptId: "${p.persona_id}", … }))`,
      });
    }
  }
  for (const r of await allPages((page) =>
    client.replicas.list({ page, limit: 100, replicaType: "user" }),
  )) {
    if (!managed.has(r.replica_id) && r.status !== "deleted") {
      unmanaged.push({
        kind: "replica",
        id: r.replica_id,
        name: r.replica_name ?? "",
        adopt: `reference it by id: defaultReplicaId: "${r.replica_id}" (replicas cannot be adopted; retrain with a Replica resource to manage one)`,
      });
    }
  }
  for (const c of await allPages((page) => client.conversations.list({ page, limit: 100 }))) {
    if (!managed.has(c.conversation_id) && c.status === "active") {
      unmanaged.push({
        kind: "conversation",
        id: c.conversation_id,
        name: c.conversation_name,
        adopt: `end it: curl -X POST -H "x-api-key: $TAVUS_API_KEY" <base>/v2/conversations/${c.conversation_id}/end`,
      });
    }
  }
  unmanaged.push(...(await unmanagedPersonaParts(client, managed, personas)));
  unmanaged.push(...(await unmanagedKnowledge(client, managed, personas)));
  return { managed: managed.size, unmanaged };
}

/**
 * Objectives, individual guardrails, legacy guardrail sets and pronunciation
 * dictionaries that no stack manages. None of these kinds can be adopted (no
 * `adoptId`), so the advice is to declare a new one and delete the old, or to
 * delete it; each says which personas still use it, since deleting a set or a
 * dictionary strips it from them (docs/tavus-api/guardrails.md#legacy-sets).
 */
async function unmanagedPersonaParts(
  client: TavusClient,
  managed: Set<string>,
  personas: PersonaWire[],
): Promise<AuditReport["unmanaged"]> {
  const usedBy = personaReferences(personas);
  const found: AuditReport["unmanaged"] = [];
  const report = (kind: AuditKind, id: string, name: string, resource: string, path: string) => {
    if (managed.has(id)) return;
    const users = usedBy.get(id) ?? [];
    const remove = `curl -X DELETE -H "x-api-key: $TAVUS_API_KEY" <base>${path}/${id}`;
    const redeclare = `declare ${/^[AEIOU]/.test(resource) ? "an" : "a"} ${resource} with the same fields, point personas at it, then delete this one: ${remove}`;
    found.push({
      kind,
      id,
      name,
      adopt: users.length
        ? `cannot be adopted; used by persona ${users.join(", ")}: ${redeclare}`
        : `cannot be adopted; no persona uses it: delete it (${remove}), or ${redeclare}`,
    });
  };

  for (const o of await allPages((page) => client.objectives.list({ page, limit: 100 }))) {
    // The docs show `data` as one objective or a list of them (docs/tavus-api/objectives.md#get).
    const data = (o as { data?: unknown }).data;
    const names = (Array.isArray(data) ? data : [data])
      .map((item) => (item as { objective_name?: unknown } | undefined)?.objective_name)
      .filter(isString);
    report("objectives", o.objectives_id, names.join(", "), "Objectives", "/v2/objectives");
  }

  // Each item of a legacy set is mirrored as an individual guardrail (its
  // `uuid`): a mirror belongs to its set, managed or not, and deleting it would
  // remove the item from the set, so mirrors are never listed on their own.
  const sets = await allPages((page) => client.guardrailSets.list({ page, limit: 100 }));
  const mirrors = new Set<string>();
  for (const listed of sets) {
    const set = hasItemIds(listed)
      ? listed
      : await client.guardrailSets.retrieve(listed.guardrails_id);
    for (const item of set.data ?? []) if (isString(item.uuid)) mirrors.add(item.uuid);
    report("guardrail-set", set.guardrails_id, set.name ?? "", "GuardrailSet", "/v2/guardrails");
  }
  for (const g of await allPages((page) => client.guardrails.list({ page, limit: 100 }))) {
    if (!mirrors.has(g.uuid))
      report("guardrail", g.uuid, g.guardrail_name ?? "", "Guardrail", "/v2/guardrails");
  }

  for (const d of await allPages((page) =>
    client.pronunciationDictionaries.list({ page, limit: 100 }),
  )) {
    report(
      "pronunciation-dictionary",
      d.pronunciation_dictionary_id,
      d.name ?? "",
      "PronunciationDictionary",
      "/v2/pronunciation-dictionaries",
    );
  }
  return found;
}

/**
 * Documents and tools that no stack manages. A tool can be adopted
 * (`adoptId`, as a persona); a document cannot (`Document` has no `adoptId`),
 * so the advice is to declare it anew and delete the old one. System tools
 * (`is_system_tool`, e.g. `end_call`) are the platform's, never listed.
 */
async function unmanagedKnowledge(
  client: TavusClient,
  managed: Set<string>,
  personas: PersonaWire[],
): Promise<AuditReport["unmanaged"]> {
  const usedBy = new Map<string, string[]>();
  for (const p of personas)
    for (const id of p.document_ids ?? [])
      usedBy.set(id, [...(usedBy.get(id) ?? []), p.persona_id]);
  const found: AuditReport["unmanaged"] = [];

  for (const d of await allPages((page) => client.documents.list({ page, limit: 100 }))) {
    if (managed.has(d.document_id)) continue;
    const users = usedBy.get(d.document_id) ?? [];
    const remove = `curl -X DELETE -H "x-api-key: $TAVUS_API_KEY" <base>/v2/documents/${d.document_id}`;
    const redeclare = `declare a Document with documentUrl "${d.document_url}"${d.crawl_config ? " and its crawl settings" : ""}, point personas at it, then delete this one: ${remove}`;
    found.push({
      kind: "document",
      id: d.document_id,
      name: d.document_name ?? "",
      adopt: users.length
        ? `documents cannot be adopted; used by persona ${users.join(", ")}: ${redeclare}`
        : `documents cannot be adopted; no persona uses it: delete it (${remove}), or ${redeclare}`,
    });
  }

  for (const t of await allPages((page) => client.tools.list({ page, limit: 100 }))) {
    if (managed.has(t.tool_id) || t.is_system_tool) continue;
    found.push({
      kind: "tool",
      id: t.tool_id,
      name: t.name ?? "",
      adopt: `new Tool("name", { adoptId: "${t.tool_id}", name: "${t.name}", description: …, delivery: … })  (header and auth secrets are write-only: give them again)  or retire it: curl -X DELETE -H "x-api-key: $TAVUS_API_KEY" <base>/v2/tools/${t.tool_id}`,
    });
  }
  return found;
}

/** Object id → the personas that point at it (objectives, guardrails, a set, a dictionary). */
function personaReferences(personas: PersonaWire[]): Map<string, string[]> {
  const usedBy = new Map<string, string[]>();
  for (const p of personas) {
    const ids = [
      p.objectives_id,
      ...(p.guardrail_ids ?? []),
      p.guardrails_id,
      p.layers?.tts?.pronunciation_dictionary_id,
    ];
    for (const id of ids)
      if (isString(id) && id) usedBy.set(id, [...(usedBy.get(id) ?? []), p.persona_id]);
  }
  return usedBy;
}

/** A listed set whose items carry their mirrors' ids; otherwise one GET shows them. */
function hasItemIds(set: GuardrailSetWire): boolean {
  return (
    Array.isArray(set.data) && set.data.every((item) => isString((item as { uuid?: unknown }).uuid))
  );
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}
