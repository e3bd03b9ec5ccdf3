import { describe, expect, it } from "vitest";
import { escapeHtml, html, renderHtml, unsafeRaw } from "./html.ts";

describe("html", () => {
  it("escapes every interpolated string", () => {
    const name = `"><img src=x onerror=alert(1)>`;
    expect(html`<a title="${name}">${"<script>alert(1)</script>"}</a>`.toString()).toBe(
      '<a title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</a>',
    );
  });

  it("escapes single quotes, backticks and ampersands", () => {
    expect(escapeHtml("a & b ' c ` d")).toBe("a &amp; b &#39; c &#96; d");
  });

  it("keeps nested templates as markup, and escapes the text inside them", () => {
    const inner = html`<b>${"<i>"}</b>`;
    expect(html`<p>${inner}</p>`.toString()).toBe("<p><b>&lt;i&gt;</b></p>");
  });

  it("joins arrays and renders null, undefined and false as nothing", () => {
    expect(html`<ul>${["<a>", html`<li>x</li>`]}</ul>${null}${undefined}${false}`.toString()).toBe(
      "<ul>&lt;a&gt;<li>x</li></ul>",
    );
  });

  it("prints numbers and true as text", () => {
    expect(html`${1}${true}`.toString()).toBe("1true");
  });

  it("places unsafeRaw markup as is", () => {
    expect(renderHtml(unsafeRaw("<hr>"))).toBe("<hr>");
  });

  it("cannot be fooled by an object that looks like markup", () => {
    const fake = { toString: () => "<script>" } as unknown as string;
    expect(html`${fake}`.toString()).toBe("&lt;script&gt;");
  });
});
