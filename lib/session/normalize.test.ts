import { describe, expect, it } from "vitest";
import { normalizeSpec, repoNameFromUrl } from "./normalize";

describe("repoNameFromUrl", () => {
  it.each([
    ["https://github.com/org/repo.git", "repo"],
    ["https://github.com/org/repo", "repo"],
    ["git@github.com:org/my-repo.git", "my-repo"],
    ["git@host:repo", "repo"],
    ["file:///tmp/data/sample-code.git/", "sample-code"],
  ])("%s → %s", (url, name) => expect(repoNameFromUrl(url)).toBe(name));
});

describe("normalizeSpec", () => {
  it("fills defaults on an empty spec", () => {
    const n = normalizeSpec({});
    expect(n).toMatchObject({ initialPrompt: "", interactive: true, repos: [], timeout: 300, legacy: false });
    expect(n.llmSettings).toEqual({ model: "claude-3-7-sonnet-latest", temperature: 0.7, maxTokens: 4000 });
  });

  it("reads legacy prompt when initialPrompt is absent", () => {
    expect(normalizeSpec({ prompt: "old" })).toMatchObject({ initialPrompt: "old", legacy: true });
    expect(normalizeSpec({ prompt: "old", initialPrompt: "new" })).toMatchObject({ initialPrompt: "new", legacy: false });
  });

  it("reads legacy input/output repos and keeps the push target", () => {
    const n = normalizeSpec({
      repos: [{ input: { url: "https://h/o/a.git", branch: "dev" }, output: { url: "https://h/fork/a.git" } }, { url: "https://h/o/b" }],
    });
    expect(n.legacy).toBe(true);
    expect(n.repos).toEqual([
      { url: "https://h/o/a.git", branch: "dev", name: "a", pushTarget: { url: "https://h/fork/a.git" } },
      { url: "https://h/o/b", branch: "main", name: "b" },
    ]);
  });
});
