import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CliIo } from "./cli-io.ts";
import { PROGRESS_FPS, progressBar } from "./progress-bar.ts";

function terminal() {
  const frames: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, callback) {
        const text = String(chunk);
        if (text.includes("Testing")) frames.push(text);
        callback();
      },
    }),
    { isTTY: true, columns: 120 },
  );
  const io: CliIo = { out: () => {}, err: () => {}, env: {}, cwd: process.cwd(), terminal: stream };
  return { io, frames };
}

describe("progressBar", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it(`redraws at most ${PROGRESS_FPS} times a second, however often it is told`, () => {
    vi.useFakeTimers();
    const { io, frames } = terminal();
    const bar = progressBar(io, "Testing");
    for (let i = 0; i <= 10_000; i++) bar.update(i, 10_000);
    expect(frames).toHaveLength(1);
    for (let second = 0; second < 3; second++) {
      for (let step = 0; step < 100; step++) {
        vi.advanceTimersByTime(10);
        bar.update(second * 100 + step, 10_000);
      }
    }
    // Three seconds of updates every 10 ms: at most FPS redraws a second, plus the first.
    expect(frames.length).toBeGreaterThan(3);
    expect(frames.length).toBeLessThanOrEqual(1 + 3 * PROGRESS_FPS);
    bar.stop();
  });

  it("shows the count, the rate and the time left, and ends its line when stopped", () => {
    vi.useFakeTimers();
    const { io, frames } = terminal();
    const bar = progressBar(io, "Testing");
    bar.update(0, 2_000_000);
    vi.advanceTimersByTime(1000);
    bar.update(1_234_567, 2_000_000);
    bar.stop();
    expect(frames.at(-1)).toBe(
      "Testing [===============---------] 61% | 1,234,567 of 2,000,000 | 1,234,567/s | 1s left",
    );
  });

  it("draws nothing when quiet, or when stderr is not a terminal", () => {
    const { io, frames } = terminal();
    const quiet = progressBar(io, "Testing", { quiet: true });
    quiet.update(1, 2);
    quiet.stop();
    const piped = progressBar({ ...io, terminal: undefined }, "Testing");
    piped.update(1, 2);
    piped.stop();
    const notTty = progressBar({ ...io, terminal: Object.assign(new Writable(), { isTTY: false }) }, "Testing");
    notTty.update(1, 2);
    notTty.stop();
    expect(frames).toEqual([]);
  });
});
