import { describe, expect, it } from "vitest";
import { replaceSection, SECTION_END, SECTION_START } from "./markdown-section.ts";

describe("replaceSection", () => {
  it("replaces only the text between the markers", () => {
    const document = `# Performance\n\nprose before\n\n${SECTION_START}\nold table\n${SECTION_END}\n\nprose after\n`;
    const replaced = replaceSection(document, "new table\n");
    expect(replaced).toBe(
      `# Performance\n\nprose before\n\n${SECTION_START}\nnew table\n${SECTION_END}\n\nprose after\n`,
    );
    expect(replaceSection(replaced, "third")).toContain(`${SECTION_START}\nthird\n${SECTION_END}`);
  });

  it("appends the section to a document without markers", () => {
    expect(replaceSection("# Performance\n", "table")).toBe(
      `# Performance\n\n${SECTION_START}\ntable\n${SECTION_END}\n`,
    );
  });

  it.each([
    [`${SECTION_START}\nno end`],
    [`no start\n${SECTION_END}`],
    [`${SECTION_END}\n${SECTION_START}`],
    [`${SECTION_START}\n${SECTION_END}\n${SECTION_START}\n${SECTION_END}`],
  ])("refuses a document whose markers do not enclose one section: %j", (document) => {
    expect(() => replaceSection(document, "x")).toThrow(/bench:compare/);
  });
});
