// The operator's decision (CONTRACT.md §3–§6) as a pure function: the stored session plus what the
// operator observes of the world in, the new status, annotation changes and side effects out. The
// effect layer (local/operator) carries them out; it never decides anything itself.
import { ANNOTATIONS, type AgenticSession, type AgenticSessionStatus, type Condition, type SessionPhase } from "../../types/agentic-session";
import { conditionChanges, findCondition, setCondition, type ConditionChange, type ConditionInput } from "./conditions";
import { normalizeSpec, type NormalizedWorkflow } from "./normalize";
import { isTerminal } from "./phase";
import { reconcileRepos, reconcileWorkflow, reposCondition, workflowCondition, type LiveRunnerRepos, type RepoCommand } from "./reconcile-repos";
import { decideTempContent, type TempContentObservation } from "./temp-content";

export type { TempContentObservation };

export const SESSION_FINALIZER = "vteam.ambient-code/session-cleanup";
export const DEFAULT_MAX_RESTARTS = 3;

/** The runner process the operator holds for a session (in memory; gone after an operator restart). */
export interface RunnerObservation extends LiveRunnerRepos {
  /** status.startTime of the attempt the runner was launched for. */
  attempt: string;
  launchedAt: string;
  state: "running" | "exited";
  /** The runner printed `{"event":"started"}`. */
  started: boolean;
  interactive: boolean;
  /** The operator asked it to stop (SIGTERM). */
  stopRequested: boolean;
  exitCode?: number | null;
  exitSignal?: string | null;
  /** The last lines of the runner's stderr, for the Failed message. */
  exitMessage?: string;
  contentPort?: number;
  sdkSessionId?: string;
  /** status.sdkRestartCount the runner was launched with. */
  restartCount?: number;
}

export interface Observed {
  runner?: RunnerObservation;
  workspaceExists: boolean;
  /** Port the `ambient-content-<name>` Service currently points at. */
  contentServicePort?: number;
  tempContent?: TempContentObservation;
  /** The session named by parent-session-id, when that is another session (continue as new). */
  parent?: { name: string; sdkSessionId?: string; workspaceExists: boolean };
  /** Launching the runner for `attempt` failed. */
  launchError?: { attempt: string; message: string };
  /** False while the operator already runs its maximum number of runners. */
  runnerSlotFree: boolean;
}

export interface DecideOptions {
  tempContentIdleSeconds: number;
  maxRestarts?: number;
}

export interface RunnerLaunch {
  attempt: string;
  prompt: string;
  interactive: boolean;
  repos: Array<{ url: string; branch: string; name: string }>;
  workflow?: NormalizedWorkflow;
  llmSettings: { model: string; temperature: number; maxTokens: number };
  resumeSdkSessionId?: string;
  /** Continue as new: the session whose workspace this one starts from. */
  parentSessionName?: string;
  /** status.sdkRestartCount this launch belongs to. */
  restartCount: number;
}

export type Action =
  | { type: "ensureWorkspace"; copyFromParent?: string }
  | { type: "startRunner"; launch: RunnerLaunch }
  | { type: "stopRunner" }
  | RepoCommand
  | { type: "registerContentService"; port: number }
  | { type: "unregisterContentService" }
  | { type: "startTempContent" }
  | { type: "stopTempContent" }
  | { type: "cleanup" };

export interface Decision {
  /** The whole new status, present only when it differs from the stored one. */
  status?: AgenticSessionStatus;
  /** Annotations to set (string) or remove (null). */
  annotations?: Record<string, string | null>;
  /** The new finalizer list, present only when it changes. */
  finalizers?: string[];
  actions: Action[];
  /** One per condition whose status or reason changed: recorded as Kubernetes Events. */
  events: ConditionChange[];
  requeueAfterMs?: number;
}

