/** fast-check properties of the import's line parsing: any line is a Result, never a throw; a refusal names its line. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RosterError } from "../protocol/errors.ts";
import { DocumentCheck } from "./import-check.ts";
import { parseDocumentLine } from "./import-lines.ts";

const FIELDS = [
  "Kind",
  "Id",
  "DisplayName",
  "Email",
  "FirstName",
  "ExternalIds",
  "Roles",
  "RoleSources",
  "Active",
  "Scim",
  "CreatedAt",
  "Format",
  "Version",
  "Counts",
];

/** Objects with the fields of real lines holding values of any shape, and some real values. */
const lineObject = fc.dictionary(
  fc.oneof(fc.constantFrom(...FIELDS), fc.string()),
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom("User", "Role", "roster-export", 1, "scim:Okta", "manual", "2026-01-01T00:00:00.000Z"),
    fc.constant([{ Provider: "Okta", Value: "x" }]),
    fc.constant({ Okta: { userName: "x" } }),
  ),
  { maxKeys: 8 },
);

describe("parseDocumentLine", () => {
  it("answers a Result for any text, as the header or as a record", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          lineObject.map((o) => JSON.stringify(o)),
        ),
        fc.boolean(),
        (text, header) => {
          const result = parseDocumentLine(text, header);
          if (!result.ok) {
            expect(result.error.code).toBe("invalidValue");
            expect(result.error.message).not.toMatch(/\n/);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("makes DocumentCheck refuse only with invalidValue naming a line", () => {
    const header = JSON.stringify({
      Format: "roster-export",
      Version: 1,
      Tenant: "t",
      ExportedAt: "2026-01-01T00:00:00.000Z",
      Counts: { Users: 1, Roles: 1 },
    });
    fc.assert(
      fc.property(
        fc.array(
          lineObject.map((o) => JSON.stringify(o)),
          { maxLength: 6 },
        ),
        (lines) => {
          const check = new DocumentCheck();
          try {
            [header, ...lines].forEach((text, index) => {
              check.add({ number: index + 1, text });
            });
            check.finish();
          } catch (error) {
            expect(error).toBeInstanceOf(RosterError);
            expect(error).toMatchObject({ code: "invalidValue", message: expect.stringMatching(/^line \d+: [^\n]+$/) });
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
