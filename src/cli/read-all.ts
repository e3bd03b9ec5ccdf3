/** Reads every page of a keyset-paged list, for commands that print a whole list. */
import type { ResourceKey, SeekPage } from "../domain/ports.ts";

/** Items that have a place in the (createdAt, Id) order. */
interface Keyed {
  readonly createdAt: string;
  readonly id: string;
}

/** Every item of the pages `read` returns, from the first on. */
export async function readAll<T extends Keyed>(
  read: (after: ResourceKey | undefined) => Promise<SeekPage<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let after: ResourceKey | undefined;
  for (;;) {
    const page = await read(after);
    items.push(...page.items);
    const last = page.items.at(-1);
    if (!page.more || last === undefined) return items;
    after = { createdAt: last.createdAt, id: last.id };
  }
}
