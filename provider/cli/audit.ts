/**
 * `pulumi-tavus audit`: lists the personas, replicas and conversations of the
 * account that no stack manages, reading `pulumi stack export` output, with the
 * snippet that brings each under management.
 */
import type { TavusClient } from "../client";

/** What the account holds that no given stack manages. */
export interface AuditReport {
  managed: number;
  unmanaged: Array<{
    kind: "persona" | "replica" | "conversation";
    id: string;
    name: string;
    adopt: string;
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
  for (const p of await allPages((page) =>
    client.personas.list({ page, limit: 100, personaType: "user" }),
  )) {
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
  return { managed: managed.size, unmanaged };
}

async function allPages<T>(
  fetchPage: (page: number) => Promise<{ data: T[]; total_count: number }>,
): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page++) {
    const { data, total_count } = await fetchPage(page);
    all.push(...data);
    if (data.length === 0 || all.length >= total_count) return all;
  }
}
