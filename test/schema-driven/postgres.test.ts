import { defineChecker } from "./checker.ts";

await defineChecker("postgres");
