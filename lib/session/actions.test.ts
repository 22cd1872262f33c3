import { describe, expect, it } from "vitest";
import { ANNOTATIONS, type AgenticSession, type SessionPhase } from "../../types/agentic-session";
import { ALL_PERMISSIONS, actionState, allowedActions, decideAddRepo, decideRemoveRepo, decideSetWorkflow, decideStart, decideStop, decideTempAccess } from "./actions";

const NOW = new Date("2026-11-25T09:00:00Z");

function session(phase: SessionPhase | undefined, over: { interactive?: boolean; desired?: string; repos?: unknown[]; workflow?: object } = {}): AgenticSession {
  return {
    metadata: { name: "s1", resourceVersion: "7", generation: 1, annotations: over.desired ? { [ANNOTATIONS.desiredPhase]: over.desired } : {} },
    spec: {
      interactive: over.interactive ?? true,
      ...(over.repos ? { repos: over.repos as AgenticSession["spec"]["repos"] } : {}),
      ...(over.workflow ? { activeWorkflow: over.workflow as AgenticSession["spec"]["activeWorkflow"] } : {}),
    },
    ...(phase ? { status: { phase } } : {}),
  };
}

const allowedIn = (action: Parameters<typeof actionState>[1]) =>
  (["Pending", "Creating", "Running", "Stopping", "Stopped", "Completed", "Failed"] as const).filter((p) => actionState(session(p), action, ALL_PERMISSIONS).allowed);

describe("allowed actions per phase", () => {
  it("start and continue only from Stopped, Completed, Failed", () => {
    expect(allowedIn("start")).toEqual(["Stopped", "Completed", "Failed"]);
    expect(allowedIn("continue")).toEqual(["Stopped", "Completed", "Failed"]);
  });
  it("stop only while Pending, Creating, Running", () => {
    expect(allowedIn("stop")).toEqual(["Pending", "Creating", "Running"]);
  });
  it("continue as new only from a terminal phase; clone and delete always", () => {
    expect(allowedIn("continue-as-new")).toEqual(["Stopped", "Completed", "Failed"]);
    expect(allowedIn("clone")).toHaveLength(7);
    expect(allowedIn("delete")).toHaveLength(7);
  });
  it("runtime changes only for interactive sessions in Running, with the reason otherwise", () => {
    expect(allowedIn("edit-repos")).toEqual(["Running"]);
    expect(allowedIn("edit-workflow")).toEqual(["Running"]);
    expect(actionState(session("Stopped"), "edit-repos", ALL_PERMISSIONS)).toEqual({ allowed: false, reason: expect.stringContaining("Stopped") });
    expect(actionState(session("Running", { interactive: false }), "edit-repos", ALL_PERMISSIONS)).toEqual({ allowed: false, reason: expect.stringMatching(/Batch/) });
  });
  it("a session without a phase counts as Pending", () => {
    expect(actionState(session(undefined), "stop", ALL_PERMISSIONS).allowed).toBe(true);
    expect(actionState(session(undefined), "start", ALL_PERMISSIONS).allowed).toBe(false);
  });
  it("a pending request disables the same action", () => {
    expect(actionState(session("Stopped", { desired: "Running" }), "start", ALL_PERMISSIONS)).toEqual({ allowed: false, reason: "A start is already requested" });
    expect(actionState(session("Running", { desired: "Stopped" }), "stop", ALL_PERMISSIONS).allowed).toBe(false);
  });
  it("RBAC turns actions off with a reason", () => {
    const readOnly = { patch: false, create: false, delete: false, proxy: false };
    const all = allowedActions(session("Stopped"), readOnly);
    expect(Object.values(all).every((a) => !a.allowed)).toBe(true);
    expect(all.start).toEqual({ allowed: false, reason: "You may not change sessions in this project" });
    expect(all.delete).toEqual({ allowed: false, reason: "You may not delete sessions in this project" });
  });
  it("nothing but clone while the session is being deleted", () => {
    const s = session("Running");
    s.metadata.deletionTimestamp = NOW.toISOString();
    expect(actionState(s, "stop", ALL_PERMISSIONS).allowed).toBe(false);
    expect(actionState(s, "clone", ALL_PERMISSIONS).allowed).toBe(true);
  });
});

