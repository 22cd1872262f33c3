import { describe, expect, it } from "vitest";
import { HIGHLIGHT_LANGUAGES } from "@/lib/workspace/file-kind";
import { highlightToHtml, highlightedLanguages } from "./highlight";

describe("highlightToHtml", () => {
  it("has a loader for every language the viewer picks", () => {
    expect(HIGHLIGHT_LANGUAGES.filter((l) => !highlightedLanguages.includes(l))).toEqual([]);
  });

  it("highlights and escapes the source (file content is never markup)", async () => {
    const html = await highlightToHtml('const a = "<img src=x onerror=alert(1)>"; // hi', "typescript");
    expect(html).toContain('<span class="hljs-keyword">const</span>');
    expect(html).toContain("&lt;img");
    expect(html).not.toContain("<img");
  });

  it("null for languages it does not load", async () => {
    expect(await highlightToHtml("x", "cobol")).toBeNull();
  });
});
