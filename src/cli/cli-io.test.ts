import { describe, expect, it } from "vitest";
import { type CliIo, printJson, printJsonArray } from "./cli-io.ts";

function captured(): { io: CliIo; text: () => string } {
  let text = "";
  const io: CliIo = {
    out: (chunk) => {
      text += chunk;
    },
    err: () => {},
    env: {},
    cwd: "/",
  };
  return { io, text: () => text };
}

async function* items<T>(values: readonly T[]): AsyncGenerator<T> {
  yield* values;
}

describe("printJsonArray", () => {
  it.each([
    [[]],
    [[{ Id: "a" }]],
    [[{ Id: "a", Roles: ["x", "y"], Nested: { Deep: [1, { Deeper: null }] } }, { Id: "b", Roles: [] }, "text", 3]],
  ])("writes the same text as printJson of the whole array (%j)", async (values: readonly unknown[]) => {
    const streamed = captured();
    const whole = captured();
    await printJsonArray(streamed.io, items(values));
    printJson(whole.io, values);
    expect(streamed.text()).toBe(whole.text());
    expect(JSON.parse(streamed.text())).toEqual(values);
  });
});
