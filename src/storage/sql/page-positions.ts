/**
 * Remembered positions in a tenant's creation order, for `startIndex` paging (Okta's sequential
 * import asks for 1, 101, 201, …): after a page of an unfiltered, unsorted list, the key of its
 * last row is kept as "offset p starts after this key", so the next page is a keyset read of its
 * own rows instead of skipping p rows. Positions are valid for one generation of the tenant's
 * owners (owner_counts.generation, changed by every insert, delete and re-dating in the same
 * transaction), so a change anywhere, by any process, retires them all.
 */
import type { ResourceKey } from "../../domain/ports.ts";

/** Positions kept per tenant and kind; tenants kept in all (least recently used dropped first). */
const PER_LIST = 512;
const LISTS = 1000;

interface List {
  generation: number;
  readonly positions: Map<number, ResourceKey>;
}

/** A position: the rows from `offset` on are those after `key`. */
export interface PagePosition {
  readonly offset: number;
  readonly key: ResourceKey;
}

/** The positions of one store (one database); shared by its non-transactional reads. */
export class PagePositions {
  private readonly lists = new Map<string, List>();

  private list(tenantId: string, kind: string, generation: number): List {
    const name = `${kind}\u0000${tenantId}`;
    let list = this.lists.get(name);
    if (list) this.lists.delete(name);
    if (!list || list.generation !== generation) list = { generation, positions: new Map() };
    this.lists.set(name, list);
    if (this.lists.size > LISTS) this.lists.delete(this.lists.keys().next().value as string);
    return list;
  }

  /** The remembered position nearest below or at `offset` in this generation, if any. */
  nearest(tenantId: string, kind: string, generation: number, offset: number): PagePosition | undefined {
    const exact = this.list(tenantId, kind, generation).positions;
    let best: PagePosition | undefined;
    for (const [at, key] of exact) {
      if (at <= offset && (best === undefined || at > best.offset)) best = { offset: at, key };
    }
    return best;
  }

  /** Remembers that in this generation the rows from `offset` on are those after `key`. */
  remember(tenantId: string, kind: string, generation: number, offset: number, key: ResourceKey): void {
    const positions = this.list(tenantId, kind, generation).positions;
    positions.delete(offset);
    positions.set(offset, key);
    if (positions.size > PER_LIST) positions.delete(positions.keys().next().value as number);
  }
}
