/** What the benchmark reads about a server process and the machine: memory from /proc, load average. */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";

/** A process's resident memory now and at its peak, in MB (VmRSS, VmHWM of /proc/<pid>/status). */
export interface Memory {
  readonly rssMb: number;
  readonly peakMb: number;
}

/** Reads VmRSS and VmHWM from a /proc/<pid>/status text; undefined when either is missing. */
export function parseProcStatus(text: string): Memory | undefined {
  const kb = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, "m").exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const rss = kb("VmRSS");
  const hwm = kb("VmHWM");
  return rss === undefined || hwm === undefined ? undefined : { rssMb: rss / 1024, peakMb: hwm / 1024 };
}

/** The memory of process `pid`, or undefined when it cannot be read (gone, or no /proc). */
export function readMemory(pid: number): Memory | undefined {
  try {
    return parseProcStatus(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return undefined;
  }
}

/** The one-minute load average. */
export function loadAverage(): number {
  return loadavg()[0] ?? 0;
}

/** Samples a process's VmRSS every `intervalMs` until stopped; stop() answers the largest sample in MB. */
export function sampleRss(pid: number, intervalMs = 250): { stop(): number } {
  let max = readMemory(pid)?.rssMb ?? 0;
  const timer = setInterval(() => {
    max = Math.max(max, readMemory(pid)?.rssMb ?? 0);
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      max = Math.max(max, readMemory(pid)?.rssMb ?? 0);
      return max;
    },
  };
}
