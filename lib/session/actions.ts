// Which actions a session offers, and what each one writes (CONTRACT.md §2–§3, §5).
// Pure: the route handlers call `decide*` inside a read-decide-write loop, the UI calls
// `allowedActions` to enable buttons; both read the same rules.
import { ANNOTATIONS, type AgenticSession, type SessionPhase } from "../../types/agentic-session";
import { ACTIVE_PHASES, TERMINAL_PHASES } from "./phase";

export const SESSION_ACTIONS = ["start", "stop", "continue", "continue-as-new", "clone", "delete", "edit-repos", "edit-workflow", "message"] as const;
export type SessionAction = (typeof SESSION_ACTIONS)[number];

/** What the caller may do to sessions in the namespace (SelfSubjectAccessReview answers). */
export interface SessionPermissions {
  patch: boolean;
  create: boolean;
  delete: boolean;
  /** POST through the content service proxy (follow-up messages). */
  proxy: boolean;
}

export const ALL_PERMISSIONS: SessionPermissions = { patch: true, create: true, delete: true, proxy: true };

export type ActionState = { allowed: true } | { allowed: false; reason: string };

/** The phase the session shows, with no phase yet counting as Pending (the operator has not seen it). */
export function phaseOf(s: AgenticSession): SessionPhase {
  return s.status?.phase ?? "Pending";
}

export function desiredPhaseOf(s: AgenticSession): string | undefined {
  return s.metadata.annotations?.[ANNOTATIONS.desiredPhase] || undefined;
}

const isTerminal = (p: SessionPhase) => TERMINAL_PHASES.includes(p);
const isActive = (p: SessionPhase) => ACTIVE_PHASES.includes(p);

function needs(perm: keyof SessionPermissions, perms: SessionPermissions, what: string): ActionState | undefined {
  return perms[perm] ? undefined : { allowed: false, reason: `You may not ${what} in this project` };
}

const ok: ActionState = { allowed: true };

/** One action's state for this session and caller; the reason says why when it is off. */
export function actionState(s: AgenticSession, action: SessionAction, perms: SessionPermissions): ActionState {
  const phase = phaseOf(s);
  const desired = desiredPhaseOf(s);
  const interactive = s.spec?.interactive ?? true;
  if (s.metadata.deletionTimestamp && action !== "clone") return { allowed: false, reason: "The session is being deleted" };
  switch (action) {
    case "start":
    case "continue":
      if (!isTerminal(phase)) return { allowed: false, reason: `The session is ${phase}; only Stopped, Completed or Failed sessions can be ${action === "start" ? "started" : "continued"}` };
      if (desired === "Running") return { allowed: false, reason: "A start is already requested" };
      return needs("patch", perms, "change sessions") ?? ok;
    case "stop":
      if (!isActive(phase)) return { allowed: false, reason: `The session is ${phase}; only Pending, Creating or Running sessions can be stopped` };
      if (desired === "Stopped") return { allowed: false, reason: "A stop is already requested" };
      return needs("patch", perms, "change sessions") ?? ok;
    case "continue-as-new":
      if (!isTerminal(phase)) return { allowed: false, reason: `The session is ${phase}; stop it before continuing it as a new session` };
      return needs("create", perms, "create sessions") ?? ok;
    case "clone":
      return needs("create", perms, "create sessions") ?? ok;
    case "delete":
      return needs("delete", perms, "delete sessions") ?? ok;
    case "edit-repos":
    case "edit-workflow":
    case "message":
      if (!interactive) return { allowed: false, reason: "Batch sessions cannot be changed while they run" };
      if (phase !== "Running") return { allowed: false, reason: `The session is ${phase}; changes are possible only while it is Running` };
      if (action === "message") return needs("proxy", perms, "message sessions") ?? ok;
      return needs("patch", perms, "change sessions") ?? ok;
  }
}

export function allowedActions(s: AgenticSession, perms: SessionPermissions): Record<SessionAction, ActionState> {
  return Object.fromEntries(SESSION_ACTIONS.map((a) => [a, actionState(s, a, perms)])) as Record<SessionAction, ActionState>;
}

/** A decision of a read-decide-write loop: a merge patch, nothing to do (already so), or a conflict to report. */
export type Decision = { patch: Record<string, unknown> } | { skip: { outcome: "unchanged"; message: string } | { outcome: "conflict"; message: string } };

function conflict(message: string): Decision {
  return { skip: { outcome: "conflict", message } };
}
function unchanged(message: string): Decision {
  return { skip: { outcome: "unchanged", message } };
}

/**
 * Start or continue (CONTRACT.md §3): `desired-phase=Running`, the time of the request, and for
 * continue the parent annotation naming the session itself. A start makes the session interactive.
 * Already requested → unchanged (two browsers clicking at once end in the same state).
 */
