/**
 * `pulumi-tavus audit`: lists the objects of the account that no stack
 * manages, reading `pulumi stack export` output, with how to bring each under
 * management or retire it. One loop over the kinds list (../kinds.ts): what is
 * listed, and the advice, come from each kind's definition.
 */
import type { TavusClient } from "../client";
import type { DefinitionTable, WireObject } from "../definitions/table";
import { DYNAMIC_TYPE_PREFIX, isAdoptable, KINDS } from "../kinds";
import { valuesAt } from "../objects";
import { ownObjects, type ListingCache } from "../resources/ownObjects";
import { fileNameOf } from "./exportAccount";

/** One object of the account that no given stack manages. */
export interface UnmanagedObject {
  /** The kind as audit prints it: `persona`, `guardrail-set`, … */
  kind: string;
  id: string;
  name: string;
  /** How to bring it under management (or, for a kind that cannot be adopted, retire it). */
  adopt: string;
  /** The file `export --all` writes for it (before any suffix that keeps names unique). */
  file?: string;
  /** The URN of a stack's pending create this object matches: a killed run made it (see `pulumi-tavus recover`). */
  pendingCreate?: string;
}

/** Unmanaged objects of a kind that audit counts instead of listing (the kind's `listing.unlisted`). */
export interface UnlistedObjects {
  /** The kind as audit prints it: `memory-store`. */
  kind: string;
  count: number;
  /** Why they are not listed, and how to take one over. */
  why: string;
}

/** What the account holds that no given stack manages. */
export interface AuditReport {
  managed: number;
  unmanaged: UnmanagedObject[];
  /** Present when a kind's unmanaged objects were counted, not listed. */
  unlisted?: UnlistedObjects[];
}

/** Ids of Tavus objects in `pulumi stack export` documents (checkpoint JSON). */
export function managedIds(exports: unknown[]): Set<string> {
  const ids = new Set<string>();
  for (const exported of exports) {
    const resources =
      (exported as { deployment?: { resources?: Array<{ type?: string; id?: string }> } })
        .deployment?.resources ?? [];
    for (const r of resources) if (r.type?.startsWith(DYNAMIC_TYPE_PREFIX) && r.id) ids.add(r.id);
  }
  return ids;
}

/** Walks every page of the account's own objects, kind by kind, and reports those not in `managed`. */
export async function audit(client: TavusClient, managed: Set<string>): Promise<AuditReport> {
  const objects = new Map<DefinitionTable, WireObject[]>();
  const cache: ListingCache = new Map();
  for (const kind of KINDS as readonly DefinitionTable[]) {
    // A kind audit only counts is never read whole (a participant's memories stay unread).
    const asListed = kind.listing.unlisted !== undefined;
    objects.set(kind, await ownObjects(client, kind, { cache, asListed }));
  }
  const usedBy = referrers(objects);
  const unmanaged: UnmanagedObject[] = [];
  const unlisted: UnlistedObjects[] = [];
  for (const [kind, list] of objects) {
    const { unlisted: why } = kind.listing;
    if (why !== undefined) {
      const count = list.filter((live) => !managed.has(String(live[kind.idField]))).length;
      if (count) unlisted.push({ kind: kind.kind.replace(/ /g, "-"), count, why });
      continue;
    }
    for (const live of list) {
      const id = String(live[kind.idField]);
      if (managed.has(id) || kind.listing.reportable?.(live) === false) continue;
      const name = kind.nameOf(live);
      const file = kind.folder && `${kind.folder.name}/${fileNameOf(name, id)}.yaml`;
      unmanaged.push({
        kind: kind.kind.replace(/ /g, "-"),
        id,
        name,
        adopt: advice(kind, id, name, file, usedBy.get(id) ?? []),
        ...(file ? { file } : {}),
      });
    }
  }
  return { managed: managed.size, unmanaged, ...(unlisted.length ? { unlisted } : {}) };
}

/**
 * How to take an unmanaged object over: `adoptId` in code, or the file
 * `export --all` writes for it (its id field adopts it); the kind's own
 * advice when it cannot be adopted.
 */
function advice(
  kind: DefinitionTable,
  id: string,
  name: string,
  file: string | undefined,
  users: string[],
): string {
  if (!isAdoptable(kind)) return kind.listing.retire?.(id) ?? `${kind.kind}s cannot be adopted`;
  const resourceName = fileNameOf(name, id);
  const inCode = `new ${kind.typeName}("${resourceName}", { adoptId: "${id}", … })`;
  const writeOnly = [
    ...Object.values(kind.secretOutputs ?? {})
      .filter((s) => s.writeOnly)
      .flatMap((s) => s.paths.map((p) => [s.under, ...p].join("."))),
    ...(kind.writeOnly ?? []),
  ];
  return [
    inCode,
    file && `or the file ${file} that "npx pulumi-tavus export --all <account folder>" writes`,
    writeOnly.length && `(${writeOnly.join(", ")} are write-only: give them again)`,
    users.length && `used by ${users.join(", ")}`,
  ]
    .filter(Boolean)
    .join("  ");
}

/** Object id → the objects that point at it (`persona p1`), by the kinds' reference fields. */
function referrers(objects: ReadonlyMap<DefinitionTable, WireObject[]>): Map<string, string[]> {
  const usedBy = new Map<string, string[]>();
  for (const [kind, list] of objects)
    for (const live of list)
      for (const { path } of kind.folder?.references ?? [])
        for (const id of valuesAt(live, path))
          if (typeof id === "string" && id)
            usedBy.set(id, [
              ...(usedBy.get(id) ?? []),
              `${kind.kind} ${String(live[kind.idField])}`,
            ]);
  return usedBy;
}
