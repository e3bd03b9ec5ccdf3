/** Number formatting and tables for the report, as Markdown (docs) or aligned plain text (stdout). */

export type Format = "markdown" | "text";

/** A table: headers, rows of cells, and which columns hold numbers (right-aligned). */
export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly numeric: readonly boolean[];
}

const thousands = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** Requests per second: whole numbers with separators, one decimal below 10. */
export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return "—";
  return value < 10 ? value.toFixed(1) : thousands.format(value);
}

/** Milliseconds: two decimals below 10, one below 100, whole above. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return "—";
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return thousands.format(value);
}

/** A cost ratio, `1.23×`; "—" when either side is missing. */
export function formatRatio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? "—" : `${value.toFixed(2)}×`;
}

/** A share, `31%`; "—" when missing. */
export function formatPercent(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "—";
  return value < 0.1 ? `${(value * 100).toFixed(1)}%` : `${Math.round(value * 100)}%`;
}

/** A user count: `1,000`, `10k`, `1M` in headings. */
export function formatSize(users: number): string {
  if (users >= 1_000_000 && users % 1_000_000 === 0) return `${users / 1_000_000}M`;
  if (users >= 1_000 && users % 1_000 === 0) return `${users / 1_000}k`;
  return thousands.format(users);
}

/** Thousands separators. */
export function formatCount(value: number): string {
  return thousands.format(value);
}

function markdownCell(cell: string): string {
  return cell.replace(/\|/g, "\\|");
}

/** Renders a table as GitHub Markdown or as space-aligned columns. */
export function renderTable(table: Table, format: Format): string {
  if (format === "markdown") {
    const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(" | ")} |`;
    const rule = `| ${table.headers.map((_, k) => (table.numeric[k] ? "---:" : "---")).join(" | ")} |`;
    return [line(table.headers), rule, ...table.rows.map(line)].join("\n");
  }
  const widths = table.headers.map((header, k) =>
    Math.max(header.length, ...table.rows.map((row) => (row[k] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, k) => (table.numeric[k] ? cell.padStart(widths[k]!) : cell.padEnd(widths[k]!)))
      .join("  ")
      .trimEnd();
  return [line(table.headers), widths.map((w) => "-".repeat(w)).join("  "), ...table.rows.map(line)].join("\n");
}
