import { describe, expect, it } from "vitest";
import type { AgenticSession } from "../../types/agentic-session";
import { attentionFor, summarize, toFact, type SessionFact } from "./overview";

const NOW = Date.parse("2026-11-24T12:30:00Z");
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

function fact(over: Partial<SessionFact>): SessionFact {
  return { project: "p", name: "n", uid: Math.random().toString(36), resourceVersion: "1", displayName: "n", interactive: true, timeoutSeconds: 300, stale: false, user: "ann", ...over };
}

const t = { staleSeconds: 120, startingSeconds: 300 };

describe("toFact", () => {
  it("takes phase, times, Ready reason, staleness and the user from a session", () => {
    const s: AgenticSession = {
      metadata: { name: "s1", uid: "u1", resourceVersion: "9", generation: 3, creationTimestamp: ago(600) },
      spec: { displayName: "Fix", interactive: false, timeout: 60, userContext: { userId: "u-ann", displayName: "Ann" } },
      status: {
        phase: "Failed",
        observedGeneration: 2,
        startTime: ago(500),
        completionTime: ago(400),
        conditions: [{ type: "Ready", status: "False", reason: "Timeout", message: "no answer in 60s", lastTransitionTime: ago(400) }],
      },
    };
    expect(toFact("team", s)).toEqual({
      project: "team",
      name: "s1",
      uid: "u1",
      resourceVersion: "9",
      displayName: "Fix",
      phase: "Failed",
      interactive: false,
      createdAt: ago(600),
      startTime: ago(500),
      completionTime: ago(400),
      timeoutSeconds: 60,
      stale: true,
      lastActivity: ago(400),
      readyReason: "Timeout",
      readyMessage: "no answer in 60s",
      user: "Ann",
    });
  });

  it("is not stale before the operator first observed it", () => {
    expect(toFact("p", { metadata: { name: "x", generation: 1 }, spec: {} }).stale).toBe(false);
  });
});

describe("attentionFor", () => {
  it("flags failures with their reason", () => {
    expect(attentionFor(fact({ phase: "Failed", readyReason: "RunnerExit", readyMessage: "exit 2", completionTime: ago(30) }), NOW, t)).toEqual([
      expect.objectContaining({ kind: "failed", detail: "RunnerExit: exit 2", forSeconds: 30 }),
    ]);
  });

  it("flags stale sessions only past the threshold", () => {
    expect(attentionFor(fact({ phase: "Running", stale: true, lastActivity: ago(60) }), NOW, t)).toEqual([]);
    expect(attentionFor(fact({ phase: "Running", stale: true, lastActivity: ago(600) }), NOW, t)[0]).toMatchObject({ kind: "stale", forSeconds: 600 });
  });

  it("flags Pending/Creating past the threshold", () => {
    expect(attentionFor(fact({ phase: "Pending", createdAt: ago(100) }), NOW, t)).toEqual([]);
    expect(attentionFor(fact({ phase: "Creating", startTime: ago(900) }), NOW, t)[0]).toMatchObject({ kind: "stuck-starting", detail: "Creating for 15m" });
  });

  it("flags batch sessions running past their timeout, not interactive ones", () => {
    expect(attentionFor(fact({ phase: "Running", interactive: false, startTime: ago(400), timeoutSeconds: 300 }), NOW, t)[0]).toMatchObject({ kind: "past-timeout", forSeconds: 100 });
    expect(attentionFor(fact({ phase: "Running", interactive: true, startTime: ago(4000) }), NOW, t)).toEqual([]);
  });
});

describe("summarize", () => {
  it("counts per phase and project, buckets running time, groups users and failures by hour and reason", () => {
    const o = summarize(
      [
        fact({ project: "a", phase: "Running", startTime: ago(60), user: "ann" }),
        fact({ project: "a", phase: "Running", startTime: ago(3600), user: "bob" }),
        fact({ project: "b", phase: "Failed", readyReason: "Timeout", completionTime: ago(10), user: "ann" }),
        fact({ project: "b", phase: "Failed", readyReason: "RunnerExit", completionTime: ago(7200), user: "ann" }),
        fact({ project: "b", phase: "Failed", readyReason: "Timeout", completionTime: ago(30 * 3600), user: "ann" }),
        fact({ project: "b" }),
      ],
      NOW,
      t,
    );
    expect(o.total).toBe(6);
    expect(o.byPhase).toMatchObject({ Running: 2, Failed: 3, Unknown: 1, Pending: 0 });
    expect(o.byProject).toEqual([
      { project: "a", total: 2, byPhase: { Running: 2 } },
      { project: "b", total: 4, byPhase: { Failed: 3, Unknown: 1 } },
    ]);
    expect(o.runningFor.map((b) => b.count)).toEqual([1, 0, 1, 0, 0]);
    expect(o.byUser).toEqual([
      { user: "ann", total: 5, running: 1, failed: 3 },
      { user: "bob", total: 1, running: 1, failed: 0 },
    ]);
    expect(o.failures.reasons).toEqual(["RunnerExit", "Timeout"]);
    // The 30-hour-old failure is outside the 24 h window.
    expect(o.failures.counts.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([1, 1]);
    expect(o.failures.counts[1][23]).toBe(1);
    expect(o.attention.map((a) => a.kind)).toEqual(["failed", "failed", "failed"]);
  });
});
