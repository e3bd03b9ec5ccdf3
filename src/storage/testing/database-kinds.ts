/** The kinds of database every contract, domain and HTTP suite runs on (vitest.config.ts reads this too). */
export const DATABASE_KINDS = ["sqlite", "postgres"] as const;

/** One of DATABASE_KINDS. */
export type DatabaseKind = (typeof DATABASE_KINDS)[number];
