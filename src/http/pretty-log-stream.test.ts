import { describe, expect, it } from "vitest";
import { formatLogLine, prettyLogStream } from "./pretty-log-stream.ts";

const TIME = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

describe("formatLogLine", () => {
  it("shows time, level, message and the other fields", () => {
    const line = JSON.stringify({
      level: 30,
      time: TIME,
      pid: 1,
      hostname: "h",
      msg: "request",
      status: 200,
      route: "/x y",
    });
    expect(formatLogLine(line)).toBe('03:04:05.678 INFO  request status=200 route="/x y"\n');
  });

  it("prints a multi-line message as text", () => {
    const line = JSON.stringify({ level: 30, time: TIME, msg: "first\n  second" });
    expect(formatLogLine(line)).toBe("03:04:05.678 INFO  first\n  second\n");
  });

  it("prints an error's stack on its own lines", () => {
    const line = JSON.stringify({
      level: 50,
      time: TIME,
      msg: "failed",
      err: { type: "Error", stack: "Error: x\n    at y" },
    });
    expect(formatLogLine(line)).toBe("03:04:05.678 ERROR failed err=\nError: x\n    at y\n");
  });

  it("passes a line that is not JSON through", () => {
    expect(formatLogLine("plain")).toBe("plain");
  });

  it("writes each formatted line to its output", () => {
    const out: string[] = [];
    prettyLogStream({ write: (text) => out.push(text) }).write(
      `${JSON.stringify({ level: 40, time: TIME, msg: "m" })}\n`,
    );
    expect(out).toEqual(["03:04:05.678 WARN  m\n"]);
  });
});
