import { describe, expect, it } from "vitest";
import { allowedDistance, editDistance, nameKey, nearlyMatches, singular } from "./near-match.ts";

describe("nearlyMatches", () => {
  it.each([
    ["Store Managers", "Store Manager"],
    ["store manager", "Store-Manager"],
    ["Sales Team", "sales_team"],
    ["Sales Team", "Sales Teams"],
    ["Admins", "Admin"],
    ["Regional Managers", "Regional Manager"],
    ["Policies", "Policy"],
    ["Branches", "Branch"],
    ["Café Staff", "Cafe Staff"],
    ["Finance", "Finanse"],
    ["Customer Support", "Costumer Support"],
    ["Warehouse Workers", "Warehouse Worker (EU)".replace(" (EU)", "")],
    ["Marketing Team Leads", "Marketing Team Lead"],
  ])("%j nearly matches %j", (a, b) => {
    expect(nearlyMatches(a, b)).toBe(true);
    expect(nearlyMatches(b, a)).toBe(true);
  });

  it.each([
    ["HR", "IT"],
    ["Ops", "Dev"],
    ["Support", "Sport"],
    ["Engineering", "Marketing"],
    ["Store Manager", "Stock Planner"],
    ["Sales Team", "Sales North"],
    ["!!!", "???"],
  ])("%j does not match %j", (a, b) => {
    expect(nearlyMatches(a, b)).toBe(false);
  });
});

describe("nameKey", () => {
  it("folds case, accents, white space and punctuation, and makes each word singular", () => {
    expect(nameKey("  Store  MANAGERS ")).toBe("storemanager");
    expect(nameKey("Øresund-Café, Staff")).toBe("øresundcafestaff");
    expect(nameKey("Sales & Marketing Teams")).toBe("salemarketingteam");
  });

  it("keeps words that are not plurals", () => {
    expect(["boss", "status", "analysis", "bus", "ops"].map(singular)).toEqual([
      "boss",
      "status",
      "analysis",
      "bus",
      "ops",
    ]);
    expect(["managers", "classes", "boxes", "companies", "watches"].map(singular)).toEqual([
      "manager",
      "class",
      "box",
      "company",
      "watch",
    ]);
  });
});

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions, and stops past the limit", () => {
    expect(editDistance("kitten", "sitting", 5)).toBe(3);
    expect(editDistance("kitten", "sitting", 1)).toBe(2);
    expect(editDistance("abc", "abc", 0)).toBe(0);
    expect(editDistance("", "abcd", 9)).toBe(4);
  });

  it("allows more edits to longer names", () => {
    expect([3, 5, 6, 11, 12, 40].map(allowedDistance)).toEqual([0, 0, 1, 1, 2, 2]);
  });
});
