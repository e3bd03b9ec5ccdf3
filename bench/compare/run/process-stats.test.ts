import { describe, expect, it } from "vitest";
import { parseProcStatus, readMemory } from "./process-stats.ts";

describe("process memory", () => {
  it("reads VmRSS and VmHWM from /proc/<pid>/status", () => {
    const status = "Name:\tnode\nVmPeak:\t 900000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
    expect(parseProcStatus(status)).toEqual({ rssMb: 100, peakMb: 200 });
    expect(parseProcStatus("Name:\tnode\n")).toBeUndefined();
  });

  it("reads this process's memory, and nothing for a process that is not there", () => {
    const memory = readMemory(process.pid);
    expect(memory?.rssMb).toBeGreaterThan(10);
    expect(memory!.peakMb).toBeGreaterThanOrEqual(memory!.rssMb);
    expect(readMemory(2 ** 30)).toBeUndefined();
  });
});
