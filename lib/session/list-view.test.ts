import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AgenticSession } from "../../types/agentic-session";
import {
  DEFAULT_VIEW,
  LIST_COLUMNS,
  SORT_KEYS,
  compareSessions,
  headerCheckState,
  nextSort,
  parseListView,
  pruneSelection,
  runningTimeMs,
  selectRange,
  serializeListView,
  sortIsExactWhilePaging,
  sortSessions,
  summarizeBulk,
  toggleAllVisible,
  toggleColumn,
  toggleOne,
  type ListView,
} from "./list-view";

const NOW = Date.parse("2026-11-24T12:00:00Z");
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

function session(name: string, over: { created?: number; phase?: AgenticSession["status"] extends infer S ? S extends { phase?: infer P } ? P : never : never; start?: number; end?: number } = {}): AgenticSession {
  return {
    metadata: { name, ...(over.created !== undefined ? { creationTimestamp: ago(over.created) } : {}) },
    spec: {},
    status: {
      ...(over.phase ? { phase: over.phase } : {}),
      ...(over.start !== undefined ? { startTime: ago(over.start) } : {}),
      ...(over.end !== undefined ? { completionTime: ago(over.end) } : {}),
    },
  };
}

const names = (list: AgenticSession[]) => list.map((s) => s.metadata.name);

describe("parseListView", () => {
  it("gives the defaults for an empty URL", () => {
    expect(parseListView(new URLSearchParams())).toEqual(DEFAULT_VIEW);
  });

  it("reads sort, direction and columns (column order follows the table, not the URL)", () => {
    expect(parseListView(new URLSearchParams("sort=duration&dir=asc&cols=user,phase"))).toEqual({ sort: "duration", dir: "asc", cols: ["phase", "user"] });
  });

  it("takes each key's own direction when dir is missing", () => {
    expect(parseListView({ sort: "duration" }).dir).toBe("desc");
    expect(parseListView({ sort: "name" }).dir).toBe("asc");
  });

  it("drops what a hand-edited URL got wrong instead of failing", () => {
    expect(parseListView({ sort: "size", dir: "up", cols: "phase,bogus" })).toEqual({ sort: "age", dir: "asc", cols: ["phase"] });
  });

  it("accepts an empty column list (only the name column)", () => {
    expect(parseListView({ cols: "" }).cols).toEqual([]);
  });

  it("takes the first value of a repeated parameter (Next.js searchParams)", () => {
    expect(parseListView({ sort: ["phase", "name"] }).sort).toBe("phase");
  });
});

describe("serializeListView", () => {
  it("leaves defaults out and keeps other parameters", () => {
    expect(serializeListView(DEFAULT_VIEW, "phase=Running&q=x").toString()).toBe("phase=Running&q=x");
  });

  it("writes sort=age&dir=desc for oldest first", () => {
    expect(serializeListView({ ...DEFAULT_VIEW, dir: "desc" }).toString()).toBe("sort=age&dir=desc");
  });

  it("replaces stale view parameters in the base", () => {
    expect(serializeListView({ sort: "name", dir: "asc", cols: ["model"] }, "sort=phase&dir=desc&cols=user&q=a").toString()).toBe("q=a&sort=name&cols=model");
  });

  it("round-trips every view", () => {
    const view = fc.record({
      sort: fc.constantFrom(...SORT_KEYS),
      dir: fc.constantFrom("asc" as const, "desc" as const),
      cols: fc.subarray([...LIST_COLUMNS]),
    });
    fc.assert(
      fc.property(view, (v: ListView) => {
        expect(parseListView(serializeListView(v))).toEqual(v);
      }),
    );
  });
});

describe("nextSort / toggleColumn", () => {
  it("flips the direction of the current key and starts a new key in its own direction", () => {
    expect(nextSort(DEFAULT_VIEW, "age")).toMatchObject({ sort: "age", dir: "desc" });
    expect(nextSort({ ...DEFAULT_VIEW, dir: "desc" }, "duration")).toMatchObject({ sort: "duration", dir: "desc" });
  });

  it("adds and removes a column in table order", () => {
    expect(toggleColumn(DEFAULT_VIEW, "user").cols).toEqual(["phase", "repos", "model", "user", "age"]);
    expect(toggleColumn(DEFAULT_VIEW, "repos").cols).toEqual(["phase", "model", "age"]);
  });
});

