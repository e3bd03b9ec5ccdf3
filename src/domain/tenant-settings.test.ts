import { describe, expect, it } from "vitest";
import {
  effectiveTenantSettings,
  findTenantSetting,
  parseTenantSetting,
  readTenantSettings,
  TENANT_SETTINGS,
} from "./tenant-settings.ts";
import { hashToken } from "./token.ts";

const hash = hashToken("secret");

describe("parseTenantSetting", () => {
  it.each([
    ["HashedScimProvisioningToken", hash.toLowerCase(), "HashedScimProvisioningToken", hash],
    ["hashedscimprovisioningtoken", ` ${hash}\n`, "HashedScimProvisioningToken", hash],
    ["ScimEnabled", "FALSE", "ScimEnabled", "false"],
    ["scimenabled", "True", "ScimEnabled", "true"],
    ["DeactivateAction", "Delete", "DeactivateAction", "delete"],
    ["DEACTIVATEACTION", "disable", "DeactivateAction", "disable"],
    ["ManualRoles", "Keep", "ManualRoles", "keep"],
    ["manualroles", " replace ", "ManualRoles", "replace"],
  ])("stores %s = %j as %s = %j", (name, value, storedName, storedValue) => {
    expect(parseTenantSetting(name, value)).toEqual({ ok: true, value: { name: storedName, value: storedValue } });
  });

  it.each([
    ["HashedScimProvisioningToken", hash.slice(1)],
    ["HashedScimProvisioningToken", `${hash.slice(1)}Z`],
    ["HashedScimProvisioningToken", ""],
    ["ScimEnabled", "yes"],
    ["ScimEnabled", "1"],
    ["DeactivateAction", "suspend"],
    ["ManualRoles", "merge"],
    ["ManualRoles", ""],
    ["ProvisioningLogRetentionDays", "0"],
    ["ProvisioningLogRetentionDays", "3651"],
    ["ProvisioningLogRetentionDays", "1.5"],
    ["NoSuchSetting", "x"],
  ])("refuses %s = %j with a one-line invalidValue", (name, value) => {
    const result = parseTenantSetting(name, value);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("invalidValue");
      expect(result.error.message).not.toMatch(/\n/);
      expect(result.error.message).toContain(name === "NoSuchSetting" ? "unknown tenant setting" : name);
    }
  });

  it("names the known settings when the setting is unknown", () => {
    const result = parseTenantSetting("Colour", "blue");
    expect(!result.ok && result.error.message).toContain("ScimEnabled");
  });
});

describe("readTenantSettings", () => {
  it("applies the defaults: no hash, provisioning on, deactivation disables, manual roles replaced", () => {
    expect(readTenantSettings({})).toEqual({
      hashedScimProvisioningToken: undefined,
      scimEnabled: true,
      deactivateAction: "disable",
      manualRoles: "replace",
      provisioningLogRetentionDays: 30,
    });
  });

  it("reads stored values", () => {
    expect(
      readTenantSettings({
        HashedScimProvisioningToken: hash,
        ScimEnabled: "false",
        DeactivateAction: "delete",
        ManualRoles: "keep",
        ProvisioningLogRetentionDays: "90",
      }),
    ).toEqual({
      hashedScimProvisioningToken: hash,
      scimEnabled: false,
      deactivateAction: "delete",
      manualRoles: "keep",
      provisioningLogRetentionDays: 90,
    });
  });

  it("fails closed (and takes nothing away) on values edited into the database by hand", () => {
    expect(
      readTenantSettings({
        HashedScimProvisioningToken: "abc",
        ScimEnabled: "maybe",
        DeactivateAction: "purge",
        ManualRoles: "sometimes",
        ProvisioningLogRetentionDays: "0",
      }),
    ).toEqual({
      hashedScimProvisioningToken: undefined,
      scimEnabled: false,
      deactivateAction: "disable",
      manualRoles: "keep",
      provisioningLogRetentionDays: 30,
    });
  });
});

describe("effectiveTenantSettings", () => {
  it("lists every known setting with its value in force", () => {
    expect(effectiveTenantSettings({ ScimEnabled: "false" })).toEqual({
      HashedScimProvisioningToken: null,
      ScimEnabled: "false",
      DeactivateAction: "disable",
      ManualRoles: "replace",
      ProvisioningLogRetentionDays: "30",
    });
  });
});

describe("TENANT_SETTINGS", () => {
  it("has unique names that findTenantSetting finds in any case", () => {
    for (const setting of TENANT_SETTINGS) {
      expect(findTenantSetting(setting.name.toUpperCase())).toBe(setting);
    }
    expect(new Set(TENANT_SETTINGS.map((s) => s.name.toLowerCase())).size).toBe(TENANT_SETTINGS.length);
  });

  it("lists choices that each parse to themselves, and include the default", () => {
    for (const setting of TENANT_SETTINGS) {
      if (setting.choices === undefined) continue;
      for (const choice of setting.choices) expect(setting.parse(choice)).toEqual({ ok: true, value: choice });
      if (setting.defaultValue !== undefined) expect(setting.choices).toContain(setting.defaultValue);
      expect(setting.parse("neither").ok).toBe(false);
    }
    expect(findTenantSetting("ScimEnabled")?.choices).toEqual(["true", "false"]);
  });
});
