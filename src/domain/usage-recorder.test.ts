import { describe, expect, it } from "vitest";
import { UsageRecorder } from "./usage-recorder.ts";

describe("UsageRecorder", () => {
  it("records the first use, then at most one per interval per credential", () => {
    const recorder = new UsageRecorder(60_000);
    expect(recorder.shouldRecord("a", 0)).toBe(true);
    expect(recorder.shouldRecord("a", 59_999)).toBe(false);
    expect(recorder.shouldRecord("b", 1)).toBe(true);
    expect(recorder.shouldRecord("a", 60_000)).toBe(true);
    expect(recorder.shouldRecord("a", 60_001)).toBe(false);
  });

  it("records again when the clock went back", () => {
    const recorder = new UsageRecorder(60_000);
    recorder.shouldRecord("a", 100_000);
    expect(recorder.shouldRecord("a", 50_000)).toBe(true);
  });

  it("never lets a failed write reach the request", async () => {
    const recorder = new UsageRecorder();
    const errors: unknown[] = [];
    recorder.record(
      "a",
      0,
      () => Promise.reject(new Error("disk full")),
      (e) => errors.push(e),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors).toHaveLength(1);
  });
});
