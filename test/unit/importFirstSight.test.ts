/**
 * What `pulumi import` needs of the provider modules, which the plugin serves:
 * a first read (no state) takes every field Get shows, and a replica kept
 * without a training source (imported or adopted) passes check, while a
 * create still needs one.
 */
import * as ReplicaProvider from "../../provider/resources/replicaProvider";
import { documentDefinition } from "../../provider/definitions/document";
import { readOrGone } from "../../provider/resources/readOrGone";

const LIVE_DOCUMENT = {
  document_id: "d-1",
  document_name: "Guide",
  document_url: "https://example.com/guide.pdf",
  callback_url: null,
  tags: [],
  status: "ready",
  crawl_config: null,
};

describe("a first read (pulumi import)", () => {
  test("takes every field Get shows, the ones refresh never compares too", async () => {
    const read = await readOrGone(documentDefinition, "d-1", undefined, async () => LIVE_DOCUMENT);
    expect(read.inputs).toEqual({
      documentName: "Guide",
      documentUrl: "https://example.com/guide.pdf",
    });
  });

  test("a refresh keeps what state holds for fields Get is not compared on", async () => {
    const state = {
      documentName: "Guide",
      documentUrl: "https://example.com/as-sent.pdf",
      documentId: "d-1",
    };
    const read = await readOrGone(documentDefinition, "d-1", state, async () => LIVE_DOCUMENT);
    expect(read.inputs).toEqual({
      documentName: "Guide",
      documentUrl: "https://example.com/as-sent.pdf",
    });
  });
});

describe("a replica's training source", () => {
  const reasons = async (olds: object, news: object) =>
    ((await ReplicaProvider.check(olds as never, news as never)).failures ?? []).map(
      (f) => f.property,
    );

  test("is required to create one", async () => {
    expect(await reasons({}, { replicaName: "Me" })).toEqual(["trainVideoUrl"]);
  });

  test("is not required to keep one imported without it", async () => {
    expect(await reasons({ replicaName: "Me" }, { replicaName: "Me" })).toEqual([]);
  });

  test("cannot be dropped from a replica created with one", async () => {
    expect(
      await reasons(
        { replicaName: "Me", trainVideoUrl: "https://example.com/t.mp4" },
        { replicaName: "Me" },
      ),
    ).toEqual(["trainVideoUrl"]);
  });
});
