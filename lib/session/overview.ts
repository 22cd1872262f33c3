import type { AgenticSession, SessionPhase } from "../../types/agentic-session";
import { SESSION_PHASES } from "../../types/agentic-session";

/** What the overview needs of one session: small, so thousands travel to the browser cheaply. */
export interface SessionFact {
  project: string;
  name: string;
  uid: string;
  resourceVersion: string;
  displayName: string;
  phase?: SessionPhase;
  interactive: boolean;
  createdAt?: string;
  startTime?: string;
  completionTime?: string;
  timeoutSeconds: number;
  stale: boolean;
  /** Latest operator activity (condition transition, start) — how long a stale session has gone untouched. */
  lastActivity?: string;
  readyReason?: string;
  readyMessage?: string;
  user: string;
}

export function toFact(project: string, s: AgenticSession): SessionFact {
  const conditions = s.status?.conditions ?? [];
  const ready = conditions.find((c) => c.type === "Ready");
  const times = [s.metadata.creationTimestamp, s.status?.startTime, ...conditions.map((c) => c.lastTransitionTime)].filter((t): t is string => Boolean(t));
  const generation = s.metadata.generation ?? 0;
  const observed = s.status?.observedGeneration;
  return {
    project,
    name: s.metadata.name ?? "",
    uid: s.metadata.uid ?? `${project}/${s.metadata.name}`,
    resourceVersion: s.metadata.resourceVersion ?? "0",
    displayName: s.spec?.displayName || s.metadata.name || "",
    ...(s.status?.phase ? { phase: s.status.phase } : {}),
    interactive: s.spec?.interactive ?? true,
    ...(s.metadata.creationTimestamp ? { createdAt: s.metadata.creationTimestamp } : {}),
    ...(s.status?.startTime ? { startTime: s.status.startTime } : {}),
    ...(s.status?.completionTime ? { completionTime: s.status.completionTime } : {}),
    timeoutSeconds: s.spec?.timeout ?? 300,
    stale: observed !== undefined && generation > observed,
    ...(times.length ? { lastActivity: times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b)) } : {}),
    ...(ready?.reason ? { readyReason: ready.reason } : {}),
    ...(ready?.message ? { readyMessage: ready.message } : {}),
    user: s.spec?.userContext?.displayName || s.spec?.userContext?.userId || "unknown",
  };
}

export interface OverviewThresholds {
  /** A stale session with no operator activity for this long needs attention. */
  staleSeconds: number;
  /** Pending or Creating for this long needs attention. */
  startingSeconds: number;
}

export const DEFAULT_THRESHOLDS: OverviewThresholds = { staleSeconds: 120, startingSeconds: 300 };

export type AttentionKind = "failed" | "stale" | "stuck-starting" | "past-timeout";

export interface AttentionItem {
  kind: AttentionKind;
  fact: SessionFact;
  /** Why, in words the lead can act on. */
  detail: string;
  /** Seconds the condition has lasted (for sorting, longest first). */
  forSeconds: number;
}

export const RUNNING_BUCKETS = [
  { label: "< 5 min", max: 300 },
  { label: "5–30 min", max: 1800 },
  { label: "30 min–2 h", max: 7200 },
  { label: "2–8 h", max: 28800 },
  { label: "> 8 h", max: Infinity },
] as const;

export interface Overview {
  total: number;
  byPhase: Record<SessionPhase | "Unknown", number>;
  byProject: Array<{ project: string; total: number; byPhase: Partial<Record<SessionPhase | "Unknown", number>> }>;
  attention: AttentionItem[];
  runningFor: Array<{ label: string; count: number }>;
  byUser: Array<{ user: string; total: number; running: number; failed: number }>;
  /** Failures per hour over the window, by Ready reason (completionTime of Failed sessions). */
  failures: { hours: string[]; reasons: string[]; counts: number[][] };
}

const seconds = (from: string | undefined, now: number) => (from ? Math.max(0, Math.floor((now - Date.parse(from)) / 1000)) : 0);

