// Temporary workspace access for ended sessions (CONTRACT.md §6) as a pure rule: the annotations,
// the phase and the content server the operator holds in; condition, commands and a wake-up out.
import { ANNOTATIONS, type Condition, type SessionPhase } from "../../types/agentic-session";
import { findCondition, type ConditionInput } from "./conditions";
import { isTerminal } from "./phase";

export interface TempContentObservation {
  state: "ready" | "failed";
  port?: number;
  startedAt: string;
  message?: string;
}

export interface TempContentDecision {
  condition?: ConditionInput;
  start: boolean;
  stop: boolean;
  /** Clear temp-content-requested and temp-content-last-accessed. */
  clearAnnotations: boolean;
  /** When the idle limit would end access, in ms from now. */
  expiresInMs?: number;
}

export function decideTempContent(input: {
  annotations: Readonly<Record<string, string>>;
  phase: SessionPhase | undefined;
  server: TempContentObservation | undefined;
  conditions: readonly Condition[];
  idleSeconds: number;
  nowMs: number;
}): TempContentDecision {
  const { annotations: ann, server, idleSeconds, nowMs } = input;
  const requested = ann[ANNOTATIONS.tempContentRequested] === "true";
  const none: TempContentDecision = { start: false, stop: false, clearAnnotations: false };
  if (!requested || !isTerminal(input.phase)) {
    // Not wanted, or the session runs again (its runner serves the workspace): end access.
    const current = findCondition(input.conditions, "TempContentPodReady");
    return {
      ...none,
      stop: server !== undefined,
      clearAnnotations: requested,
      ...(current && current.status !== "False"
        ? { condition: { type: "TempContentPodReady", status: "False", reason: "NotRequested", message: "No temporary access" } }
        : {}),
    };
  }
  if (!server) {
    return { ...none, start: true, condition: { type: "TempContentPodReady", status: "Unknown", reason: "Provisioning", message: "Starting a content server for the workspace" } };
  }
  if (server.state === "failed") {
    return {
      ...none,
      stop: true,
      clearAnnotations: true,
      condition: { type: "TempContentPodReady", status: "False", reason: "CreationFailed", message: server.message ?? "Content server failed to start" },
    };
  }
  // Idle is counted from the last read the console recorded, or from the start if none since.
  const accessed = Date.parse(ann[ANNOTATIONS.tempContentLastAccessed] ?? "");
  const last = Math.max(Number.isNaN(accessed) ? 0 : accessed, Date.parse(server.startedAt));
  const expiresAt = last + idleSeconds * 1000;
  if (nowMs >= expiresAt) {
    return { ...none, stop: true, clearAnnotations: true, condition: { type: "TempContentPodReady", status: "False", reason: "Expired", message: `No access for ${idleSeconds} s` } };
  }
  return { ...none, condition: { type: "TempContentPodReady", status: "True", reason: "Ready", message: "Workspace browsable" }, expiresInMs: expiresAt - nowMs };
}
