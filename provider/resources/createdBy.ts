/**
 * Whether a live object is what a create sent: the one matcher of the
 * create-at-most-once lookup (createOnce.ts) and of `pulumi-tavus recover`.
 * Tavus has no idempotency keys, so "did this POST make that object" is
 * answered by comparing what was sent with what Get shows, as each kind's
 * definition says (`createdBy`), by default the managed documents.
 */
import { isDeepStrictEqual } from "node:util";
import type { TavusClient } from "../client";
import type { DefinitionTable, WireObject } from "../definitions/table";
import type { RecentScan } from "./createOnce";
import { ownPage, wholeObject } from "./ownObjects";
import { liveDocument } from "./documents";

/**
 * Whether a live object shows the document a request body sends: both sides
 * reduced to what Get returns as sent (liveDocument), and a field the server
 * fills in when the body leaves it unset ignored on both.
 */
export function sameDocument(def: DefinitionTable, body: WireObject, live: WireObject): boolean {
  const sent = liveDocument(def, body) ?? {};
  const seen = liveDocument(def, live) ?? {};
  for (const field of def.serverDefaulted ?? []) {
    if (body[field] === undefined) {
      delete sent[field];
      delete seen[field];
    }
  }
  return isDeepStrictEqual(sent, seen);
}

/** Whether `live` (whole, as Get shows it) is what a POST of `body` created; a gone object never is. */
export function createdBy(def: DefinitionTable, body: WireObject, live: WireObject): boolean {
  const status = live.status;
  if (typeof status === "string" && def.goneStatuses?.includes(status)) return false;
  const same = () => sameDocument(def, body, live);
  return def.createdBy ? def.createdBy(body, live, same) : same();
}

/** Where createOnce looks for what a POST of `body` may have created: the kind's own objects, newest first. */
export function recentScan(
  client: TavusClient,
  def: DefinitionTable,
  body: WireObject,
): RecentScan<WireObject> {
  return {
    listPage: (page) => ownPage(client, def, page),
    id: (item) => String(item[def.idField]),
    createdAt: (item) => (typeof item.created_at === "string" ? item.created_at : undefined),
    matches: async (item) =>
      !namesDiffer(def, body, item) && createdBy(def, body, await wholeObject(client, def, item)),
  };
}

/**
 * Whether a list item's name already rules it out, so an abridged item is not
 * read whole for nothing: the name is a managed field of every kind (`nameOf`
 * reads a field the body sends), so an object of another name is not what the
 * POST made. Only a name both sides show counts: an unnamed body or item proves nothing.
 */
export function namesDiffer(def: DefinitionTable, body: WireObject, item: WireObject): boolean {
  const sent = def.nameOf(body);
  const listed = def.nameOf(item);
  return sent !== "" && listed !== "" && sent !== listed;
}
