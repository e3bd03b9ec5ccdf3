/** One way to run a write: in one transaction, again when a concurrent write got in between. */
import { RosterError } from "../protocol/errors.ts";
import type { Repositories, Store } from "./ports.ts";

/** How many times a write runs before a `conflict` reaches the caller. */
const CONFLICT_ATTEMPTS = 3;

/**
 * Runs `fn` in a transaction, and again (from the start, in a new transaction) when it throws
 * RosterError `conflict`: a row it read changed before it wrote (a versioned update missed), or
 * an Id it picked was taken meanwhile. The store itself retries serialization failures and
 * deadlocks. After the last attempt the conflict is the caller's.
 */
export async function writeTransaction<T>(store: Store, fn: (tx: Repositories) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.transaction(fn);
    } catch (error) {
      if (!(error instanceof RosterError && error.code === "conflict") || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
  }
}
