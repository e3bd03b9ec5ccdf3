import { describe, expect, it } from "vitest";
import { RosterError } from "../protocol/errors.ts";
import { generateToken, hashToken, isTokenHash, tokenMatches } from "./token.ts";

// Expected values computed with `printf %s TOKEN | sha512sum`, upper-cased like the seed's script.
const vectors: readonly (readonly [string, string])[] = [
  [
    "",
    "CF83E1357EEFB8BDF1542850D66D8007D620E4050B5715DC83F4A921D36CE9CE47D0D13C5D85F2B0FF8318D2877EEC2F63B931BD47417A81A538327AF927DA3E",
  ],
  [
    "abc",
    "DDAF35A193617ABACC417349AE20413112E6FA4E89A97EA20A9EEEE64B55D39A2192992A274FC1A836BA3C23A3FEEBBD454D4423643CE80E2A9AC94FA54CA49F",
  ],
  [
    "Zm9vYmFy+/==",
    "D59941CF256ABC36F360CEB94A9FED1B953A76706D5AB6D4F95D96E78C3A35A35756ADC16980EF5F0C8F3BF39118E7EF899573E9A2A9C35EA518FA776C144826",
  ],
  [
    "blåbærsyltetøy",
    "2A5B1B6913F1DF3A62A4BC5AAA9BD133C07E23691CDC7D260C3E907296CEF743A893531511AE00C388020AF7507E52D0E1023F7F7E901E4079C3B8192C1C466A",
  ],
  [
    "🔑 token",
    "5F36319F42D671BDEA317FFDA3035AFFDB076362250CCF0A3A778775263AF8BDCB5F91C64A42DA7A8B9F80DCBB48AC8F26966C2AD13BF5BC5C66FB8425FED179",
  ],
  // A lone surrogate becomes U+FFFD (EF BF BD), as .NET's Encoding.UTF8 does.
  [
    "\uD800",
    "7D59B7409D1BBB5A95488E1AECB317FBA794AB5AB2C2C8E8F8AA00EFC9C94A03CCAE8884472D53E40D7C46727B1D07C71BF5C741E4215A5D5A076E23ADC2D87E",
  ],
];

describe("hashToken", () => {
  it.each(vectors)("hashes %j to the seed script's upper-case SHA-512 hex", (token, expected) => {
    expect(hashToken(token)).toBe(expected);
  });
});

describe("tokenMatches", () => {
  it.each(vectors)("accepts %j against its hash in upper and lower case", (token, expected) => {
    expect(tokenMatches(token, expected)).toBe(true);
    expect(tokenMatches(token, expected.toLowerCase())).toBe(true);
  });

  it("rejects a different token", () => {
    expect(tokenMatches("abd", hashToken("abc"))).toBe(false);
  });

  it("never matches a malformed stored hash", () => {
    expect(tokenMatches("abc", "")).toBe(false);
    expect(tokenMatches("abc", hashToken("abc").slice(2))).toBe(false);
    expect(tokenMatches("abc", `${hashToken("abc").slice(1)}G`)).toBe(false);
    expect(tokenMatches("", "0".repeat(128))).toBe(false);
  });
});

describe("isTokenHash", () => {
  it("accepts 128 hex digits in either case and nothing else", () => {
    expect(isTokenHash("a".repeat(128))).toBe(true);
    expect(isTokenHash("aB".repeat(64))).toBe(true);
    expect(isTokenHash("a".repeat(127))).toBe(false);
    expect(isTokenHash(`${"a".repeat(128)}\n`)).toBe(false);
    expect(isTokenHash("g".repeat(128))).toBe(false);
  });
});

describe("generateToken", () => {
  it("returns 32 random bytes as padded base64 by default", () => {
    const token = generateToken();
    expect(Buffer.from(token, "base64")).toHaveLength(32);
    expect(token).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(generateToken()).not.toBe(token);
  });

  it.each([16, 17, 64, 1024])("returns %i bytes of entropy when asked", (bytes) => {
    expect(Buffer.from(generateToken(bytes), "base64")).toHaveLength(bytes);
  });

  it.each([0, 15, 1025, 32.5, Number.NaN, -1])("refuses %s bytes with invalidValue", (bytes) => {
    expect(() => generateToken(bytes)).toThrow(RosterError);
    try {
      generateToken(bytes);
    } catch (error) {
      expect((error as RosterError).code).toBe("invalidValue");
    }
  });
});
