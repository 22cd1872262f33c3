// Who serves a session's workspace right now (CONTRACT.md §6), derived from the session alone so
// the tab (fed by the watch stream) and the route handlers agree without an extra call.
import { ANNOTATIONS, type AgenticSession, type Condition } from "../../types/agentic-session";
import type { WorkspaceAccess } from "./types";

export const TEMP_CONDITION = "TempContentPodReady";

const TERMINAL = new Set(["Stopped", "Completed", "Failed"]);

export const workspaceServiceName = {
  running: (session: string) => `ambient-content-${session}`,
  temp: (session: string) => `temp-content-${session}`,
};

function condition(s: AgenticSession, type: string): Condition | undefined {
  return s.status?.conditions?.find((c) => c.type === type);
}

export function workspaceAccess(s: AgenticSession): WorkspaceAccess {
  const name = s.metadata.name ?? "";
  const phase = s.status?.phase ?? "Pending";
  if (phase === "Running") return { state: "live", service: workspaceServiceName.running(name), message: "Served by the running session" };
  if (!TERMINAL.has(phase)) return { state: "unavailable", message: `The session is ${phase}; its workspace can be browsed once it runs or has ended` };
  const ann = s.metadata.annotations ?? {};
  const requested = ann[ANNOTATIONS.tempContentRequested] === "true";
  const lastAccessed = ann[ANNOTATIONS.tempContentLastAccessed] || undefined;
  const c = condition(s, TEMP_CONDITION);
  const extra = lastAccessed ? { lastAccessed } : {};
  if (requested) {
    // A False condition while requested is the previous round's: the operator has not acted yet.
    if (c?.status === "True") return { state: "ready", service: workspaceServiceName.temp(name), message: c.message || "Workspace browsable", ...extra };
    return { state: "provisioning", message: c?.status === "Unknown" && c.message ? c.message : "Asking for a content server for the workspace", ...extra };
  }
  if (c?.status === "False" && c.reason === "Expired") return { state: "expired", message: c.message ? `Access expired: ${c.message}` : "Access expired" };
  if (c?.status === "False" && c.reason === "CreationFailed") return { state: "failed", message: c.message || "The content server could not start" };
  return { state: "closed", message: "The session has ended; its workspace opens on request" };
}

/** Progress shown while temporary access is set up: asked → provisioning → ready. */
export function accessProgress(a: WorkspaceAccess, s: AgenticSession): { step: 0 | 1 | 2 | 3; label: string } {
  if (a.state === "ready" || a.state === "live") return { step: 3, label: "Ready" };
  if (a.state !== "provisioning") return { step: 0, label: a.message };
  const c = condition(s, TEMP_CONDITION);
  return c?.status === "Unknown" ? { step: 2, label: c.reason || "Provisioning" } : { step: 1, label: "Requested" };
}
