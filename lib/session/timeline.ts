// The condition timeline: current conditions with their history from the session's Events
// (CONTRACT.md §4: every transition is also an Event with the condition's reason and message).
import type { Condition } from "../../types/agentic-session";

/** What the console keeps of a core/v1 Event on the session. */
export interface SessionEvent {
  uid?: string;
  type: string;
  reason: string;
  message: string;
  /** The condition type when the operator sets Event.action to it. */
  action?: string;
  count: number;
  /** lastTimestamp, else eventTime, else firstTimestamp, else creationTimestamp. */
  time?: string;
  firstTime?: string;
  source?: string;
}

/** An object the session owns (runner pod, content service, workspace claim). */
export interface OwnedObject {
  kind: string;
  name: string;
  created?: string;
}

/**
 * Reasons per condition type (CONTRACT.md §4, plus the transitional ones the local operator
 * reports: Pending, Reconciling, NotApplied), to attach Events to conditions.
 */
export const CONDITION_REASONS: Record<string, readonly string[]> = {
  Ready: ["Pending", "Running", "Restarting", "Stopping", "UserStopped", "Completed", "RunnerExit", "Timeout", "PrerequisiteFailed", "JobCreationFailed"],
  PVCReady: ["Bound", "Reused", "ProvisioningFailed"],
  SecretsReady: ["AllRequiredSecretsFound", "RunnerSecretMissing", "SecretCheckFailed"],
  JobCreated: ["JobCreated", "JobExists", "CreateFailed", "JobMissing", "UserStopped"],
  PodScheduled: ["Scheduled", "Local"],
  RunnerStarted: ["ContainerRunning", "UserStopped"],
  ReposReconciled: ["Reconciled", "NoRepos", "Cloning", "NotApplied", "CloneFailed", "RepoReconciliationFailed"],
  WorkflowReconciled: ["Reconciled", "NotConfigured", "Cloning", "NotApplied", "WorkflowReconciliationFailed"],
  Reconciled: ["SpecApplied", "Reconciling"],
  TempContentPodReady: ["Ready", "Provisioning", "NotReady", "NotRequested", "Expired", "CreationFailed"],
};

/** The order rows appear in: the lifecycle first, then anything the operator adds. */
export const CONDITION_ORDER = ["Ready", "PVCReady", "SecretsReady", "JobCreated", "PodScheduled", "RunnerStarted", "ReposReconciled", "WorkflowReconciled", "Reconciled", "TempContentPodReady"];

function byTimeDesc(a: SessionEvent, b: SessionEvent): number {
  return (b.time ?? "").localeCompare(a.time ?? "");
}

/**
 * The condition types an event belongs to. `action` names the type exactly when the operator sets
 * it; else a known `Type:` prefix of the message. Else by reason, and where a reason serves several
 * types (UserStopped, Reconciled, Cloning): the type whose current condition says the same, or the
 * one the message names (workflow / repository); failing that, every candidate.
 */
export function eventTypes(e: SessionEvent, conditions: readonly Condition[] = []): string[] {
  if (e.action && e.action in CONDITION_REASONS) return [e.action];
  const prefix = /^([A-Za-z]+):/.exec(e.message)?.[1];
  if (prefix && prefix in CONDITION_REASONS) return [prefix];
  const candidates = Object.keys(CONDITION_REASONS).filter((t) => CONDITION_REASONS[t].includes(e.reason));
  if (candidates.length <= 1) return candidates;
  const same = candidates.filter((t) => conditions.some((c) => c.type === t && c.reason === e.reason && c.message === e.message));
  if (same.length) return same;
  if (/workflow/i.test(e.message) && candidates.includes("WorkflowReconciled")) return ["WorkflowReconciled"];
  if (/repo|clon/i.test(e.message) && candidates.includes("ReposReconciled")) return ["ReposReconciled"];
  return candidates;
}

/** Does this event belong to this condition? */
export function eventMatches(e: SessionEvent, type: string, conditions: readonly Condition[] = []): boolean {
  return eventTypes(e, conditions).includes(type);
}

export interface TimelineRow {
  condition: Condition;
  history: SessionEvent[];
}

/**
 * One row per condition in lifecycle order, each with its events newest first; events that match
 * no condition are returned apart (still shown as the session's other events).
 */
export function buildTimeline(conditions: readonly Condition[], events: readonly SessionEvent[]): { rows: TimelineRow[]; other: SessionEvent[] } {
  const rank = (t: string) => {
    const i = CONDITION_ORDER.indexOf(t);
    return i < 0 ? CONDITION_ORDER.length : i;
  };
  const sorted = [...conditions].sort((a, b) => rank(a.type) - rank(b.type) || a.type.localeCompare(b.type));
  const newest = [...events].sort(byTimeDesc);
  const used = new Set<SessionEvent>();
  const rows = sorted.map((condition) => {
    const history = newest.filter((e) => eventMatches(e, condition.type, conditions));
    history.forEach((e) => used.add(e));
    return { condition, history };
  });
  return { rows, other: newest.filter((e) => !used.has(e)) };
}
