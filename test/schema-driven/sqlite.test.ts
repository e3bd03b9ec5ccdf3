import { defineChecker } from "./checker.ts";

await defineChecker("sqlite");