describe("compareSessions", () => {
  const a = session("a", { created: 300, phase: "Running", start: 200 });
  const b = session("b", { created: 100, phase: "Failed", start: 90, end: 10 });
  const c = session("c", { created: 200, phase: "Pending" });
  const d = session("d", { created: 100, phase: "Completed", start: 120, end: 20 });

  it("age ascending is newest first, ties by name", () => {
    expect(names([a, b, c, d].sort(compareSessions("age", "asc", NOW)))).toEqual(["b", "d", "c", "a"]);
    expect(names([a, b, c, d].sort(compareSessions("age", "desc", NOW)))).toEqual(["a", "c", "b", "d"]);
  });

  it("phase follows the lifecycle (no phase yet counts as Pending)", () => {
    const none = session("e");
    expect(names([d, b, a, none, c].sort(compareSessions("phase", "asc", NOW)))).toEqual(["c", "e", "a", "d", "b"]);
  });

  it("running time counts to now while running; never-started sessions go last both ways", () => {
    expect(names([a, b, c, d].sort(compareSessions("duration", "desc", NOW)))).toEqual(["a", "d", "b", "c"]);
    expect(names([a, b, c, d].sort(compareSessions("duration", "asc", NOW)))).toEqual(["b", "d", "a", "c"]);
  });

  it("name sorts both ways", () => {
    expect(names([c, a, d, b].sort(compareSessions("name", "desc", NOW)))).toEqual(["d", "c", "b", "a"]);
  });

  it("is a total order: antisymmetric for every key and direction", () => {
    const arb = fc.record({
      name: fc.stringMatching(/^[a-z]{1,4}$/),
      created: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
      start: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
      phase: fc.option(fc.constantFrom("Pending" as const, "Running" as const, "Failed" as const), { nil: undefined }),
    });
    fc.assert(
      fc.property(arb, arb, fc.constantFrom(...SORT_KEYS), fc.constantFrom("asc" as const, "desc" as const), (x, y, key, dir) => {
        const cmp = compareSessions(key, dir, NOW);
        const s1 = session(x.name, x);
        const s2 = session(y.name, y);
        expect(Math.sign(cmp(s1, s2))).toBe(-Math.sign(cmp(s2, s1)) || 0);
      }),
    );
  });

  it("sortSessions gives exactly the comparator's order, and leaves its input alone", () => {
    const arb = fc.array(
      fc.record({
        name: fc.stringMatching(/^[a-z]{1,3}$/),
        created: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
        start: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
        phase: fc.option(fc.constantFrom("Pending" as const, "Running" as const, "Stopped" as const), { nil: undefined }),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, fc.constantFrom(...SORT_KEYS), fc.constantFrom("asc" as const, "desc" as const), (rows, key, dir) => {
        const list = rows.map((r) => session(r.name, r));
        const before = [...list];
        const expected = [...list].sort(compareSessions(key, dir, NOW));
        expect(sortSessions(list, key, dir, NOW)).toEqual(expected);
        expect(list).toEqual(before);
      }),
    );
  });

  it("runningTimeMs is undefined before a start", () => {
    expect(runningTimeMs(c, NOW)).toBeUndefined();
    expect(runningTimeMs(d, NOW)).toBe(100_000);
  });

  it("only name ascending is exact before every page is loaded", () => {
    expect(sortIsExactWhilePaging({ sort: "name", dir: "asc" })).toBe(true);
    expect(sortIsExactWhilePaging({ sort: "age", dir: "asc" })).toBe(false);
  });
});

describe("selection", () => {
  const rows = ["a", "b", "c", "d", "e"];

  it("toggles one row", () => {
    expect([...toggleOne(new Set(["a"]), "b")]).toEqual(["a", "b"]);
    expect([...toggleOne(new Set(["a"]), "a")]).toEqual([]);
  });

  it("shift-click checks every row between the anchor and the target, either way round", () => {
    expect([...selectRange(new Set(["b"]), rows, "b", "d")].sort()).toEqual(["b", "c", "d"]);
    expect([...selectRange(new Set(["d"]), rows, "d", "a")].sort()).toEqual(["a", "b", "c", "d"]);
  });

  it("shift-click on a checked target unchecks the range", () => {
    expect([...selectRange(new Set(rows), rows, "a", "c")].sort()).toEqual(["d", "e"]);
  });

  it("shift-click with no anchor on screen is a plain toggle", () => {
    expect([...selectRange(new Set(), rows, "gone", "c")]).toEqual(["c"]);
    expect([...selectRange(new Set(), rows, undefined, "c")]).toEqual(["c"]);
  });

  it("header state and select-all of the visible rows", () => {
    expect(headerCheckState(new Set(), rows)).toBe("none");
    expect(headerCheckState(new Set(["a"]), rows)).toBe("some");
    expect(headerCheckState(new Set(rows), rows)).toBe("all");
    expect(headerCheckState(new Set(["a"]), [])).toBe("none");
    expect([...toggleAllVisible(new Set(["x"]), rows)].sort()).toEqual(["a", "b", "c", "d", "e", "x"]);
    expect([...toggleAllVisible(new Set([...rows, "x"]), rows)]).toEqual(["x"]);
  });

  it("prunes names no longer listed and keeps the same set when nothing left", () => {
    const s = new Set(["a", "z"]);
    expect([...pruneSelection(s, rows)]).toEqual(["a"]);
    const kept = new Set(["a"]);
    expect(pruneSelection(kept, rows)).toBe(kept);
  });
});

describe("summarizeBulk", () => {
  it("reports all good", () => {
    expect(summarizeBulk("stop", [{ name: "a", ok: true }, { name: "b", ok: true }])).toEqual({ tone: "success", title: "Stop requested for 2 sessions", failed: [] });
  });

  it("reports partial failures with the failed items", () => {
    const r = summarizeBulk("delete", [
      { name: "a", ok: true },
      { name: "b", ok: false, code: 404, message: "not found" },
    ]);
    expect(r.tone).toBe("error");
    expect(r.title).toBe("1 of 2 failed (deleted 1 session)");
    expect(r.failed.map((f) => f.name)).toEqual(["b"]);
  });
});
