import { describe, expect, it } from "vitest";
import type { AgenticSession } from "../../types/agentic-session";
import { applyToDetail, applyWatchEvent, type ListPage } from "./apply-watch-event";

const s = (name: string, rv: number, phase?: string): AgenticSession =>
  ({ metadata: { name, uid: `uid-${name}`, resourceVersion: String(rv) }, spec: {}, status: phase ? { phase } : undefined }) as AgenticSession;
const all = () => true;
const page = (...items: AgenticSession[]): ListPage => ({ items, resourceVersion: "1" });

describe("applyWatchEvent", () => {
  it("replaces a modified session in place", () => {
    const pages = [page(s("a", 1), s("b", 2))];
    const next = applyWatchEvent(pages, "MODIFIED", s("b", 5, "Running"), all);
    expect(next[0].items.map((x) => x.status?.phase)).toEqual([undefined, "Running"]);
  });

  it("ignores an event older than the cached copy", () => {
    const pages = [page(s("a", 10, "Running"))];
    expect(applyWatchEvent(pages, "MODIFIED", s("a", 9, "Pending"), all)).toBe(pages);
  });

  it("adds a new matching session to the first page and skips non-matching ones", () => {
    const pages = [page(s("a", 1)), page(s("b", 2))];
    expect(applyWatchEvent(pages, "ADDED", s("c", 3), all)[0].items.map((x) => x.metadata.name)).toEqual(["c", "a"]);
    expect(applyWatchEvent(pages, "ADDED", s("d", 4), () => false)).toBe(pages);
  });

  it("removes deleted sessions and those that stop matching the filter", () => {
    const pages = [page(s("a", 1, "Running")), page(s("b", 2, "Running"))];
    expect(applyWatchEvent(pages, "DELETED", s("b", 3), all)[1].items).toEqual([]);
    const onlyRunning = (x: AgenticSession) => x.status?.phase === "Running";
    expect(applyWatchEvent(pages, "MODIFIED", s("a", 4, "Stopped"), onlyRunning)[0].items).toEqual([]);
  });

  it("applies to a detail copy only when newer and the same object", () => {
    expect(applyToDetail(s("a", 2), "MODIFIED", s("a", 3, "Running"))?.status?.phase).toBe("Running");
    expect(applyToDetail(s("a", 5), "MODIFIED", s("a", 3, "Running"))?.status).toBeUndefined();
    expect(applyToDetail(s("a", 2), "DELETED", s("a", 3))).toBeNull();
    expect(applyToDetail(s("a", 2), "MODIFIED", s("b", 3))?.metadata.name).toBe("a");
  });
});
