/** Strict xsd:dateTime parsing (RFC 7643 §2.3.5), normalized to ISO-8601 UTC with milliseconds. */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The instant an xsd:dateTime (RFC 7643 §2.3.5, XML Schema 1.1 §3.3.7) names, as
 * `YYYY-MM-DDTHH:mm:ss.sssZ`, or undefined when `text` is not one. Years 0001–9999; digits
 * beyond milliseconds are truncated; `24:00:00` is the start of the next day; a missing
 * timezone is read as UTC.
 */
export function normalizeXsdDateTime(text: string): string | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = match[7] ?? "";
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (minute > 59 || second > 59) return undefined;
  if (hour > 24 || (hour === 24 && (minute > 0 || second > 0 || /[1-9]/.test(fraction)))) return undefined;
  const offset = parseOffset(match[8] ?? "Z");
  if (offset === undefined) return undefined;
  const millis = Number(fraction.slice(0, 3).padEnd(3, "0"));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offset, second, millis);
  return date.toISOString();
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** Minutes east of UTC, or undefined outside ±14:00. */
function parseOffset(zone: string): number | undefined {
  if (zone === "Z") return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (minutes > 59 || hours > 14 || (hours === 14 && minutes > 0)) return undefined;
  return (zone[0] === "-" ? -1 : 1) * (hours * 60 + minutes);
}
