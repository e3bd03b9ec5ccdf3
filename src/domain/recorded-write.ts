/** The one way a write of users and roles runs: in a transaction that ends by writing its events (SPEC §11). */
import type { Actor } from "./actor.ts";
import { ChangeSet } from "./change-set.ts";
import { signalEvents } from "./event-signal.ts";
import type { Repositories, Store } from "./ports.ts";
import type { RequestTrace } from "./request-trace.ts";

/** Who writes, for which tenant, and (for a SCIM request) its provisioning log trace. */
export interface WriteScope {
  readonly tenantId: string;
  readonly actor: Actor;
  readonly now: () => Date;
  readonly trace?: RequestTrace | undefined;
}

/**
 * Runs `fn` inside a transaction already open (`tx`) with a fresh ChangeSet, then flushes it:
 * the events and the log row commit with the change or not at all. For the write helpers of
 * the services, which own the retries.
 */
export async function withChanges<T>(
  tx: Repositories,
  scope: WriteScope,
  fn: (tx: Repositories, now: string, changes: ChangeSet) => Promise<T>,
): Promise<T> {
  const now = scope.now().toISOString();
  const changes = new ChangeSet(tx, scope.tenantId, scope.actor, now, () => scope.now().getTime());
  const result = await fn(tx, now, changes);
  await changes.flush(scope.trace);
  return result;
}

/** After the transaction committed: the trace is logged, and this process's event readers wake. */
export function committed(scope: WriteScope): void {
  if (scope.trace !== undefined && scope.trace.deferred === undefined) scope.trace.logged = true;
  signalEvents(scope.tenantId);
}

/** `store.transaction` with `withChanges` inside and `committed` after. */
export async function recordedTransaction<T>(
  store: Store,
  scope: WriteScope,
  fn: (tx: Repositories, now: string, changes: ChangeSet) => Promise<T>,
): Promise<T> {
  const result = await store.transaction((tx) => withChanges(tx, scope, fn));
  committed(scope);
  return result;
}
