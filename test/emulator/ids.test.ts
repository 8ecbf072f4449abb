/** Identifier and timestamp shapes (docs/tavus-api/errors-and-conventions.md#identifiers), and the training timeline. */
import { formatTimestamp, newId, nowTimestamp } from "../../emulator/ids";
import { trainingState, trainingWillFail } from "../../emulator/training";

describe("ids and timestamps", () => {
  test.each([["p"], ["r"], ["c"]] as const)(
    "newId(%s) is the prefix plus 11 lowercase hex digits",
    (prefix) => {
      expect(newId(prefix)).toMatch(new RegExp(`^${prefix}[0-9a-f]{11}$`));
    },
  );

  test.each([
    ["o", 11, /^o[0-9a-f]{11}$/],
    ["g", 12, /^g[0-9a-f]{12}$/],
    ["pd_", 14, /^pd_[0-9a-f]{14}$/],
  ] as const)(
    "newId(%s, …, %d) has the newer groups' documented shapes",
    (prefix, digits, shape) => {
      expect(newId(prefix, undefined, digits)).toMatch(shape);
    },
  );

  test("newId retries an id that is taken", () => {
    let calls = 0;
    const id = newId("p", () => ++calls < 3);
    expect(calls).toBe(3);
    expect(id).toMatch(/^p[0-9a-f]{11}$/);
  });

  test("formatTimestamp writes UTC with six fractional digits and Z", () => {
    expect(formatTimestamp(Date.UTC(2025, 2, 21, 20, 57, 47) * 1000 + 868278)).toBe(
      "2025-03-21T20:57:47.868278Z",
    );
    expect(formatTimestamp(Date.UTC(2025, 0, 1) * 1000 + 5)).toBe("2025-01-01T00:00:00.000005Z");
  });

  test("nowTimestamp is strictly increasing, even within one millisecond", () => {
    const stamps = Array.from({ length: 50 }, () => nowTimestamp());
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! > stamps[i - 1]!).toBe(true);
  });
});

describe("training timeline", () => {
  const plan = { training_started_ms: 1_000, training_ms: 1_000, training_fails: false };

  test.each([
    [1_000, { status: "started", training_progress: "0/100" }],
    [1_370, { status: "started", training_progress: "37/100" }],
    [1_999, { status: "started", training_progress: "99/100" }],
    [2_000, { status: "completed", training_progress: "100/100", finished_ms: 2_000 }],
  ])("at %d ms: %j", (now, state) => {
    expect(trainingState(plan, now)).toEqual(state);
  });

  test("a failing replica ends in error at the end of training", () => {
    expect(trainingState({ ...plan, training_fails: true }, 2_500)).toEqual({
      status: "error",
      training_progress: "100/100",
      finished_ms: 2_000,
    });
  });

  test.each([
    ["https://example.com/too-short.mp4", true],
    ["https://example.com/Fail-Training.mp4", true],
    ["https://example.com/short.mp4", false],
  ])("trainingWillFail(%s) is %s", (url, fails) => {
    expect(trainingWillFail(url)).toBe(fails);
  });
});