/** RFC 3339 with second precision, as Kubernetes writes times. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

const ACTIVE: readonly (SessionPhase | undefined)[] = ["Creating", "Running"];

export function decide(session: AgenticSession, obs: Observed, nowDate: Date, opts: DecideOptions): Decision {
  const meta = session.metadata;
  const ann = meta.annotations ?? {};
  const finalizers = meta.finalizers ?? [];
  const actions: Action[] = [];
  if (meta.deletionTimestamp) {
    // Deleting: end the runner and remove the workspace, then let the object go.
    return {
      actions: [{ type: "cleanup" }],
      events: [],
      ...(finalizers.includes(SESSION_FINALIZER) ? { finalizers: finalizers.filter((f) => f !== SESSION_FINALIZER) } : {}),
    };
  }

  const now = rfc3339(nowDate);
  const nowMs = nowDate.getTime();
  const gen = meta.generation ?? 1;
  const spec = normalizeSpec(session.spec);
  const before = session.status ?? {};
  const st: AgenticSessionStatus = structuredClone(before);
  let conds: Condition[] = st.conditions ?? [];
  const set = (c: ConditionInput) => {
    conds = setCondition(conds, c, gen, now);
  };
  const annotations: Record<string, string | null> = {};
  const clearAnn = (key: string) => {
    if (ann[key] !== undefined) annotations[key] = null;
  };
  let requeueAfterMs: number | undefined;
  const requeue = (ms: number) => {
    requeueAfterMs = requeueAfterMs === undefined ? ms : Math.min(requeueAfterMs, ms);
  };
  const maxRestarts = opts.maxRestarts ?? DEFAULT_MAX_RESTARTS;
  const name = meta.name ?? "";
  const parentId = ann[ANNOTATIONS.parentSessionId];

  const finish = (phase: "Completed" | "Failed" | "Stopped", ready: ConditionInput) => {
    st.phase = phase;
    st.completionTime = now;
    set(ready);
  };
  const fail = (reason: string, message: string) => finish("Failed", { type: "Ready", status: "False", reason, message });

  let launchedThisPass = false;
  /** Launch a runner for the current attempt; `lost` when replacing one that vanished or crashed. */
  const launch = (lost: boolean) => {
    const restarting = !lost && findCondition(conds, "Ready")?.reason === "Restarting";
    let resume: string | undefined;
    let parentSessionName: string | undefined;
    if (lost || (parentId && parentId === name)) resume = st.sdkSessionId;
    else if (parentId && parentId !== name && obs.parent) {
      parentSessionName = obs.parent.name;
      resume = obs.parent.sdkSessionId;
    }
    const interactive = spec.interactive || restarting;
    launchedThisPass = true;
    const copyFromParent = parentSessionName && !obs.workspaceExists && obs.parent?.workspaceExists ? parentSessionName : undefined;
    actions.push({ type: "ensureWorkspace", ...(copyFromParent ? { copyFromParent } : {}) });
    actions.push({
      type: "startRunner",
      launch: {
        attempt: st.startTime ?? now,
        // A resumed conversation of this session already holds the first prompt; an interactive
        // agent then waits for follow-ups. A batch run (or a new session's run) needs its prompt.
        prompt: resume && !parentSessionName && interactive ? "" : spec.initialPrompt,
        interactive,
        restartCount: st.sdkRestartCount ?? 0,
        repos: spec.repos.map((r) => ({ url: r.url, branch: r.branch, name: r.name })),
        ...(spec.activeWorkflow ? { workflow: spec.activeWorkflow } : {}),
        llmSettings: spec.llmSettings,
        ...(resume ? { resumeSdkSessionId: resume } : {}),
        ...(parentSessionName ? { parentSessionName } : {}),
      },
    });
    markLaunched(obs.workspaceExists, copyFromParent);
    st.reconciledRepos = spec.repos.map((r) => ({ url: r.url, branch: r.branch, name: r.name, status: "Cloning" as const }));
    if (spec.activeWorkflow) st.reconciledWorkflow = { ...spec.activeWorkflow, status: "Cloning" };
    else delete st.reconciledWorkflow;
  };

  function markLaunched(workspaceExisted: boolean, copyFromParent: string | undefined) {
    st.phase = "Creating";
    set({
      type: "PVCReady",
      status: "True",
      reason: workspaceExisted ? "Reused" : "Bound",
      message: copyFromParent ? `Workspace copied from ${copyFromParent}` : workspaceExisted ? "Workspace folder reused" : "Workspace folder created",
    });
    set({ type: "SecretsReady", status: "True", reason: "AllRequiredSecretsFound", message: "No secrets required by the local runner" });
    set({ type: "JobCreated", status: "True", reason: "JobCreated", message: "Runner process launched" });
    set({ type: "PodScheduled", status: "True", reason: "Local", message: "Runs on this machine" });
  }

  const restartLost = (why: string) => {
    const count = st.sdkRestartCount ?? 0;
    if (count >= maxRestarts) {
      fail("RunnerLost", `${why}; gave up after ${count} restarts`);
      return;
    }
    st.sdkRestartCount = count + 1;
    set({ type: "Ready", status: "False", reason: "Restarting", message: `${why}; restarting the runner (${count + 1} of ${maxRestarts})` });
    launch(true);
  };

  // --- first sight -------------------------------------------------------------------------
  // Deleting a session must end its runner and remove its workspace: hold it until we have. The
  // finalizer goes on before anything exists to clean up (the launch is a later pass).
  const addFinalizer = !finalizers.includes(SESSION_FINALIZER);
  // Entering Pending is its own write: the launch happens on the next pass, so Pending is seen.
  let enteredPending = false;
  if (st.phase === undefined) {
    enteredPending = true;
    st.phase = "Pending";
    st.startTime = nowDate.toISOString();
    set({ type: "Ready", status: "Unknown", reason: "Pending", message: "Waiting for the runner to be launched" });
  }

  // --- intents (annotations) ----------------------------------------------------------------
  let enteredStopping = false;
  const desired = ann[ANNOTATIONS.desiredPhase];
  if (desired === "Stopped") {
    if (st.phase === "Pending" || st.phase === "Creating" || st.phase === "Running") {
      enteredStopping = true;
      st.phase = "Stopping";
      set({ type: "Ready", status: "False", reason: "Stopping", message: "Stop requested" });
    }
    clearAnn(ANNOTATIONS.desiredPhase);
  } else if (desired === "Running") {
    if (isTerminal(st.phase)) {
      enteredPending = true;
      st.phase = "Pending";
      // Millisecond precision: startTime also names the attempt a runner is launched for.
      st.startTime = nowDate.toISOString();
      delete st.completionTime;
      set({
        type: "Ready",
        status: "False",
        reason: "Restarting",
        message: parentId === name ? "Continuing the conversation in the same workspace" : "Start requested; workspace kept",
      });
      clearAnn(ANNOTATIONS.desiredPhase);
      clearAnn(ANNOTATIONS.startRequestedAt);
    } else if (st.phase !== "Stopping") {
      // Already on the way; while Stopping the request waits until the session has stopped.
      clearAnn(ANNOTATIONS.desiredPhase);
      clearAnn(ANNOTATIONS.startRequestedAt);
    }
  } else if (desired !== undefined) {
    clearAnn(ANNOTATIONS.desiredPhase);
  }

  // --- phase machine against the runner -----------------------------------------------------
  // Only the runner launched for this attempt (this startTime) counts; an older one is history.
  const runner = obs.runner && obs.runner.attempt === st.startTime ? obs.runner : undefined;
  const live = runner?.state === "running" ? runner : undefined;
  const runnerNow = runner;
  // The launch is the next pass; ask for it rather than wait for the echo of this write.
  if (enteredPending) requeue(0);
  if (st.phase === "Pending" && !enteredPending && !addFinalizer) {
    if (runner) {
      // Launched on an earlier pass whose status write was refused: report it, do not launch twice.
      markLaunched(obs.workspaceExists, undefined);
    } else if (obs.launchError && obs.launchError.attempt === st.startTime) {
      fail("JobCreationFailed", obs.launchError.message);
      set({ type: "JobCreated", status: "False", reason: "CreateFailed", message: obs.launchError.message });
    } else if (!obs.runnerSlotFree) {
      set({ type: "Ready", status: findCondition(conds, "Ready")?.status ?? "Unknown", reason: findCondition(conds, "Ready")?.reason ?? "Pending", message: "Waiting for a free runner slot" });
      // No timer: the operator wakes waiting sessions when a slot frees (and on resync).
    } else {
      launch(false);
    }
  }
  if (runner && (runner.restartCount ?? 0) > (st.sdkRestartCount ?? 0)) {
    // A restart launched on a pass whose status write was refused.
    st.sdkRestartCount = runner.restartCount;
  }
  if ((st.phase === "Creating" || st.phase === "Running") && !launchedThisPass) {
    if (!runnerNow) {
      const deadline = Date.parse(st.startTime ?? now) + spec.timeout * 1000;
      if (!spec.interactive && nowMs >= deadline) fail("Timeout", `Runner lost and spec.timeout (${spec.timeout} s) has passed`);
      else restartLost("Runner lost (the operator restarted or the process vanished)");
    } else if (st.phase === "Creating" && runnerNow.started && runnerNow.state === "exited") {
      // It did run: record Running before its end, so the history does not skip a phase.
      st.phase = "Running";
      set({ type: "RunnerStarted", status: "True", reason: "ContainerRunning", message: "Runner started" });
      set({ type: "Ready", status: "True", reason: "Running", message: "Session is running" });
      requeue(10);
    } else if (runnerNow.state === "exited") {
      if (runnerNow.exitCode === 0) {
        finish("Completed", { type: "Ready", status: "False", reason: "Completed", message: "The runner finished its work" });
      } else if (typeof runnerNow.exitCode === "number") {
        fail("RunnerExit", `Runner exited with code ${runnerNow.exitCode}${runnerNow.exitMessage ? `: ${runnerNow.exitMessage}` : ""}`);
      } else {
        restartLost(`Runner killed by ${runnerNow.exitSignal ?? "a signal"}`);
      }
    } else {
      if (st.phase === "Creating" && runnerNow.started) {
        st.phase = "Running";
        set({ type: "RunnerStarted", status: "True", reason: "ContainerRunning", message: "Runner started" });
        set({ type: "Ready", status: "True", reason: "Running", message: "Session is running" });
      }
      if (!runnerNow.interactive) {
        const deadline = Date.parse(runnerNow.launchedAt) + spec.timeout * 1000;
        if (nowMs >= deadline) fail("Timeout", `No result within spec.timeout (${spec.timeout} s)`);
        else requeue(deadline - nowMs);
      }
    }
  }
  if (st.phase === "Stopping") {
    if (runnerNow?.state === "running") actions.push({ type: "stopRunner" });
    else if (enteredStopping) requeue(10); // Stopping is written and seen before Stopped
    else {
      finish("Stopped", { type: "Ready", status: "False", reason: "UserStopped", message: "Stopped by the user" });
      set({ type: "RunnerStarted", status: "False", reason: "UserStopped", message: "Runner ended on request" });
      set({ type: "JobCreated", status: "False", reason: "UserStopped", message: "Runner ended on request" });
    }
  }
  // A runner of an ended session (timeout, or a stale one) must not go on working.
  if (isTerminal(st.phase) && obs.runner?.state === "running") actions.push({ type: "stopRunner" });

  // --- repos and workflow -------------------------------------------------------------------
  const liveNow = st.phase === "Creating" || st.phase === "Running" ? (live ?? undefined) : undefined;
  const justLaunched = launchedThisPass;
  if (!justLaunched) {
    const repos = reconcileRepos(spec.repos, st.reconciledRepos, liveNow);
    st.reconciledRepos = repos.repos;
    const wf = reconcileWorkflow(spec.activeWorkflow, st.reconciledWorkflow, liveNow);
    if (wf.workflow) st.reconciledWorkflow = wf.workflow;
    else delete st.reconciledWorkflow;
    actions.push(...repos.commands, ...wf.commands);
  }
  const running = ACTIVE.includes(st.phase) || justLaunched;
  const reposCond = reposCondition(spec.repos, st.reconciledRepos ?? []);
  const wfCond = workflowCondition(spec.activeWorkflow, st.reconciledWorkflow);
  for (const c of [reposCond, wfCond]) {
    // Nothing clones while the session is not running: say so rather than "Cloning".
    if (c.status === "Unknown" && !running) set({ ...c, reason: "NotApplied", message: "Applied when the runner starts" });
    else set(c);
  }
  const applied = reposCond.status === "True" && wfCond.status === "True";
  if (applied) {
    st.observedGeneration = gen;
    set({ type: "Reconciled", status: "True", reason: "SpecApplied", message: `Generation ${gen} applied` });
  } else {
    const failed = reposCond.status === "False" || wfCond.status === "False";
    set({
      type: "Reconciled",
      status: failed ? "False" : "Unknown",
      reason: failed ? "ReconcileFailed" : "Reconciling",
      message: failed ? `Generation ${gen} could not be fully applied` : `Applying generation ${gen}`,
    });
  }

  // --- content service, sdk session id -----------------------------------------------------
  const port = live?.contentPort;
  if (port && (st.phase === "Creating" || st.phase === "Running")) {
    if (obs.contentServicePort !== port) actions.push({ type: "registerContentService", port });
  } else if (obs.contentServicePort !== undefined) {
    actions.push({ type: "unregisterContentService" });
  }
  const sdkId = runner?.sdkSessionId;
  if (sdkId && sdkId !== st.sdkSessionId) st.sdkSessionId = sdkId;
  if (st.sdkSessionId && ann[ANNOTATIONS.sdkSessionId] !== st.sdkSessionId) annotations[ANNOTATIONS.sdkSessionId] = st.sdkSessionId;

  // --- temporary workspace access (§6) ------------------------------------------------------
  const temp = decideTempContent({ annotations: ann, phase: st.phase, server: obs.tempContent, conditions: conds, idleSeconds: opts.tempContentIdleSeconds, nowMs });
  if (temp.start) actions.push({ type: "startTempContent" });
  if (temp.stop) actions.push({ type: "stopTempContent" });
  if (temp.clearAnnotations) {
    clearAnn(ANNOTATIONS.tempContentRequested);
    clearAnn(ANNOTATIONS.tempContentLastAccessed);
  }
  if (temp.condition) set(temp.condition);
  if (temp.expiresInMs !== undefined) requeue(temp.expiresInMs);

  st.conditions = conds;
  const statusChanged = JSON.stringify(st) !== JSON.stringify(before);
  return {
    ...(addFinalizer ? { finalizers: [...finalizers, SESSION_FINALIZER] } : {}),
    ...(statusChanged ? { status: st } : {}),
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    actions,
    events: statusChanged ? conditionChanges(before.conditions, conds) : [],
    ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}),
  };
}
