/** Replaces the generated part of a Markdown document: everything between two marker comments. */

/** The markers around the benchmark's section of docs/performance.md. */
export const SECTION_START = "<!-- bench:compare:start -->";
/** The end marker. */
export const SECTION_END = "<!-- bench:compare:end -->";

/**
 * `document` with the text between `start` and `end` replaced by `content` (the markers stay);
 * with no markers, the section is appended at the end. A document with only one marker, or with
 * them in the wrong order, is an error: guessing where the section ends could delete prose.
 */
export function replaceSection(document: string, content: string, start = SECTION_START, end = SECTION_END): string {
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  const body = `${start}\n${content.trim()}\n${end}`;
  if (from === -1 && to === -1) return `${document.trimEnd()}\n\n${body}\n`;
  if (from === -1 || to === -1 || to < from) {
    throw new Error(`the document must hold ${start} before ${end}, or neither`);
  }
  if (document.indexOf(start, from + start.length) !== -1 || document.indexOf(end, to + end.length) !== -1) {
    throw new Error(`the document holds ${start} or ${end} more than once`);
  }
  return document.slice(0, from) + body + document.slice(to + end.length);
}
