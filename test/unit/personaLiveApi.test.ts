/** Plan-time rules and patch splitting of the 2026 live API (docs/tavus-api/live-api.md). */
import * as PersonaProvider from "../../provider/resources/personaProvider";
import { splitConferencing } from "../../provider/resources/personaLiveApi";

const check = (news: Record<string, unknown>) =>
  PersonaProvider.check({}, news as PersonaProvider.PersonaInputs);
const FACE = "rf4703150052";

describe("conferencing and tool limits at check", () => {
  test.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      "a username with a leading dash",
      { defaultReplicaId: FACE, layers: { conferencing: { username: "-coach" } } },
      "layers.conferencing.username",
      /has the wrong format: letters, digits/,
    ],
    [
      "a reserved botN username",
      { defaultReplicaId: FACE, layers: { conferencing: { username: "Bot12" } } },
      "layers.conferencing.username",
      /"Bot12" is reserved by Tavus/,
    ],
    [
      "conferencing without a default face",
      { layers: { conferencing: { username: "coach" } } },
      "defaultReplicaId",
      /is required with layers.conferencing/,
    ],
    [
      "51 tools",
      { toolIds: Array.from({ length: 51 }, (_, i) => `t${i}`) },
      "toolIds",
      /has 51 tools: a PAL takes at most 50/,
    ],
  ])("refuses %s", async (_, news, property, reason) => {
    const { failures } = await check({ systemPrompt: "p", ...news });
    expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  test("accepts conferencing with a face and an allowlist, and 50 tools", async () => {
    const { failures } = await check({
      systemPrompt: "p",
      defaultReplicaId: FACE,
      layers: {
        conferencing: { username: "coach.bot_1", allowlist: ["a@example.com", ".*@x.io"] },
      },
      toolIds: Array.from({ length: 50 }, (_, i) => `t${i}`),
    });
    expect(failures).toBeUndefined();
  });
});

describe("splitConferencing", () => {
  const prompt = { op: "replace" as const, path: "/system_prompt", value: "new" };
  const guard = { op: "test" as const, path: "/system_prompt", value: "old" };
  const user = { op: "replace" as const, path: "/layers/conferencing/username", value: "b" };
  const userGuard = { op: "test" as const, path: "/layers/conferencing/username", value: "a" };

  test("one group when only one side changes", () => {
    expect(splitConferencing([guard, prompt])).toEqual([[guard, prompt]]);
    expect(splitConferencing([userGuard, user])).toEqual([[userGuard, user]]);
  });

  test("conferencing after the rest, each with its own guards", () => {
    expect(splitConferencing([guard, userGuard, prompt, user])).toEqual([
      [guard, prompt],
      [userGuard, user],
    ]);
  });

  test("a whole /layers add that carries conferencing is split in two", () => {
    expect(
      splitConferencing([
        {
          op: "add",
          path: "/layers",
          value: { llm: { model: "m" }, conferencing: { username: "c" } },
        },
      ]),
    ).toEqual([
      [{ op: "add", path: "/layers", value: { llm: { model: "m" } } }],
      [{ op: "add", path: "/layers/conferencing", value: { username: "c" } }],
    ]);
  });
});