describe("decideStart", () => {
  it("sets desired-phase Running and the request time, never status", () => {
    const d = decideStart(session("Stopped"), NOW, { resume: false });
    expect(d).toEqual({ patch: { metadata: { annotations: { [ANNOTATIONS.desiredPhase]: "Running", [ANNOTATIONS.startRequestedAt]: NOW.toISOString() } } } });
  });
  it("continue names the session itself as parent", () => {
    const d = decideStart(session("Completed"), NOW, { resume: true });
    expect(d).toMatchObject({ patch: { metadata: { annotations: { [ANNOTATIONS.parentSessionId]: "s1" } } } });
  });
  it("makes a batch session interactive", () => {
    expect(decideStart(session("Completed", { interactive: false }), NOW, { resume: false })).toMatchObject({ patch: { spec: { interactive: true } } });
  });
  it("is a no-op when already starting or running (two browsers at once)", () => {
    expect(decideStart(session("Stopped", { desired: "Running" }), NOW, { resume: false })).toMatchObject({ skip: { outcome: "unchanged" } });
    expect(decideStart(session("Running"), NOW, { resume: false })).toMatchObject({ skip: { outcome: "unchanged" } });
  });
  it("is a conflict that says what changed when a stop is under way", () => {
    expect(decideStart(session("Stopping"), NOW, { resume: false })).toEqual({ skip: { outcome: "conflict", message: expect.stringContaining("Stopping") } });
    expect(decideStart(session("Running", { desired: "Stopped" }), NOW, { resume: false })).toEqual({
      skip: { outcome: "conflict", message: expect.stringContaining("requested: Stopped") },
    });
  });
});

describe("decideStop", () => {
  it("sets desired-phase Stopped while active", () => {
    expect(decideStop(session("Creating"))).toEqual({ patch: { metadata: { annotations: { [ANNOTATIONS.desiredPhase]: "Stopped" } } } });
  });
  it("is a no-op once stopping or stopped, a conflict once ended otherwise", () => {
    expect(decideStop(session("Stopping"))).toMatchObject({ skip: { outcome: "unchanged" } });
    expect(decideStop(session("Stopped"))).toMatchObject({ skip: { outcome: "unchanged" } });
    expect(decideStop(session("Completed"))).toEqual({ skip: { outcome: "conflict", message: expect.stringContaining("Completed") } });
  });
});

describe("runtime repo and workflow changes", () => {
  const legacy = { input: { url: "https://h/o/old.git", branch: "dev" }, output: { url: "https://h/fork/old.git" } };
  it("adds a repo keeping legacy entries as stored", () => {
    const d = decideAddRepo(session("Running", { repos: [legacy] }), { url: "file:///tmp/x.git", branch: "main" });
    expect(d).toEqual({ patch: { spec: { repos: [legacy, { url: "file:///tmp/x.git", branch: "main" }] } } });
  });
  it("refuses outside Running with the phase, and skips duplicates", () => {
    expect(decideAddRepo(session("Stopped"), { url: "https://h/o/a", branch: "main" })).toEqual({ skip: { outcome: "conflict", message: expect.stringContaining("Stopped") } });
    expect(decideAddRepo(session("Running", { repos: [legacy] }), { url: "https://h/o/old", branch: "main" })).toMatchObject({ skip: { outcome: "unchanged" } });
  });
  it("removes by URL, legacy or not", () => {
    const d = decideRemoveRepo(session("Running", { repos: [legacy, { url: "https://h/o/b" }] }), "https://h/o/old.git");
    expect(d).toEqual({ patch: { spec: { repos: [{ url: "https://h/o/b" }] } } });
    expect(decideRemoveRepo(session("Running", { repos: [] }), "https://h/o/x")).toMatchObject({ skip: { outcome: "unchanged" } });
  });
  it("selects and clears a workflow", () => {
    const wf = { gitUrl: "https://h/o/cat.git", branch: "main", path: "workflows/bugfix" };
    expect(decideSetWorkflow(session("Running"), wf)).toEqual({ patch: { spec: { activeWorkflow: wf } } });
    expect(decideSetWorkflow(session("Running", { workflow: wf }), wf)).toMatchObject({ skip: { outcome: "unchanged" } });
    expect(decideSetWorkflow(session("Running", { workflow: wf }), null)).toEqual({ patch: { spec: { activeWorkflow: null } } });
    expect(decideSetWorkflow(session("Running", { interactive: false }), wf)).toMatchObject({ skip: { outcome: "conflict" } });
  });
});

describe("decideTempAccess", () => {
  it("requests access to an ended session's workspace, then refreshes at most once a minute", () => {
    const s = session("Stopped");
    expect(decideTempAccess(s, NOW)).toEqual({
      patch: { metadata: { annotations: { [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: NOW.toISOString() } } },
    });
    s.metadata.annotations = { [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: new Date(NOW.getTime() - 30_000).toISOString() };
    expect(decideTempAccess(s, NOW)).toMatchObject({ skip: { outcome: "unchanged" } });
    s.metadata.annotations[ANNOTATIONS.tempContentLastAccessed] = new Date(NOW.getTime() - 90_000).toISOString();
    expect(decideTempAccess(s, NOW)).toHaveProperty("patch");
    expect(decideTempAccess(session("Running"), NOW)).toMatchObject({ skip: { outcome: "conflict" } });
  });
});
