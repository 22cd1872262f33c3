import { describe, expect, it } from "vitest";
import type { AgenticSession } from "../../types/agentic-session";
import { sessionFilter } from "./filters";
import { formatAbsolute, formatDuration, formatRelative } from "./format";
import { isTerminal, phaseTone } from "./phase";
import { checkGitUrl, createProjectSchema, createSessionSchema, listSessionsQuerySchema, projectNameSchema } from "./schemas";
import { isStale, Session } from "./session";

const s = (over: Partial<AgenticSession> = {}): AgenticSession => ({
  metadata: { name: "fix-bug", generation: 2, ...over.metadata },
  spec: { initialPrompt: "Fix the login bug", repos: [{ url: "https://github.com/acme/web.git" }], ...over.spec },
  status: over.status,
});

describe("time formats", () => {
  const now = Date.parse("2026-01-01T12:00:00Z");
  it("formats relative times like kubectl ages", () => {
    expect(formatRelative("2026-01-01T11:59:58Z", now)).toBe("just now");
    expect(formatRelative("2026-01-01T11:59:18Z", now)).toBe("42s ago");
    expect(formatRelative("2026-01-01T11:57:00Z", now)).toBe("3m ago");
    expect(formatRelative("2025-12-30T12:00:00Z", now)).toBe("2d ago");
    expect(formatRelative("2026-01-01T12:05:00Z", now)).toBe("in 5m");
    expect(formatRelative("garbage", now)).toBe("—");
  });
  it("formats absolute times in UTC and durations", () => {
    expect(formatAbsolute("2026-01-01T11:57:00.123Z")).toBe("2026-01-01 11:57:00 UTC");
    expect(formatDuration(3725)).toBe("1h 2m");
    expect(formatDuration(65)).toBe("1m 5s");
    expect(formatDuration(-1)).toBe("—");
  });
});

describe("phases", () => {
  it("gives each phase a tone and knows the terminal ones", () => {
    expect(phaseTone("Failed")).toBe("danger");
    expect(phaseTone("Completed")).toBe("success");
    expect(isTerminal("Stopped")).toBe(true);
    expect(isTerminal("Running")).toBe(false);
    expect(isTerminal(undefined)).toBe(false);
  });
});

describe("Session view and staleness", () => {
  it("is stale while generation is ahead of observedGeneration", () => {
    expect(isStale(s({ status: { phase: "Running", observedGeneration: 1 } }))).toBe(true);
    expect(isStale(s({ status: { phase: "Running", observedGeneration: 2 } }))).toBe(false);
    expect(isStale(s())).toBe(false); // not yet seen by the operator: Pending, not stale
  });
  it("normalises legacy specs on read", () => {
    const legacy = new Session({ metadata: { name: "old" }, spec: { prompt: "legacy prompt", repos: [{ input: { url: "git@github.com:a/b.git" } }] } });
    expect(legacy.spec.initialPrompt).toBe("legacy prompt");
    expect(legacy.spec.repos[0]).toMatchObject({ url: "git@github.com:a/b.git", branch: "main", name: "b" });
    expect(legacy.displayName).toBe("old");
  });
});

describe("list filter", () => {
  it("matches phases (no phase counts as Pending) and text in name, prompt and repos", () => {
    expect(sessionFilter({ phase: ["Pending"] })(s())).toBe(true);
    expect(sessionFilter({ phase: ["Running"] })(s())).toBe(false);
    expect(sessionFilter({ q: "LOGIN" })(s())).toBe(true);
    expect(sessionFilter({ q: "acme/web" })(s())).toBe(true);
    expect(sessionFilter({ q: "nothing-like-it" })(s())).toBe(false);
  });
});

describe("schemas", () => {
  it("accepts DNS-1123 project names only", () => {
    expect(projectNameSchema.safeParse("team-a").success).toBe(true);
    for (const bad of ["Team", "-a", "a_b", "a".repeat(64), ""]) expect(projectNameSchema.safeParse(bad).success, bad).toBe(false);
    expect(createProjectSchema.safeParse({ name: "x", displayName: "X" }).success).toBe(true);
  });
  it("parses list queries with defaults and phase lists", () => {
    expect(listSessionsQuerySchema.parse({})).toMatchObject({ limit: 50 });
    expect(listSessionsQuerySchema.parse({ phase: "Running,Failed" }).phase).toEqual(["Running", "Failed"]);
    expect(listSessionsQuerySchema.safeParse({ phase: "Bogus" }).success).toBe(false);
    expect(listSessionsQuerySchema.safeParse({ limit: "501" }).success).toBe(false);
  });
  it("classifies git URLs and refuses file:// unless allowed", () => {
    expect(checkGitUrl("https://github.com/a/b.git", false)).toEqual({ kind: "https" });
    expect(checkGitUrl("git@github.com:a/b.git", false)).toEqual({ kind: "ssh" });
    expect(checkGitUrl("file:///tmp/repo.git", true)).toEqual({ kind: "file" });
    expect(checkGitUrl("file:///tmp/repo.git", false)).toHaveProperty("error");
    expect(checkGitUrl("http://github.com/a/b", false)).toHaveProperty("error");
    expect(checkGitUrl("not a url", false)).toHaveProperty("error");
  });
  it("validates a create request with defaults and field paths", () => {
    const schema = createSessionSchema({ allowLocalRepos: false });
    const ok = schema.parse({ initialPrompt: "Do it", repos: [{ url: "https://x.com/a/b" }] });
    expect(ok).toMatchObject({ interactive: true, timeout: 300, repos: [{ branch: "main" }], llmSettings: { temperature: 0.7 } });
    const bad = schema.safeParse({ initialPrompt: " ", repos: [{ url: "file:///x" }], llmSettings: { temperature: 3 }, timeout: 0 });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join(".")).sort();
    expect(paths).toEqual(["initialPrompt", "llmSettings.temperature", "repos.0.url", "timeout"]);
    expect(schema.safeParse({ initialPrompt: "x".repeat(100_001) }).success).toBe(false);
  });
});
