import { describe, expect, it } from "vitest";
import { ANNOTATIONS, type AgenticSession } from "../../types/agentic-session";
import { TouchThrottle, requestPatch, touchPatch, touchWindowMs } from "./touch";

const NOW = new Date("2026-05-01T12:00:00Z");
const ago = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();
const session = (annotations: Record<string, string>): AgenticSession => ({ metadata: { name: "s", annotations }, spec: {} });

describe("touchWindowMs", () => {
  it("is 30 s for the 10-minute default and a quarter of a short idle time", () => {
    expect(touchWindowMs(600)).toBe(30_000);
    expect(touchWindowMs(20)).toBe(5_000);
    expect(touchWindowMs(1)).toBe(1_000);
  });
});

describe("TouchThrottle", () => {
  it("allows one write per window per session", () => {
    const t = new TouchThrottle(30_000);
    expect(t.due("a/s", 0)).toBe(true);
    t.record("a/s", 0);
    expect(t.due("a/s", 29_999)).toBe(false);
    expect(t.due("a/other", 29_999)).toBe(true);
    expect(t.due("a/s", 30_000)).toBe(true);
  });

  it("stays bounded, forgetting the oldest sessions", () => {
    const t = new TouchThrottle(30_000, 3);
    for (const k of ["a", "b", "c", "d"]) t.record(k, 0);
    expect(t.due("a", 1)).toBe(true);
    expect(t.due("d", 1)).toBe(false);
  });
});

describe("touchPatch", () => {
  it("refreshes last-accessed only while access is requested", () => {
    expect(touchPatch(session({}), NOW, 30_000)).toBeNull();
    expect(touchPatch(session({ [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: ago(31) }), NOW, 30_000)).toEqual({
      metadata: { annotations: { [ANNOTATIONS.tempContentLastAccessed]: NOW.toISOString() } },
    });
  });

  it("skips when the stored time is recent (another replica wrote it) or in the future", () => {
    expect(touchPatch(session({ [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: ago(5) }), NOW, 30_000)).toBeNull();
    expect(touchPatch(session({ [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: ago(-5) }), NOW, 30_000)).toBeNull();
    expect(touchPatch(session({ [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: "garbage" }), NOW, 30_000)).not.toBeNull();
  });
});

describe("requestPatch", () => {
  it("sets both annotations, unless just asked for", () => {
    expect(requestPatch(session({}), NOW)).toEqual({
      metadata: { annotations: { [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: NOW.toISOString() } },
    });
    expect(requestPatch(session({ [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: ago(2) }), NOW)).toBeNull();
    expect(requestPatch(session({ [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: ago(60) }), NOW)).not.toBeNull();
  });
});
