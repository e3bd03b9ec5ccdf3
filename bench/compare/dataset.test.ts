import { describe, expect, it } from "vitest";
import { normalizeRoleName } from "../../src/domain/role-name.ts";
import {
  BIG_GROUP,
  bigGroupSize,
  groupCount,
  groupId,
  groupName,
  groupsOfUser,
  membersOfGroup,
  pad,
  seededRandom,
  userBody,
  userEmail,
  userId,
  userName,
} from "./dataset.ts";

describe("the data set", () => {
  it("names groups with the ids Roster gives them", () => {
    for (const j of [0, 7, 12345]) expect(groupId(j)).toBe(normalizeRoleName(groupName(j)));
    expect(BIG_GROUP.id).toBe(normalizeRoleName(BIG_GROUP.displayName));
  });

  it("gives every user a distinct userName, email and externalId, the email being the id", () => {
    const users = Array.from({ length: 3000 }, (_, i) => userBody(i));
    for (const key of ["userName", "externalId"]) expect(new Set(users.map((u) => u[key])).size).toBe(3000);
    expect(new Set(users.map((_, i) => userId(i))).size).toBe(3000);
    expect(userId(42)).toBe(userEmail(42));
  });

  it("makes the co, sw and ew probes of a user match that user alone", () => {
    const emails = Array.from({ length: 20000 }, (_, i) => userEmail(i));
    for (const i of [0, 7, 123, 1234, 19999]) {
      expect(emails.filter((e) => e.includes(`ser${pad(i)}@`))).toEqual([userEmail(i)]);
      expect(emails.filter((e) => e.startsWith(`user${pad(i)}@`))).toEqual([userEmail(i)]);
      expect(emails.filter((e) => e.endsWith(`r${pad(i)}@example.com`))).toEqual([userEmail(i)]);
    }
  });

  it("sorts userNames the same by code unit and by locale, so every server agrees on a sorted page", () => {
    const names = Array.from({ length: 200 }, (_, i) => userName(i * 37));
    expect([...names].sort()).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it("puts each user in one ordinary group, and the first half (at most 100,000) in the big group", () => {
    const users = 1000;
    const members = Array.from({ length: groupCount(users) }, (_, j) => membersOfGroup(j, users)).flat();
    expect(members.sort((a, b) => a - b)).toEqual(Array.from({ length: users }, (_, i) => i));
    expect(bigGroupSize(1000)).toBe(500);
    expect(bigGroupSize(1_000_000)).toBe(100_000);
    expect(groupsOfUser(3, users)).toEqual([groupId(3), BIG_GROUP.id]);
    expect(groupsOfUser(700, users)).toEqual([groupId(0)]);
  });

  it("repeats its random sequence for a seed", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const values = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(values);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});
