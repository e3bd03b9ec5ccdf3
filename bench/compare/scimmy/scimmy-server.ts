/**
 * SCIMMY (scimmy + scimmy-routers on express 4) over ScimmyStore, run as its own process by the
 * benchmark. Seeds BENCH_USERS users of the data set at start through SCIMMY's schema parsing
 * and the store's ingress, then listens on HOST:PORT under the same base path as the others.
 */
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";
import {
  BASE_PATH,
  bigGroupBody,
  bigGroupSize,
  groupBody,
  groupCount,
  membersOfGroup,
  userBody,
  userId,
} from "../dataset.ts";
import { ScimmyStore } from "./scimmy-store.ts";

const token = process.env["BENCH_TOKEN"] ?? "";
const port = Number(process.env["PORT"] ?? 0);
const host = process.env["HOST"] ?? "127.0.0.1";
const users = Number(process.env["BENCH_USERS"] ?? 0);
const store = new ScimmyStore();

// The enterprise extension, as Roster and the floor keep it.
// SCIMMY's handler types name its schema classes; the Map store holds the same shapes as plain JSON.
type User = SCIMMY.Schemas.User;
type Group = SCIMMY.Schemas.Group;

SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false))
  .ingress((resource, instance) => store.writeUser(resource.id, instance) as unknown as User)
  .egress((resource) => store.readUsers(resource) as unknown as User | User[])
  .degress((resource) => {
    if (resource.id) store.users.delete(resource.id);
  });
SCIMMY.Resources.declare(SCIMMY.Resources.Group)
  .ingress((resource, instance) => store.writeGroup(resource.id, instance) as unknown as Group)
  .egress((resource) => store.readGroups(resource) as unknown as Group | Group[])
  .degress((resource) => {
    if (resource.id) store.groups.delete(resource.id);
  });

for (let i = 0; i < users; i++) store.seedUser(userBody(i));
const members = (ids: number[]) => ids.map((i) => ({ value: userId(i) }));
for (let j = 0; j < groupCount(users); j++) {
  store.seedGroup({ ...groupBody(j), members: members(membersOfGroup(j, users)) });
}
store.seedGroup({ ...bigGroupBody(), members: members(Array.from({ length: bigGroupSize(users) }, (_, i) => i)) });

const app = express();
app.use(
  BASE_PATH,
  new SCIMMYRouters({
    type: "bearer",
    handler: (request) => {
      if (request.header("authorization") !== `Bearer ${token}`) throw new Error("unauthorized");
      return "bench";
    },
    baseUri: () => `http://${host}:${port}`,
  }),
);
const server = app.listen(port, host);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
