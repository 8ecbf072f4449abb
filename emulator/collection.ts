/**
 * What the plain collections of the API answer alike (deployments, memory
 * stores): a create whose body is checked one way (an object, its required
 * members, each member's check, undocumented members by the request's
 * policy), a list newest first in pages, get and delete by id, and the
 * group's own 404 for an unknown id. A group module keeps what is its own:
 * what a create stores, what Get shows, its further routes.
 */
import { empty, error, newestFirst, paginate, type Reply, type Route } from "./routing";
import type { Store } from "./store";
import { checkFields, isRecord, type Check, type FieldPolicy } from "./validate";

/** A collection of records by id, and how its group answers. */
export interface Collection<R extends { created_at: string }> {
  /** The collection's path, e.g. `/v2/deployments`. */
  path: string;
  /** The store's map of the group's records, by id. */
  records: Map<string, R>;
  /** The message of the 404 for an unknown id, e.g. "Deployment not found". */
  notFound: string;
  /** Members a create must give (400 `<name> is required`). */
  required: readonly string[];
  /** Every member a create may give, and how each is checked. */
  checks: Record<string, Check>;
  /** Stores a record from a checked create body: its answer, or the group's refusal. */
  create(body: Record<string, unknown>): Reply;
  /** What `GET <path>/:id` answers for a record. */
  get(record: R): Reply;
  /** What a list page shows of a record. */
  listItem(record: R): unknown;
  /** Whether a record passes the list's query filters; default: every record. */
  listed?(record: R, query: URLSearchParams): boolean;
  /** The 403 message when the caller may not touch a record (another owner's); default: never. */
  forbidden?(record: R): string | undefined;
}

/** `POST <path>`, `GET <path>` (paged), `GET <path>/:id` and `DELETE <path>/:id` (204). */
export function collectionRoutes<R extends { created_at: string }>(
  store: Store,
  collection: Collection<R>,
): Route[] {
  const { path } = collection;
  return [
    {
      method: "POST",
      pattern: path,
      handler: ({ body, fields }) =>
        bodyProblem(body, collection.required, collection.checks, fields) ??
        collection.create(body as Record<string, unknown>),
    },
    {
      method: "GET",
      pattern: path,
      handler: ({ query, fields }) => {
        const listed = newestFirst(collection.records.values()).filter(
          (record) => collection.listed?.(record, query) ?? true,
        );
        return paginate(listed.map(collection.listItem), query, fields);
      },
    },
    {
      method: "GET",
      pattern: `${path}/:id`,
      handler: ({ params }) => withRecord(collection, params, collection.get),
    },
    {
      method: "DELETE",
      pattern: `${path}/:id`,
      handler: ({ params }) =>
        withRecord(collection, params, () => {
          collection.records.delete(params["id"] ?? "");
          store.commit();
          return empty(204);
        }),
    },
  ];
}

/** `then` of the record the `:id` param names, or the collection's 404 (or its 403). */
export function withRecord<R extends { created_at: string }>(
  collection: Pick<Collection<R>, "records" | "notFound" | "forbidden">,
  params: Record<string, string>,
  then: (record: R) => Reply,
): Reply {
  const record = collection.records.get(params["id"] ?? "");
  if (record === undefined) return error(404, collection.notFound);
  const forbidden = collection.forbidden?.(record);
  return forbidden === undefined ? then(record) : error(403, forbidden);
}

/**
 * The 400 a request body earns, or `undefined` when it is an object that gives
 * every `required` member and passes `checks` (under `policy`).
 */
export function bodyProblem(
  body: unknown,
  required: readonly string[],
  checks: Record<string, Check>,
  policy?: FieldPolicy,
): Reply | undefined {
  if (!isRecord(body)) return error(400, "The body must be a JSON object");
  for (const member of required)
    if (body[member] === undefined) return error(400, `${member} is required`);
  const problem = checkFields(body, checks, "", policy);
  return problem === undefined ? undefined : error(400, problem);
}