export function decideStart(s: AgenticSession, now: Date, opts: { resume: boolean }): Decision {
  const phase = phaseOf(s);
  const desired = desiredPhaseOf(s);
  if (desired === "Running" || (isActive(phase) && desired !== "Stopped")) return unchanged(`The session is already ${desired === "Running" ? "starting" : phase}`);
  if (!isTerminal(phase)) return conflict(`The session is now ${phase}${desired ? ` (requested: ${desired})` : ""}; it can be started once it has stopped`);
  const annotations: Record<string, string> = {
    [ANNOTATIONS.desiredPhase]: "Running",
    [ANNOTATIONS.startRequestedAt]: now.toISOString(),
  };
  if (opts.resume) annotations[ANNOTATIONS.parentSessionId] = s.metadata.name ?? "";
  return {
    patch: {
      metadata: { annotations },
      ...(s.spec?.interactive === false ? { spec: { interactive: true } } : {}),
    },
  };
}

/** Stop: `desired-phase=Stopped` while a runner exists or is on its way. */
export function decideStop(s: AgenticSession): Decision {
  const phase = phaseOf(s);
  const desired = desiredPhaseOf(s);
  if (desired === "Stopped" || phase === "Stopping") return unchanged("A stop is already under way");
  // A start requested but not yet taken up would run the session after this "stop": cancel it instead.
  if (desired === "Running" && isTerminal(phase)) return { patch: { metadata: { annotations: { [ANNOTATIONS.desiredPhase]: null, [ANNOTATIONS.startRequestedAt]: null } } } };
  if (phase === "Stopped") return unchanged("The session is already Stopped");
  if (!isActive(phase)) return conflict(`The session is now ${phase}; there is nothing to stop`);
  return { patch: { metadata: { annotations: { [ANNOTATIONS.desiredPhase]: "Stopped" } } } };
}

/** Runtime changes need an interactive session in Running (CONTRACT.md §5). */
export function runtimeChangeBlocker(s: AgenticSession): string | undefined {
  const state = actionState(s, "edit-repos", ALL_PERMISSIONS);
  return state.allowed ? undefined : state.reason;
}

/** Compare git URLs the way drift does: trimmed, no trailing slash or `.git`. */
export function sameRepoUrl(a: string, b: string): boolean {
  const norm = (u: string) => u.trim().replace(/\/+$/, "").replace(/\.git$/i, "");
  return norm(a) === norm(b);
}

function rawRepoUrl(r: unknown): string {
  const repo = r as { url?: string; input?: { url?: string } };
  return repo.input?.url ?? repo.url ?? "";
}

/**
 * Add a repo at runtime. The other entries are written back exactly as stored (legacy forms
 * included), so a change the user asked for never rewrites the rest silently.
 */
export function decideAddRepo(s: AgenticSession, repo: { url: string; branch: string }): Decision {
  const blocker = runtimeChangeBlocker(s);
  if (blocker) return conflict(blocker);
  const repos = Array.isArray(s.spec?.repos) ? s.spec.repos : [];
  if (repos.some((r) => sameRepoUrl(rawRepoUrl(r), repo.url))) return unchanged("The repository is already in the session");
  return { patch: { spec: { repos: [...repos, { url: repo.url, branch: repo.branch }] } } };
}

export function decideRemoveRepo(s: AgenticSession, url: string): Decision {
  const blocker = runtimeChangeBlocker(s);
  if (blocker) return conflict(blocker);
  const repos = Array.isArray(s.spec?.repos) ? s.spec.repos : [];
  const kept = repos.filter((r) => !sameRepoUrl(rawRepoUrl(r), url));
  if (kept.length === repos.length) return unchanged("The repository is not in the session");
  return { patch: { spec: { repos: kept } } };
}

/** Select a workflow (or clear it with null). */
export function decideSetWorkflow(s: AgenticSession, workflow: { gitUrl: string; branch: string; path: string } | null): Decision {
  const blocker = runtimeChangeBlocker(s);
  if (blocker) return conflict(blocker);
  const current = s.spec?.activeWorkflow;
  if (!workflow) return current ? { patch: { spec: { activeWorkflow: null } } } : unchanged("No workflow is selected");
  if (current && sameRepoUrl(current.gitUrl, workflow.gitUrl) && (current.branch || "main") === workflow.branch && (current.path ?? "") === workflow.path) {
    return unchanged("This workflow is already selected");
  }
  return { patch: { spec: { activeWorkflow: workflow } } };
}

/** How often a workspace read refreshes `temp-content-last-accessed` (each write is a watch event). */
export const TEMP_ACCESS_REFRESH_MS = 60_000;

/**
 * Reading the workspace of an ended session (CONTRACT.md §6): ask for temporary access if not asked
 * yet, and keep it alive by refreshing the last-accessed time, at most once a minute.
 */
export function decideTempAccess(s: AgenticSession, now: Date): Decision {
  if (!isTerminal(phaseOf(s))) return conflict(`The session is ${phaseOf(s)}; its workspace is served by the runner only while it runs`);
  const a = s.metadata.annotations ?? {};
  const requested = a[ANNOTATIONS.tempContentRequested] === "true";
  const last = Date.parse(a[ANNOTATIONS.tempContentLastAccessed] ?? "");
  if (requested && Number.isFinite(last) && now.getTime() - last < TEMP_ACCESS_REFRESH_MS) return unchanged("Temporary access is active");
  return {
    patch: { metadata: { annotations: { [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: now.toISOString() } } },
  };
}
