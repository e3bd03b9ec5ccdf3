import { describe, expect, it } from "vitest";
import { documentLines, MAX_LINE_CHARACTERS } from "./document-lines.ts";

async function* chunksOf(...parts: (string | Uint8Array)[]) {
  for (const part of parts) yield typeof part === "string" ? new TextEncoder().encode(part) : part;
}

async function lines(...parts: (string | Uint8Array)[]) {
  const result: [number, string][] = [];
  for await (const line of documentLines(chunksOf(...parts))) result.push([line.number, line.text]);
  return result;
}

describe("documentLines", () => {
  it("numbers LF and CRLF lines from 1, blank ones counted, the last one without a newline too", async () => {
    expect(await lines("a\r\n\nb\nc")).toEqual([
      [1, "a"],
      [2, ""],
      [3, "b"],
      [4, "c"],
    ]);
  });

  it("joins lines and characters split across chunks", async () => {
    const bytes = new TextEncoder().encode('{"n":"Øystein"}\n');
    expect(await lines(bytes.slice(0, 7), bytes.slice(7, 8), bytes.slice(8))).toEqual([[1, '{"n":"Øystein"}']]);
  });

  it("drops a UTF-8 byte order mark", async () => {
    expect(await lines("\uFEFFx\n")).toEqual([[1, "x"]]);
  });

  it("refuses bytes that are not UTF-8, naming the line", async () => {
    await expect(lines("ok\n", new Uint8Array([0x7b, 0xff, 0x7d, 0x0a]))).rejects.toMatchObject({
      code: "invalidValue",
      message: "line 2: the document is not UTF-8 text",
    });
  });

  it("refuses a line longer than the limit without reading it whole", async () => {
    const long = "x".repeat(MAX_LINE_CHARACTERS + 10);
    await expect(lines("first\n", long)).rejects.toMatchObject({
      message: expect.stringMatching(/^line 2: longer than/),
    });
    await expect(lines(`${long}\n`)).rejects.toMatchObject({ message: expect.stringMatching(/^line 1: longer than/) });
  });

  it("passes every chunk to onChunk, for the checksum", async () => {
    const seen: number[] = [];
    for await (const _ of documentLines(chunksOf("ab\n", "cd\n"), (chunk) => seen.push(chunk.length))) {
      // reading is enough
    }
    expect(seen).toEqual([3, 3]);
  });
});
