import { describe, expect, it } from "vitest";
import { ANNOTATIONS, type AgenticSession, type AgenticSessionSpec } from "../../types/agentic-session";
import { findCondition } from "./conditions";
import { decide, SESSION_FINALIZER, type Decision, type Observed, type RunnerObservation } from "./reconcile";
import { workflowKey } from "./reconcile-repos";

const T0 = new Date("2026-11-25T10:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const OPTS = { tempContentIdleSeconds: 600 };
const REPO_A = "file:///tmp/repos/a.git";
const REPO_B = "https://example.com/org/b.git";
const WF = { gitUrl: "file:///tmp/catalog.git", branch: "main", path: "workflows/fix" };

function session(spec: AgenticSessionSpec = {}, extra: Partial<AgenticSession["metadata"]> = {}): AgenticSession {
  return {
    apiVersion: "vteam.ambient-code/v1alpha1",
    kind: "AgenticSession",
    metadata: { name: "s1", namespace: "demo", uid: "u1", generation: 1, resourceVersion: "1", finalizers: [SESSION_FINALIZER], ...extra },
    spec: { initialPrompt: "do it", interactive: false, ...spec },
  };
}

function observed(over: Partial<Observed> = {}): Observed {
  return { workspaceExists: false, runnerSlotFree: true, ...over };
}

function runnerFor(s: AgenticSession, over: Partial<RunnerObservation> = {}): RunnerObservation {
  return {
    attempt: s.status?.startTime ?? "",
    launchedAt: s.status?.startTime ?? T0.toISOString(),
    state: "running",
    started: true,
    interactive: s.spec.interactive ?? true,
    stopRequested: false,
    sentRepos: [],
    repoReports: {},
    ...over,
  };
}

/** What the API server would hold after the operator wrote the decision. */
function apply(s: AgenticSession, d: Decision): AgenticSession {
  const next = structuredClone(s);
  if (d.status) next.status = d.status;
  if (d.finalizers) next.metadata.finalizers = d.finalizers;
  if (d.annotations) {
    const ann = { ...(next.metadata.annotations ?? {}) };
    for (const [k, v] of Object.entries(d.annotations)) {
      if (v === null) delete ann[k];
      else ann[k] = v;
    }
    next.metadata.annotations = ann;
  }
  return next;
}

const cond = (s: AgenticSession | Decision, type: string) => findCondition(("status" in s ? s.status : undefined)?.conditions, type);

/** create → Pending → Creating (launched) → Running, the common start of many rows. */
function toRunning(spec: AgenticSessionSpec = {}, runner: Partial<RunnerObservation> = {}) {
  let s = apply(session(spec), decide(session(spec), observed(), T0, OPTS));
  const launch = decide(s, observed(), at(1), OPTS);
  s = apply(s, launch);
  const r = runnerFor(s, { sentRepos: (s.spec.repos ?? []).map((x) => ("url" in x ? x.url : x.input.url)), ...runner });
  s = apply(s, decide(s, observed({ runner: r, workspaceExists: true }), at(2), OPTS));
  return { s, r, launch };
}

describe("§3 phases", () => {
  it("a session without the operator's finalizer gets it with its first status, and nothing is launched yet", () => {
    const s = session({}, { finalizers: ["other"] });
    const d = decide(s, observed(), T0, OPTS);
    expect(d.finalizers).toEqual(["other", SESSION_FINALIZER]);
    expect(d.status?.phase).toBe("Pending");
    expect(d.actions).toEqual([]);
    const pendingNoFinalizer = { ...s, status: d.status };
    expect(decide(pendingNoFinalizer, observed(), at(1), OPTS).actions).toEqual([]);
  });

  it("create → Pending with startTime, no runner yet", () => {
    const d = decide(session(), observed(), T0, OPTS);
    expect(d.status?.phase).toBe("Pending");
    expect(d.status?.startTime).toBe(T0.toISOString());
    expect(d.actions).toEqual([]);
    expect(cond(d, "Ready")).toMatchObject({ status: "Unknown", reason: "Pending" });
  });

  it("Pending → Creating: workspace made, runner launched with the spec, PVC/Secrets/Job/Pod conditions True", () => {
    const spec = { repos: [{ url: REPO_A }], activeWorkflow: WF, llmSettings: { model: "m1" } };
    const s = apply(session(spec), decide(session(spec), observed(), T0, OPTS));
    const d = decide(s, observed(), at(1), OPTS);
    expect(d.status?.phase).toBe("Creating");
    expect(d.actions.map((a) => a.type)).toEqual(["ensureWorkspace", "startRunner"]);
    const launch = d.actions.find((a) => a.type === "startRunner");
    expect(launch).toMatchObject({
      launch: { attempt: s.status?.startTime, prompt: "do it", interactive: false, repos: [{ url: REPO_A, branch: "main", name: "a" }], workflow: WF, llmSettings: { model: "m1", temperature: 0.7, maxTokens: 4000 } },
    });
    expect(cond(d, "PVCReady")).toMatchObject({ status: "True", reason: "Bound" });
    expect(cond(d, "SecretsReady")).toMatchObject({ status: "True", reason: "AllRequiredSecretsFound" });
    expect(cond(d, "JobCreated")).toMatchObject({ status: "True", reason: "JobCreated" });
    expect(cond(d, "PodScheduled")).toMatchObject({ status: "True", reason: "Local" });
    expect(d.status?.reconciledRepos).toEqual([{ url: REPO_A, branch: "main", name: "a", status: "Cloning" }]);
    expect(d.status?.reconciledWorkflow).toMatchObject({ ...WF, status: "Cloning" });
  });

  it("Pending with every runner slot taken stays Pending and asks to be looked at again", () => {
    const s = apply(session(), decide(session(), observed(), T0, OPTS));
    const d = decide(s, observed({ runnerSlotFree: false }), at(1), OPTS);
    expect(d.status?.phase ?? s.status?.phase).toBe("Pending");
    expect(d.actions).toEqual([]);
    expect(cond(d, "Ready")?.message).toMatch(/runner slot/);
  });

  it("Pending whose launch failed → Failed, Ready=False JobCreationFailed, JobCreated=False CreateFailed", () => {
    const s = apply(session(), decide(session(), observed(), T0, OPTS));
    const d = decide(s, observed({ launchError: { attempt: s.status!.startTime!, message: "spawn ENOENT" } }), at(1), OPTS);
    expect(d.status?.phase).toBe("Failed");
    expect(d.status?.completionTime).toBeDefined();
    expect(cond(d, "Ready")).toMatchObject({ status: "False", reason: "JobCreationFailed", message: "spawn ENOENT" });
    expect(cond(d, "JobCreated")).toMatchObject({ status: "False", reason: "CreateFailed" });
    expect(d.events.some((e) => e.reason === "JobCreationFailed" && e.eventType === "Warning")).toBe(true);
  });

  it("Pending whose runner was launched on a refused pass → Creating without a second launch", () => {
    const s = apply(session(), decide(session(), observed(), T0, OPTS));
    const d = decide(s, observed({ runner: runnerFor(s, { started: false }) }), at(1), OPTS);
    expect(d.status?.phase).toBe("Creating");
    expect(d.actions.some((a) => a.type === "startRunner")).toBe(false);
  });

  it("Creating → Running when the runner reports started: RunnerStarted=True, Ready=True Running", () => {
    const { s } = toRunning();
    expect(s.status?.phase).toBe("Running");
    expect(cond(s, "RunnerStarted")).toMatchObject({ status: "True", reason: "ContainerRunning" });
    expect(cond(s, "Ready")).toMatchObject({ status: "True", reason: "Running" });
  });

  it("Creating stays Creating until the runner reports started", () => {
    const s = apply(session(), decide(session(), observed(), T0, OPTS));
    const c = apply(s, decide(s, observed(), at(1), OPTS));
    const d = decide(c, observed({ runner: runnerFor(c, { started: false }) }), at(2), OPTS);
    expect(d.status?.phase ?? c.status?.phase).toBe("Creating");
  });

  it("batch runner exits 0 → Completed with completionTime, Ready=False Completed", () => {
    const { s, r } = toRunning();
    const d = decide(s, observed({ runner: { ...r, state: "exited", exitCode: 0 } }), at(5), OPTS);
    expect(d.status?.phase).toBe("Completed");
    expect(d.status?.completionTime).toBe("2026-11-25T10:00:05Z");
    expect(cond(d, "Ready")).toMatchObject({ status: "False", reason: "Completed" });
  });

  it("a runner that started and ended before the operator looked still passes through Running", () => {
    const s = apply(session(), decide(session(), observed(), T0, OPTS));
    const c = apply(s, decide(s, observed(), at(1), OPTS));
    const r = runnerFor(c, { state: "exited", exitCode: 0 });
    const running = apply(c, decide(c, observed({ runner: r }), at(2), OPTS));
    expect(running.status?.phase).toBe("Running");
    expect(decide(running, observed({ runner: r }), at(2), OPTS).status?.phase).toBe("Completed");
  });

  it("runner exits non-zero → Failed, Ready=False RunnerExit with the runner's message", () => {
    const { s, r } = toRunning();
    const d = decide(s, observed({ runner: { ...r, state: "exited", exitCode: 3, exitMessage: "boom" } }), at(5), OPTS);
    expect(d.status?.phase).toBe("Failed");
    expect(cond(d, "Ready")).toMatchObject({ status: "False", reason: "RunnerExit", message: "Runner exited with code 3: boom" });
    expect(d.events.find((e) => e.type === "Ready")).toMatchObject({ reason: "RunnerExit", eventType: "Warning" });
  });

  it("batch session past spec.timeout → Failed Timeout and the runner is stopped; before it, a requeue at the deadline", () => {
    const { s, r } = toRunning({ timeout: 60 });
    const before = decide(s, observed({ runner: r }), at(30), OPTS);
    expect(before.status).toBeUndefined();
    expect(before.requeueAfterMs).toBeGreaterThan(29_000);
    expect(before.requeueAfterMs).toBeLessThanOrEqual(31_000);
    const d = decide(s, observed({ runner: r }), at(61), OPTS);
    expect(d.status?.phase).toBe("Failed");
    expect(cond(d, "Ready")).toMatchObject({ reason: "Timeout" });
    expect(d.actions).toContainEqual({ type: "stopRunner" });
  });

  it("interactive sessions have no timeout", () => {
    const { s, r } = toRunning({ interactive: true, timeout: 1 });
    const d = decide(s, observed({ runner: r }), at(500), OPTS);
    expect(d.status).toBeUndefined();
  });

  it("desired=Stopped while Running → Stopping (runner ended, annotation cleared) → Stopped with UserStopped", () => {
    const { s, r } = toRunning({ interactive: true });
    s.metadata.annotations = { [ANNOTATIONS.desiredPhase]: "Stopped" };
    const d = decide(s, observed({ runner: r }), at(10), OPTS);
    expect(d.status?.phase).toBe("Stopping");
    expect(cond(d, "Ready")).toMatchObject({ status: "False", reason: "Stopping" });
    expect(d.actions).toContainEqual({ type: "stopRunner" });
    expect(d.annotations).toEqual({ [ANNOTATIONS.desiredPhase]: null });
    const stopping = apply(s, d);
    const done = decide(stopping, observed({ runner: { ...r, state: "exited", exitCode: null, exitSignal: "SIGTERM", stopRequested: true } }), at(11), OPTS);
    expect(done.status?.phase).toBe("Stopped");
    expect(done.status?.completionTime).toBeDefined();
    expect(cond(done, "Ready")).toMatchObject({ reason: "UserStopped" });
    expect(cond(done, "RunnerStarted")).toMatchObject({ status: "False", reason: "UserStopped" });
  });

  it("desired=Stopped while Pending → Stopping → Stopped without a runner", () => {
    const p = apply(session(), decide(session(), observed(), T0, OPTS));
    p.metadata.annotations = { [ANNOTATIONS.desiredPhase]: "Stopped" };
    const stopping = apply(p, decide(p, observed(), at(1), OPTS));
    expect(stopping.status?.phase).toBe("Stopping");
    expect(decide(stopping, observed(), at(2), OPTS).status?.phase).toBe("Stopped");
  });

  it("desired=Running is ignored (and cleared) while Pending/Creating/Running", () => {
    const { s, r } = toRunning();
    s.metadata.annotations = { [ANNOTATIONS.desiredPhase]: "Running", [ANNOTATIONS.startRequestedAt]: "2026-11-25T10:00:03Z" };
    const d = decide(s, observed({ runner: r }), at(4), OPTS);
    expect(d.status).toBeUndefined();
    expect(d.annotations).toEqual({ [ANNOTATIONS.desiredPhase]: null, [ANNOTATIONS.startRequestedAt]: null });
  });

  it("start from a terminal phase → Pending Restarting, new startTime, completionTime removed, workspace kept, interactive", () => {
    const { s, r } = toRunning();
    const completed = apply(s, decide(s, observed({ runner: { ...r, state: "exited", exitCode: 0 } }), at(5), OPTS));
    completed.metadata.annotations = { [ANNOTATIONS.desiredPhase]: "Running", [ANNOTATIONS.startRequestedAt]: "2026-11-25T10:01:00Z" };
    const d = decide(completed, observed({ runner: { ...r, state: "exited", exitCode: 0 }, workspaceExists: true }), at(60), OPTS);
    expect(d.status?.phase).toBe("Pending");
    expect(d.status?.startTime).toBe(at(60).toISOString());
    expect(d.status?.completionTime).toBeUndefined();
    expect(cond(d, "Ready")).toMatchObject({ status: "False", reason: "Restarting" });
    expect(d.annotations).toEqual({ [ANNOTATIONS.desiredPhase]: null, [ANNOTATIONS.startRequestedAt]: null });
    expect(d.actions.some((a) => a.type === "cleanup")).toBe(false);
    const pending = apply(completed, d);
    // The old attempt's exited runner must not count for the new attempt.
    const launch = decide(pending, observed({ runner: { ...r, state: "exited", exitCode: 0 }, workspaceExists: true }), at(61), OPTS);
    expect(launch.status?.phase).toBe("Creating");
    expect(cond(launch, "PVCReady")).toMatchObject({ reason: "Reused" });
    expect(launch.actions.find((a) => a.type === "startRunner")).toMatchObject({ launch: { interactive: true, attempt: at(60).toISOString() } });
  });

  it("continue: parent-session-id = own name resumes the SDK conversation in the same workspace", () => {
    const stopped = session({ interactive: true }, { annotations: { [ANNOTATIONS.desiredPhase]: "Running", [ANNOTATIONS.parentSessionId]: "s1" } });
    stopped.status = { phase: "Stopped", startTime: T0.toISOString(), completionTime: "2026-11-25T10:00:09Z", sdkSessionId: "sdk-1", conditions: [] };
    const pending = apply(stopped, decide(stopped, observed({ workspaceExists: true }), at(20), OPTS));
    expect(cond(pending, "Ready")?.message).toMatch(/Continuing/);
    const d = decide(pending, observed({ workspaceExists: true }), at(21), OPTS);
    const start = d.actions.find((a) => a.type === "startRunner");
    expect(start).toMatchObject({ launch: { resumeSdkSessionId: "sdk-1", prompt: "", interactive: true } });
    expect(d.actions.find((a) => a.type === "ensureWorkspace")).toEqual({ type: "ensureWorkspace" });
  });

  it("continue as new: a new session naming another copies its workspace and resumes its conversation", () => {
    const s = session({ initialPrompt: "and now the tests" }, { name: "s2", annotations: { [ANNOTATIONS.parentSessionId]: "s1" } });
    const pending = apply(s, decide(s, observed(), T0, OPTS));
    const d = decide(pending, observed({ parent: { name: "s1", sdkSessionId: "sdk-1", workspaceExists: true } }), at(1), OPTS);
    expect(d.actions[0]).toEqual({ type: "ensureWorkspace", copyFromParent: "s1" });
    expect(d.actions[1]).toMatchObject({ launch: { resumeSdkSessionId: "sdk-1", prompt: "and now the tests", parentSessionName: "s1" } });
    expect(cond(d, "PVCReady")?.message).toMatch(/copied from s1/);
  });

  it("the runner's SDK session id lands in status and in the mirror annotation", () => {
    const { s, r } = toRunning();
    const d = decide(s, observed({ runner: { ...r, sdkSessionId: "sdk-9" } }), at(3), OPTS);
    expect(d.status?.sdkSessionId).toBe("sdk-9");
    expect(d.annotations).toEqual({ [ANNOTATIONS.sdkSessionId]: "sdk-9" });
  });

  it("legacy spec.prompt is the runner's prompt", () => {
    const spec = { initialPrompt: undefined, prompt: "legacy words" };
    const s = apply(session(spec), decide(session(spec), observed(), T0, OPTS));
    expect(decide(s, observed(), at(1), OPTS).actions[1]).toMatchObject({ launch: { prompt: "legacy words" } });
  });
});

describe("§3 crash safety", () => {
  it("Running with no runner (operator restarted) → relaunch resuming sdkSessionId, sdkRestartCount+1, Ready Restarting", () => {
    const { s } = toRunning({ interactive: true });
    s.status!.sdkSessionId = "sdk-1";
    const d = decide(s, observed({ workspaceExists: true }), at(10), OPTS);
    expect(d.status?.phase).toBe("Creating");
    expect(d.status?.sdkRestartCount).toBe(1);
    expect(cond(d, "Ready")).toMatchObject({ status: "False", reason: "Restarting" });
    expect(d.actions.find((a) => a.type === "startRunner")).toMatchObject({ launch: { resumeSdkSessionId: "sdk-1", interactive: true, restartCount: 1 } });
  });

  it("after maxRestarts lost runners → Failed RunnerLost", () => {
    const { s } = toRunning();
    s.status!.sdkRestartCount = 3;
    const d = decide(s, observed(), at(10), OPTS);
    expect(d.status?.phase).toBe("Failed");
    expect(cond(d, "Ready")).toMatchObject({ reason: "RunnerLost" });
  });

  it("a runner killed by a signal it was not sent is a crash: restarted", () => {
    const { s, r } = toRunning({ interactive: true });
    const d = decide(s, observed({ runner: { ...r, state: "exited", exitCode: null, exitSignal: "SIGKILL" } }), at(10), OPTS);
    expect(d.status?.sdkRestartCount).toBe(1);
    expect(d.actions.some((a) => a.type === "startRunner")).toBe(true);
  });

  it("a lost batch runner past its timeout → Failed Timeout, not restarted", () => {
    const { s } = toRunning({ timeout: 5 });
    const d = decide(s, observed(), at(100), OPTS);
    expect(d.status?.phase).toBe("Failed");
    expect(cond(d, "Ready")).toMatchObject({ reason: "Timeout" });
  });

  it("a restart launched on a refused pass is counted on the next pass", () => {
    const { s, r } = toRunning({ interactive: true });
    const d = decide(s, observed({ runner: { ...r, restartCount: 1, started: false } }), at(10), OPTS);
    expect(d.status?.sdkRestartCount).toBe(1);
    expect(d.actions.some((a) => a.type === "startRunner")).toBe(false);
  });

  it("Stopping with no runner after a restart → Stopped", () => {
    const s = session();
    s.status = { phase: "Stopping", startTime: T0.toISOString(), conditions: [] };
    expect(decide(s, observed(), at(1), OPTS).status?.phase).toBe("Stopped");
  });

  it("an ended session whose runner still runs gets it stopped", () => {
    const { s, r } = toRunning();
    const failed = apply(s, decide(s, observed({ runner: r }), at(400), OPTS));
    expect(failed.status?.phase).toBe("Failed");
    expect(decide(failed, observed({ runner: r }), at(401), OPTS).actions).toContainEqual({ type: "stopRunner" });
  });

  it("deleting: cleanup, then the finalizer is removed", () => {
    const s = session({}, { deletionTimestamp: "2026-11-25T10:00:00Z", finalizers: [SESSION_FINALIZER, "other"] });
    const d = decide(s, observed(), T0, OPTS);
    expect(d.actions).toEqual([{ type: "cleanup" }]);
    expect(d.finalizers).toEqual(["other"]);
  });
});

describe("§5 repos and workflow", () => {
  it("a repo added to the spec of a running session → add-repo command, Cloning, observedGeneration held back", () => {
    const { s, r } = toRunning({ interactive: true, repos: [{ url: REPO_A }] }, { repoReports: { [REPO_A]: { name: "a", status: "Ready", at: "2026-11-25T10:00:02Z" } } });
    expect(s.status?.observedGeneration).toBe(1);
    s.spec.repos = [{ url: REPO_A }, { url: REPO_B, branch: "dev" }];
    s.metadata.generation = 2;
    const d = decide(s, observed({ runner: r }), at(5), OPTS);
    expect(d.actions).toContainEqual({ type: "addRepo", url: REPO_B, branch: "dev", name: "b" });
    expect(d.status?.reconciledRepos?.map((x) => [x.name, x.status])).toEqual([["a", "Ready"], ["b", "Cloning"]]);
    expect(cond(d, "ReposReconciled")).toMatchObject({ status: "Unknown", reason: "Cloning", observedGeneration: 2 });
    expect(d.status?.observedGeneration).toBe(1);
    expect(cond(d, "Reconciled")).toMatchObject({ status: "Unknown" });
  });

  it("the runner reports the clone done → Ready with clonedAt; observedGeneration catches up, Reconciled=True SpecApplied", () => {
    const { s, r } = toRunning({ interactive: true, repos: [{ url: REPO_A }] });
    s.metadata.generation = 2;
    const d = decide(s, observed({ runner: { ...r, repoReports: { [REPO_A]: { name: "a", status: "Ready", at: "2026-11-25T10:00:04Z" } } } }), at(5), OPTS);
    expect(d.status?.reconciledRepos).toEqual([{ url: REPO_A, branch: "main", name: "a", status: "Ready", clonedAt: "2026-11-25T10:00:04Z" }]);
    expect(cond(d, "ReposReconciled")).toMatchObject({ status: "True", reason: "Reconciled" });
    expect(d.status?.observedGeneration).toBe(2);
    expect(cond(d, "Reconciled")).toMatchObject({ status: "True", reason: "SpecApplied", observedGeneration: 2 });
  });

  it("a failed clone → Failed with git's message, ReposReconciled=False CloneFailed, generation not applied", () => {
    const { s, r } = toRunning({ interactive: true, repos: [{ url: REPO_A }] });
    const msg = "fatal: '/tmp/repos/a.git' does not appear to be a git repository";
    const d = decide(s, observed({ runner: { ...r, repoReports: { [REPO_A]: { name: "a", status: "Failed", message: msg, at: "x" } } } }), at(5), OPTS);
    expect(d.status?.reconciledRepos?.[0]).toMatchObject({ status: "Failed", message: msg });
    expect(cond(d, "ReposReconciled")).toMatchObject({ status: "False", reason: "CloneFailed", message: `a: ${msg}` });
    expect(d.status?.observedGeneration).toBeUndefined();
    expect(cond(d, "Reconciled")).toMatchObject({ status: "False" });
    expect(d.events.find((e) => e.type === "ReposReconciled")).toMatchObject({ eventType: "Warning", reason: "CloneFailed" });
  });

  it("a repo dropped from the spec → remove-repo command and its entry disappears", () => {
    const reports = { [REPO_A]: { name: "a", status: "Ready" as const, at: "t" }, [REPO_B]: { name: "b", status: "Ready" as const, at: "t" } };
    const { s, r } = toRunning({ interactive: true, repos: [{ url: REPO_A }, { url: REPO_B }] }, { repoReports: reports });
    expect(s.status?.reconciledRepos).toHaveLength(2);
    s.spec.repos = [{ url: REPO_A }];
    s.metadata.generation = 2;
    const d = decide(s, observed({ runner: r }), at(5), OPTS);
    expect(d.actions).toContainEqual({ type: "removeRepo", url: REPO_B, name: "b" });
    expect(d.status?.reconciledRepos?.map((x) => x.name)).toEqual(["a"]);
    expect(d.status?.observedGeneration).toBe(2);
  });

  it("legacy {input, output} repos reconcile by input.url", () => {
    const { s } = toRunning({ repos: [{ input: { url: REPO_A, branch: "dev" }, output: { url: REPO_B } }] });
    expect(s.status?.reconciledRepos?.[0]).toMatchObject({ url: REPO_A, branch: "dev", name: "a" });
  });

  it("workflow: selected at runtime → workflow command, Cloning → Active with appliedAt, or Failed", () => {
    const { s, r } = toRunning({ interactive: true });
    s.spec.activeWorkflow = WF;
    s.metadata.generation = 2;
    const d = decide(s, observed({ runner: r }), at(5), OPTS);
    expect(d.actions).toContainEqual({ type: "setWorkflow", ...WF });
    expect(d.status?.reconciledWorkflow).toMatchObject({ status: "Cloning" });
    expect(cond(d, "WorkflowReconciled")).toMatchObject({ status: "Unknown" });
    const sent = { ...r, sentWorkflowKey: workflowKey(WF) };
    const active = decide(s, observed({ runner: { ...sent, workflowReport: { key: workflowKey(WF), status: "Active", at: "2026-11-25T10:00:06Z" } } }), at(6), OPTS);
    expect(active.actions).toEqual([]);
    expect(active.status?.reconciledWorkflow).toMatchObject({ status: "Active", appliedAt: "2026-11-25T10:00:06Z" });
    expect(cond(active, "WorkflowReconciled")).toMatchObject({ status: "True", reason: "Reconciled" });
    expect(active.status?.observedGeneration).toBe(2);
    const failed = decide(s, observed({ runner: { ...sent, workflowReport: { key: workflowKey(WF), status: "Failed", message: "no such path", at: "t" } } }), at(6), OPTS);
    expect(cond(failed, "WorkflowReconciled")).toMatchObject({ status: "False", reason: "WorkflowReconciliationFailed", message: "no such path" });
  });

  it("no repos and no workflow: NoRepos, NotConfigured, SpecApplied from the first pass", () => {
    const d = decide(session(), observed(), T0, OPTS);
    expect(cond(d, "ReposReconciled")).toMatchObject({ status: "True", reason: "NoRepos" });
    expect(cond(d, "WorkflowReconciled")).toMatchObject({ status: "True", reason: "NotConfigured" });
    expect(d.status?.observedGeneration).toBe(1);
  });

  it("a spec changed while Stopped is not applied (stale) and says when it will be", () => {
    const { s, r } = toRunning({ repos: [{ url: REPO_A }] }, { repoReports: { [REPO_A]: { name: "a", status: "Ready", at: "t" } } });
    const done = apply(s, decide(s, observed({ runner: { ...r, state: "exited", exitCode: 0 } }), at(5), OPTS));
    done.spec.repos = [{ url: REPO_A }, { url: REPO_B }];
    done.metadata.generation = 2;
    const d = decide(done, observed(), at(6), OPTS);
    expect(d.status?.observedGeneration).toBe(1);
    expect(cond(d, "ReposReconciled")).toMatchObject({ status: "Unknown", reason: "NotApplied" });
  });
});

describe("§4 conditions and events", () => {
  it("a pass that changes nothing writes nothing and emits no events", () => {
    const { s, r } = toRunning({ interactive: true });
    const d = decide(s, observed({ runner: r }), at(30), OPTS);
    expect(d.status).toBeUndefined();
    expect(d.events).toEqual([]);
    expect(d.actions).toEqual([]);
  });

  it("one Event per changed condition, Normal for progress", () => {
    const s = apply(session(), decide(session(), observed(), T0, OPTS));
    const d = decide(s, observed(), at(1), OPTS);
    expect(d.events.map((e) => e.type).sort()).toEqual(["JobCreated", "PVCReady", "PodScheduled", "SecretsReady"]);
    expect(d.events.every((e) => e.eventType === "Normal")).toBe(true);
  });

  it("every condition carries the generation it was computed for", () => {
    const { s } = toRunning();
    for (const c of s.status?.conditions ?? []) expect(c.observedGeneration).toBe(1);
  });
});

describe("§6 temporary workspace access", () => {
  function completed() {
    const { s, r } = toRunning();
    const c = apply(s, decide(s, observed({ runner: { ...r, state: "exited", exitCode: 0 } }), at(5), OPTS));
    c.metadata.annotations = { [ANNOTATIONS.tempContentRequested]: "true" };
    return c;
  }

  it("requested on an ended session → content server started, TempContentPodReady Unknown Provisioning", () => {
    const d = decide(completed(), observed(), at(10), OPTS);
    expect(d.actions).toContainEqual({ type: "startTempContent" });
    expect(cond(d, "TempContentPodReady")).toMatchObject({ status: "Unknown", reason: "Provisioning" });
  });

  it("server up → True Ready, with a requeue at the idle deadline", () => {
    const c = apply(completed(), decide(completed(), observed(), at(10), OPTS));
    const d = decide(c, observed({ tempContent: { state: "ready", port: 4000, startedAt: at(10).toISOString() } }), at(11), OPTS);
    expect(cond(d, "TempContentPodReady")).toMatchObject({ status: "True", reason: "Ready" });
    expect(d.requeueAfterMs).toBe(599_000);
  });

  it("idle past the limit → server stopped, both annotations cleared, False Expired; a recent read keeps it", () => {
    const c = apply(completed(), decide(completed(), observed(), at(10), OPTS));
    const temp = { state: "ready" as const, port: 4000, startedAt: at(10).toISOString() };
    c.metadata.annotations![ANNOTATIONS.tempContentLastAccessed] = at(500).toISOString();
    expect(decide(c, observed({ tempContent: temp }), at(700), OPTS).actions).not.toContainEqual({ type: "stopTempContent" });
    const d = decide(c, observed({ tempContent: temp }), at(1101), OPTS);
    expect(d.actions).toContainEqual({ type: "stopTempContent" });
    expect(d.annotations).toEqual({ [ANNOTATIONS.tempContentRequested]: null, [ANNOTATIONS.tempContentLastAccessed]: null });
    expect(cond(d, "TempContentPodReady")).toMatchObject({ status: "False", reason: "Expired" });
  });

  it("a server that failed to start → False CreationFailed", () => {
    const c = apply(completed(), decide(completed(), observed(), at(10), OPTS));
    const d = decide(c, observed({ tempContent: { state: "failed", startedAt: at(10).toISOString(), message: "EADDRINUSE" } }), at(11), OPTS);
    expect(cond(d, "TempContentPodReady")).toMatchObject({ status: "False", reason: "CreationFailed", message: "EADDRINUSE" });
  });

  it("starting the session again ends temporary access first", () => {
    const c = apply(completed(), decide(completed(), observed(), at(10), OPTS));
    c.metadata.annotations![ANNOTATIONS.desiredPhase] = "Running";
    const d = decide(c, observed({ tempContent: { state: "ready", port: 4000, startedAt: at(10).toISOString() } }), at(20), OPTS);
    expect(d.status?.phase).toBe("Pending");
    expect(d.actions).toContainEqual({ type: "stopTempContent" });
    expect(d.annotations?.[ANNOTATIONS.tempContentRequested]).toBeNull();
    expect(cond(d, "TempContentPodReady")).toMatchObject({ status: "False", reason: "NotRequested" });
  });

  it("the running content server is registered as a service, and unregistered when the runner is gone", () => {
    const { s, r } = toRunning({ interactive: true });
    expect(decide(s, observed({ runner: { ...r, contentPort: 4321 } }), at(3), OPTS).actions).toContainEqual({ type: "registerContentService", port: 4321 });
    expect(decide(s, observed({ runner: { ...r, contentPort: 4321 }, contentServicePort: 4321 }), at(3), OPTS).actions).toEqual([]);
    const d = decide(s, observed({ runner: { ...r, contentPort: 4321, state: "exited", exitCode: 0 }, contentServicePort: 4321 }), at(4), OPTS);
    expect(d.actions).toContainEqual({ type: "unregisterContentService" });
  });
});
