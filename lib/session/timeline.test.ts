import { describe, expect, it } from "vitest";
import { buildTimeline, eventMatches, eventTypes, type SessionEvent } from "./timeline";

const ev = (reason: string, time: string, over: Partial<SessionEvent> = {}): SessionEvent => ({ type: "Normal", reason, message: "", count: 1, time, ...over });

describe("eventMatches", () => {
  it("prefers action, then a `Type:` message prefix, then the reason table", () => {
    expect(eventMatches(ev("UserStopped", "t", { action: "RunnerStarted" }), "Ready")).toBe(false);
    expect(eventMatches(ev("UserStopped", "t", { action: "RunnerStarted" }), "RunnerStarted")).toBe(true);
    expect(eventMatches(ev("Reconciled", "t", { message: "WorkflowReconciled: applied" }), "ReposReconciled")).toBe(false);
    expect(eventMatches(ev("Reconciled", "t", { message: "WorkflowReconciled: applied" }), "WorkflowReconciled")).toBe(true);
    expect(eventMatches(ev("Bound", "t"), "PVCReady")).toBe(true);
    // A message that merely starts with "word:" (a git error) still matches by reason.
    expect(eventMatches(ev("CloneFailed", "t", { message: "fatal: repository not found" }), "ReposReconciled")).toBe(true);
  });
});

describe("eventTypes for reasons several conditions share", () => {
  const conditions = [
    { type: "Ready", status: "False" as const, reason: "UserStopped", message: "Stopped by the user" },
    { type: "RunnerStarted", status: "False" as const, reason: "UserStopped", message: "Runner ended on request" },
  ];
  it("uses the current condition with the same reason and message, then the message's subject", () => {
    expect(eventTypes(ev("UserStopped", "t", { message: "Stopped by the user" }), conditions)).toEqual(["Ready"]);
    expect(eventTypes(ev("Reconciled", "t", { message: "Workflow workflows/bugfix active" }))).toEqual(["WorkflowReconciled"]);
    expect(eventTypes(ev("Cloning", "t", { message: "Cloning sample-app" }))).toEqual(["ReposReconciled"]);
    expect(eventTypes(ev("UserStopped", "t", { message: "something else" }))).toEqual(["Ready", "JobCreated", "RunnerStarted"]);
  });
});

describe("buildTimeline", () => {
  it("orders rows by lifecycle, history newest first, unmatched events apart", () => {
    const { rows, other } = buildTimeline(
      [
        { type: "ReposReconciled", status: "True", reason: "Reconciled" },
        { type: "Ready", status: "True", reason: "Running" },
        { type: "Custom", status: "Unknown" },
      ],
      [ev("Restarting", "2026-11-25T09:00:00Z"), ev("Running", "2026-11-25T09:01:00Z"), ev("Cloning", "2026-11-25T09:00:30Z"), ev("Odd", "2026-11-25T09:02:00Z")],
    );
    expect(rows.map((r) => r.condition.type)).toEqual(["Ready", "ReposReconciled", "Custom"]);
    expect(rows[0].history.map((e) => e.reason)).toEqual(["Running", "Restarting"]);
    expect(rows[1].history.map((e) => e.reason)).toEqual(["Cloning"]);
    expect(other.map((e) => e.reason)).toEqual(["Odd"]);
  });
});
