/**
 * SPEC §12's CSV export: one user a row for spreadsheets (RFC 4180), safe to open in one.
 * Quoting: a cell holding `"`, `,`, CR or LF is quoted, its quotes doubled. Formula injection
 * (OWASP "CSV Injection"): a cell starting with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`,
 * so Excel, LibreOffice and Google Sheets show it as text instead of running it.
 */
import type { UserDetails } from "./identity-service.ts";

/** The header row's columns. */
export const CSV_COLUMNS = ["Id", "Email", "FirstName", "LastName", "Phone", "Active", "Roles"] as const;

/** What a CSV export starts with: the UTF-8 byte order mark (so spreadsheets read it as UTF-8), then the header row. */
export const CSV_HEAD = `\uFEFF${CSV_COLUMNS.join(",")}\r\n`;

const FORMULA_START = /^[=+\-@\t\r]/u;
const NEEDS_QUOTES = /[",\r\n]/u;

/** One cell: neutralized when a spreadsheet would read it as a formula, quoted when it must be. */
export function csvCell(value: string | null): string {
  if (value === null || value === "") return "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The user's row (CRLF-terminated): its direct role Ids joined by `;`. */
export function csvRow({ user, roles }: UserDetails): string {
  const cells = [
    user.id,
    user.email,
    user.firstName,
    user.lastName,
    user.phone,
    user.active ? "true" : "false",
    roles.map((role) => role.roleId).join(";"),
  ];
  return `${cells.map(csvCell).join(",")}\r\n`;
}
