/**
 * In-process wake-ups for event readers: a write that committed events says so here, and long
 * polls and the delivery loop of this process wake at once. Other instances find the events by
 * polling the table; nothing depends on a signal arriving.
 */
import { EventEmitter } from "node:events";

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

/** Tells this process's readers that `tenantId` has new events (after the commit). */
export function signalEvents(tenantId: string): void {
  emitter.emit("events", tenantId);
}

/**
 * Resolves when `tenantId` (any tenant when undefined) signals new events, after `timeoutMs`, or
 * when `signal` aborts, whichever comes first; never rejects.
 */
export function waitForEvents(tenantId: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      emitter.off("events", listener);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const listener = (tenant: string) => {
      if (tenantId === undefined || tenant === tenantId) done();
    };
    const timer = setTimeout(done, timeoutMs);
    emitter.on("events", listener);
    signal?.addEventListener("abort", done, { once: true });
  });
}
