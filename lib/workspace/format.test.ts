import { describe, expect, it } from "vitest";
import type { AgenticSession } from "../../types/agentic-session";
import { formatBytes, joinPath, splitPath, workspaceRepos } from "./format";

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1536, "1.5 KB"],
    [50 * 1024 * 1024, "50.0 MB"],
    [200 * 1024 * 1024, "200 MB"],
    [-1, "—"],
  ])("%d → %s", (n, s) => expect(formatBytes(n)).toBe(s));
});

describe("workspaceRepos", () => {
  it("names from status first, then the spec's (legacy form too), without duplicates", () => {
    const s = {
      metadata: { name: "s" },
      spec: { repos: [{ url: "https://github.com/o/api.git" }, { input: { url: "git@github.com:o/web.git" } }] },
      status: { reconciledRepos: [{ url: "https://github.com/o/api.git", name: "api", status: "Ready" }] },
    } as AgenticSession;
    expect(workspaceRepos(s)).toEqual(["api", "web"]);
  });
});

describe("paths", () => {
  it("split and join", () => {
    expect(splitPath("a/b/c.txt")).toEqual({ dir: "a/b", base: "c.txt" });
    expect(splitPath("c.txt")).toEqual({ dir: "", base: "c.txt" });
    expect(joinPath("", "x")).toBe("x");
    expect(joinPath("a", "x")).toBe("a/x");
  });
});