export function formatSpan(totalSeconds: number): string {
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const m = Math.floor(totalSeconds / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h ${m % 60}m` : `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Attention items of one session, if any (a session can need attention for several reasons). */
export function attentionFor(fact: SessionFact, now: number, t: OverviewThresholds): AttentionItem[] {
  const items: AttentionItem[] = [];
  if (fact.phase === "Failed") {
    const reason = fact.readyReason ?? "unknown reason";
    items.push({ kind: "failed", fact, detail: fact.readyMessage ? `${reason}: ${fact.readyMessage}` : reason, forSeconds: seconds(fact.completionTime ?? fact.lastActivity, now) });
  }
  if (fact.stale) {
    const idle = seconds(fact.lastActivity, now);
    if (idle >= t.staleSeconds) items.push({ kind: "stale", fact, detail: `spec not applied; no operator activity for ${formatSpan(idle)}`, forSeconds: idle });
  }
  if (fact.phase === "Pending" || fact.phase === "Creating") {
    const waiting = seconds(fact.startTime ?? fact.createdAt, now);
    if (waiting >= t.startingSeconds) items.push({ kind: "stuck-starting", fact, detail: `${fact.phase} for ${formatSpan(waiting)}`, forSeconds: waiting });
  }
  if (fact.phase === "Running" && !fact.interactive) {
    const running = seconds(fact.startTime, now);
    if (fact.startTime && running > fact.timeoutSeconds) {
      items.push({ kind: "past-timeout", fact, detail: `running ${formatSpan(running)}, timeout ${formatSpan(fact.timeoutSeconds)}`, forSeconds: running - fact.timeoutSeconds });
    }
  }
  return items;
}

function emptyPhaseCounts(): Record<SessionPhase | "Unknown", number> {
  return Object.fromEntries([...SESSION_PHASES, "Unknown"].map((p) => [p, 0])) as Record<SessionPhase | "Unknown", number>;
}

/** Everything the overview shows, from the facts alone (pure: the browser re-runs it on every change). */
export function summarize(facts: Iterable<SessionFact>, now: number, t: OverviewThresholds = DEFAULT_THRESHOLDS, windowHours = 24): Overview {
  const byPhase = emptyPhaseCounts();
  const projects = new Map<string, { total: number; byPhase: Partial<Record<SessionPhase | "Unknown", number>> }>();
  const users = new Map<string, { total: number; running: number; failed: number }>();
  const attention: AttentionItem[] = [];
  const runningFor = RUNNING_BUCKETS.map((b) => ({ label: b.label, count: 0 }));
  const hourMs = 3_600_000;
  const windowStart = Math.floor(now / hourMs) * hourMs - (windowHours - 1) * hourMs;
  const hours = Array.from({ length: windowHours }, (_, i) => new Date(windowStart + i * hourMs).toISOString());
  const failureCounts = new Map<string, number[]>();
  let total = 0;

  for (const fact of facts) {
    total++;
    const phase = fact.phase ?? "Unknown";
    byPhase[phase]++;
    const project = projects.get(fact.project) ?? { total: 0, byPhase: {} };
    project.total++;
    project.byPhase[phase] = (project.byPhase[phase] ?? 0) + 1;
    projects.set(fact.project, project);

    const user = users.get(fact.user) ?? { total: 0, running: 0, failed: 0 };
    user.total++;
    if (phase === "Running") user.running++;
    if (phase === "Failed") user.failed++;
    users.set(fact.user, user);

    attention.push(...attentionFor(fact, now, t));

    if (phase === "Running" && fact.startTime) {
      const s = seconds(fact.startTime, now);
      runningFor[RUNNING_BUCKETS.findIndex((b) => s < b.max)].count++;
    }
    if (phase === "Failed" && fact.completionTime) {
      const at = Date.parse(fact.completionTime);
      const index = Math.floor((at - windowStart) / hourMs);
      if (index >= 0 && index < windowHours) {
        const reason = fact.readyReason ?? "Unknown";
        const row = failureCounts.get(reason) ?? new Array<number>(windowHours).fill(0);
        row[index]++;
        failureCounts.set(reason, row);
      }
    }
  }

  const reasons = [...failureCounts.keys()].sort();
  return {
    total,
    byPhase,
    byProject: [...projects].map(([project, v]) => ({ project, ...v })).sort((a, b) => a.project.localeCompare(b.project)),
    attention: attention.sort((a, b) => b.forSeconds - a.forSeconds),
    runningFor,
    byUser: [...users].map(([user, v]) => ({ user, ...v })).sort((a, b) => b.total - a.total || a.user.localeCompare(b.user)),
    failures: { hours, reasons, counts: reasons.map((r) => failureCounts.get(r) as number[]) },
  };
}
