/** Seeds the floor with the benchmark's data set through its own create path. */
import { bigGroupBody, bigGroupSize, groupBody, groupCount, membersOfGroup, userBody, userId } from "../dataset.ts";
import type { FloorStore } from "./floor-store.ts";

/** Fills the store with the data set: users, the ordinary groups with their members, the big group. */
export function seedFloor(store: FloorStore, users: number): void {
  for (let i = 0; i < users; i++) {
    const created = store.createUser(userBody(i));
    if (created.status !== 201) throw new Error(`seeding user ${i}: ${JSON.stringify(created.body)}`);
  }
  const members = (ids: number[]) => ids.map((i) => ({ value: userId(i) }));
  for (let j = 0; j < groupCount(users); j++) {
    store.createGroup({ ...groupBody(j), members: members(membersOfGroup(j, users)) });
  }
  const big = Array.from({ length: bigGroupSize(users) }, (_, i) => i);
  store.createGroup({ ...bigGroupBody(), members: members(big) });
}
