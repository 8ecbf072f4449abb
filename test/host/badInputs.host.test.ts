/**
 * The whole bad-input corpus through the provider host, as the engine sends it
 * (protobuf Structs, the serialized `__provider`): each input fails `check` on
 * the named property, and not one request reaches the API.
 */
import { urnOf } from "../harness/providerHost";
import { TYPES, useProviderHost } from "../harness/hostSuite";
import { corpus } from "../unit/badInputCorpus";

const suite = useProviderHost();

test("the corpus, checked through the host: every input refused on its property, and the API never called", async () => {
  suite.emulator.clearRequests();
  const missed: string[] = [];
  for (const [name, kind, news, property, reason] of corpus) {
    const { failures } = await suite.host.check(
      urnOf(TYPES[kind], "bad"),
      {},
      { ...news, __provider: suite.providers[TYPES[kind]]! },
    );
    const failure = failures.find((f) => f.property === property);
    if (!failure || !reason.test(failure.reason))
      missed.push(`${name}: ${JSON.stringify(failures)}`);
  }
  expect(missed).toEqual([]);
  expect(suite.emulator.requests()).toEqual([]);
});

test("a create that skipped check (the engine never does) meets the API's own 400, shown with the resource named", async () => {
  // The engine stops at check failures; this shows the second line of defence
  // (the API) and that its message reaches the user with the resource named.
  suite.emulator.clearRequests();
  const err = (await suite.host
    .create(urnOf(TYPES.replica, "bad"), {
      trainVideoUrl: "ftp://example.com/v.mp4",
      __provider: suite.providers[TYPES.replica]!,
    })
    .catch((e: unknown) => e)) as { details: string };
  expect(err.details).toBe(
    "Tavus replica: create failed: Tavus API POST /v2/replicas failed: HTTP 400: Invalid train_video_url",
  );
  expect(suite.emulator.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
    "POST /v2/replicas 400",
  ]);
});
