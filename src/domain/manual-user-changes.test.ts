import { describe, expect, it } from "vitest";
import { applyUserChanges } from "./manual-user-changes.ts";
import type { UserRecord } from "./model.ts";

const scimUser: UserRecord = {
  id: "pat@x.io",
  email: "pat@x.io",
  firstName: "Pat",
  lastName: "Smith",
  phone: "+1",
  b2cId: null,
  externalIds: [{ provider: "Okta", value: "pat" }],
  active: true,
  scim: {
    userName: "pat",
    name: { givenName: "Pat", familyName: "Smith", formatted: "Pat Smith" },
    emails: [
      { value: "home@x.io", type: "home" },
      { value: "pat@x.io", type: "work", primary: true },
    ],
    phoneNumbers: [{ value: "+1", type: "work" }],
  },
  scimProvider: "Okta",
  createdAt: "2026-01-01T00:00:00.000Z",
  modifiedAt: "2026-01-01T00:00:00.000Z",
  version: 3,
};

describe("applyUserChanges", () => {
  it("changes the fields and a SCIM user's attributes alike, one version later", () => {
    const user = applyUserChanges(
      scimUser,
      { firstName: "Patricia", email: "patricia@x.io", phone: null },
      "2026-02-01T00:00:00.000Z",
    );
    expect(user).toMatchObject({
      firstName: "Patricia",
      lastName: "Smith",
      email: "patricia@x.io",
      phone: null,
      version: 4,
    });
    expect(user.scim).toEqual({
      userName: "pat",
      name: { givenName: "Patricia", familyName: "Smith" },
      emails: [
        { value: "home@x.io", type: "home" },
        { value: "patricia@x.io", type: "work", primary: true },
      ],
      phoneNumbers: [],
    });
  });

  it("adds a phone to a SCIM user that had none", () => {
    const user = applyUserChanges(
      { ...scimUser, scim: { userName: "pat" } },
      { phone: "+47" },
      "2026-02-01T00:00:00.000Z",
    );
    expect(user.scim).toEqual({ userName: "pat", phoneNumbers: [{ value: "+47", type: "work", primary: true }] });
  });

  it("leaves a hand-made user's (absent) SCIM attributes absent", () => {
    const user = applyUserChanges({ ...scimUser, scim: null }, { active: false }, "2026-02-01T00:00:00.000Z");
    expect(user).toMatchObject({ scim: null, active: false, firstName: "Pat" });
  });
});
