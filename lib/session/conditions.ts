// Condition rules of CONTRACT.md §4: one entry per type, lastTransitionTime moves only when the
// status flips, every update stamps the generation it was computed for.
import type { Condition, ConditionStatus } from "../../types/agentic-session";

export const CONDITION_TYPES = [
  "Ready",
  "PVCReady",
  "SecretsReady",
  "JobCreated",
  "PodScheduled",
  "RunnerStarted",
  "ReposReconciled",
  "WorkflowReconciled",
  "Reconciled",
  "TempContentPodReady",
] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

export interface ConditionInput {
  type: ConditionType;
  status: ConditionStatus;
  reason: string;
  message?: string;
}

/** Reasons that mean something went wrong: their Events are `Warning`, the rest `Normal`. */
const WARNING_REASONS = new Set([
  "RunnerExit",
  "Timeout",
  "PrerequisiteFailed",
  "JobCreationFailed",
  "ProvisioningFailed",
  "RunnerSecretMissing",
  "SecretCheckFailed",
  "CreateFailed",
  "JobMissing",
  "CloneFailed",
  "RepoReconciliationFailed",
  "WorkflowReconciliationFailed",
  "CreationFailed",
  "RunnerLost",
]);

export function eventTypeFor(reason: string): "Normal" | "Warning" {
  return WARNING_REASONS.has(reason) ? "Warning" : "Normal";
}

export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * Set one condition in place of any entry of its type. The entry keeps its lastTransitionTime when
 * the status is unchanged; an identical input returns the list unchanged (same array).
 */
export function setCondition(conditions: readonly Condition[], input: ConditionInput, generation: number, now: string): Condition[] {
  const existing = conditions.find((c) => c.type === input.type);
  const message = input.message ?? "";
  if (
    existing &&
    existing.status === input.status &&
    existing.reason === input.reason &&
    (existing.message ?? "") === message &&
    existing.observedGeneration === generation
  ) {
    return conditions as Condition[];
  }
  const next: Condition = {
    type: input.type,
    status: input.status,
    reason: input.reason,
    message,
    lastTransitionTime: existing && existing.status === input.status && existing.lastTransitionTime ? existing.lastTransitionTime : now,
    observedGeneration: generation,
  };
  return existing ? conditions.map((c) => (c.type === input.type ? next : c)) : [...conditions, next];
}

export function removeCondition(conditions: readonly Condition[], type: ConditionType): Condition[] {
  return conditions.some((c) => c.type === type) ? conditions.filter((c) => c.type !== type) : (conditions as Condition[]);
}

export interface ConditionChange {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
  eventType: "Normal" | "Warning";
}

/** Conditions whose status or reason differ between two lists: each one is an Event on the session. */
export function conditionChanges(before: readonly Condition[] | undefined, after: readonly Condition[]): ConditionChange[] {
  const changes: ConditionChange[] = [];
  for (const c of after) {
    const prev = findCondition(before, c.type);
    if (prev && prev.status === c.status && prev.reason === c.reason) continue;
    const reason = c.reason ?? c.type;
    changes.push({ type: c.type, status: c.status, reason, message: c.message || `${c.type} is ${c.status}`, eventType: eventTypeFor(reason) });
  }
  return changes;
}
