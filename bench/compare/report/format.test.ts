import { describe, expect, it } from "vitest";
import { formatMs, formatPercent, formatRate, formatRatio, formatSize, renderTable } from "./format.ts";

describe("formatting", () => {
  it.each([
    [formatRate(43612.4), "43,612"],
    [formatRate(5.93), "5.9"],
    [formatRate(Number.NaN), "—"],
    [formatMs(0.0423), "0.04"],
    [formatMs(12.345), "12.3"],
    [formatMs(1234.5), "1,235"],
    [formatMs(Number.NaN), "—"],
    [formatRatio(1.2345), "1.23×"],
    [formatRatio(undefined), "—"],
    [formatPercent(0.314), "31%"],
    [formatPercent(0.031), "3.1%"],
    [formatSize(1_000_000), "1M"],
    [formatSize(10_000), "10k"],
    [formatSize(1_500), "1,500"],
  ])("%s is %s", (got, want) => {
    expect(got).toBe(want);
  });

  it("renders Markdown with numeric columns right-aligned and pipes escaped", () => {
    const table = { headers: ["scenario", "req/s"], rows: [["a | b", "1,000"]], numeric: [false, true] };
    expect(renderTable(table, "markdown")).toBe("| scenario | req/s |\n| --- | ---: |\n| a \\| b | 1,000 |");
  });

  it("renders plain text in aligned columns", () => {
    const table = {
      headers: ["scenario", "req/s"],
      rows: [
        ["get", "1,000"],
        ["filter", "5"],
      ],
      numeric: [false, true],
    };
    expect(renderTable(table, "text").split("\n")).toEqual([
      "scenario  req/s",
      "--------  -----",
      "get       1,000",
      "filter        5",
    ]);
  });
});
