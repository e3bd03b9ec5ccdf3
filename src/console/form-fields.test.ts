import { describe, expect, it } from "vitest";
import { formFields } from "./form-fields.ts";

describe("formFields", () => {
  it("reads fields, trimmed or as sent", () => {
    const form = formFields({ a: " x ", b: "   " });
    expect(form.text("a")).toBe(" x ");
    expect(form.trimmed("a")).toBe("x");
    expect(form.trimmed("b")).toBeUndefined();
    expect(form.text("missing")).toBeUndefined();
  });

  it("refuses a field sent twice", () => {
    expect(() => formFields({ a: ["1", "2"] }).text("a")).toThrow(expect.objectContaining({ code: "badRequest" }));
  });

  it("does not read inherited properties", () => {
    expect(formFields({}).text("toString")).toBeUndefined();
    expect(formFields(undefined).text("a")).toBeUndefined();
  });

  it("reads every value of a field sent several times, and none when absent", () => {
    expect(formFields({ a: ["1", "2"], b: "3" }).all("a")).toEqual(["1", "2"]);
    expect(formFields({ b: "3" }).all("b")).toEqual(["3"]);
    expect(formFields({}).all("toString")).toEqual([]);
  });
});
