import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { levelEnabled, loggerOptions, requestChildLogger } from "./logger-options.ts";

describe("the request's logger", () => {
  const serverLog = (level: "silent" | "info" | "debug", lines: string[] = []) =>
    Fastify({ logger: loggerOptions(level, { write: (line) => lines.push(line) }) }).log;

  it("is the server's own logger while the level is silent: no child is made per request", () => {
    const log = serverLog("silent");
    expect(requestChildLogger.call(undefined as never, log, { requestId: "r1" }, {}, undefined as never)).toBe(log);
  });

  it("is a child carrying the request id at any other level", () => {
    const lines: string[] = [];
    const log = serverLog("info", lines);
    const child = requestChildLogger.call(undefined as never, log, { requestId: "r1" }, {}, undefined as never);
    expect(child).not.toBe(log);
    child.info("hello");
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ requestId: "r1", msg: "hello" });
  });

  it("is a child when a route sets its own level, even under a silent server", () => {
    const log = serverLog("silent");
    const child = requestChildLogger.call(
      undefined as never,
      log,
      { requestId: "r1" },
      { level: "info" },
      undefined as never,
    );
    expect(child).not.toBe(log);
  });

  it("says which levels are written", () => {
    expect(levelEnabled(serverLog("silent"), "info")).toBe(false);
    expect(levelEnabled(serverLog("info"), "info")).toBe(true);
    expect(levelEnabled(serverLog("info"), "debug")).toBe(false);
    expect(levelEnabled(serverLog("debug"), "debug")).toBe(true);
  });
});
