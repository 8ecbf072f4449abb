/**
 * The user's own objects of a kind, as its definition's listing says:
 * `audit`, `export --all`, `recover` and the create-at-most-once lookup all
 * list through here, so stock personas, system tools, soft-deleted replicas
 * and a legacy set's mirrored items are left out the same way everywhere.
 */
import { allPages, type TavusClient } from "../client";
import type { DefinitionTable, WireObject } from "../definitions/table";
import { kindNamed } from "../kinds";
import { camelCase } from "../mapping";
import { valuesAt } from "../objects";

/** What every endpoint group of the client offers for listing and reading. */
interface ListingGroup {
  list(query: Record<string, unknown>): Promise<{ data: object[]; total_count: number }>;
  retrieve(id: string): Promise<object>;
}

/** The kind's endpoint group: `client.<collection>`. */
function groupOf(client: TavusClient, kind: DefinitionTable): ListingGroup {
  const group = (client as unknown as Record<string, ListingGroup | undefined>)[kind.collection];
  if (!group) throw new Error(`the Tavus client has no endpoint group "${kind.collection}"`);
  return group;
}

/**
 * One page (1-based) of the kind's list with the listing's query, the
 * objects that are not the user's own left out.
 */
export async function ownPage(
  client: TavusClient,
  kind: DefinitionTable,
  page: number,
): Promise<{ data: WireObject[]; total_count: number }> {
  // The groups take their filters in camelCase (`personaType`), as the client's options are named.
  const filters = Object.fromEntries(
    Object.entries(kind.listing.query ?? {}).map(([k, v]) => [camelCase(k), v]),
  );
  const { data, total_count } = await groupOf(client, kind).list({ page, limit: 100, ...filters });
  const own = kind.listing.own ?? (() => true);
  return { data: (data as WireObject[]).filter(own), total_count };
}

/** The object as Get shows it, when a list item may be abridged; the item itself otherwise. */
export async function wholeObject(
  client: TavusClient,
  kind: DefinitionTable,
  item: WireObject,
  always = false,
): Promise<WireObject> {
  if (!always && !kind.listing.abridged?.(item)) return item;
  return (await groupOf(client, kind).retrieve(String(item[kind.idField]))) as WireObject;
}

/** Listings already read in one command, by kind: each kind is listed once. */
export type ListingCache = Map<DefinitionTable, Promise<WireObject[]>>;

/**
 * Every own object of the kind, parts of other objects left out.
 * @param options.whole read each object with Get (a file is what Get shows).
 * @param options.asListed the items as the list shows them, even abridged: no Get at all
 *   (audit only counts the kinds it does not list).
 * @param options.cache listings shared by the calls of one command.
 */
export async function ownObjects(
  client: TavusClient,
  kind: DefinitionTable,
  options: { whole?: boolean; asListed?: boolean; cache?: ListingCache } = {},
): Promise<WireObject[]> {
  const cache = options.cache ?? new Map();
  // The owners first: their parts are known before this kind's list is read.
  const parts = await partIds(client, kind, cache);
  const listed = await listedOnce(client, kind, cache);
  const own: WireObject[] = [];
  for (const item of listed)
    if (!parts.has(String(item[kind.idField])))
      own.push(options.asListed ? item : await wholeObject(client, kind, item, options.whole));
  return own;
}

function listedOnce(
  client: TavusClient,
  kind: DefinitionTable,
  cache: ListingCache,
): Promise<WireObject[]> {
  let listed = cache.get(kind);
  if (!listed) {
    listed = allPages((page) => ownPage(client, kind, page));
    cache.set(kind, listed);
  }
  return listed;
}

/** Ids of this kind's objects that are parts of another kind's objects (a set's mirrored items). */
async function partIds(
  client: TavusClient,
  kind: DefinitionTable,
  cache: ListingCache,
): Promise<Set<string>> {
  const partOf = kind.listing.partOf;
  const owner = partOf && kindNamed(partOf.typeName);
  if (!partOf || !owner) return new Set();
  const ids = new Set<string>();
  for (const item of await listedOnce(client, owner, cache)) {
    // A list item that does not show its parts' ids is read whole (one GET).
    let found = valuesAt(item, partOf.path);
    const shown = valuesAt(item, partOf.path.slice(0, 1))[0] !== undefined;
    if (!shown || found.some((id) => typeof id !== "string"))
      found = valuesAt(await wholeObject(client, owner, item, true), partOf.path);
    for (const id of found) if (typeof id === "string") ids.add(id);
  }
  return ids;
}
