// Desired (spec) against observed (status): repos, workflow, generation and per-condition staleness
// (CONTRACT.md §1, §4, §5). Pure; the detail page renders what these return.
import type { AgenticSession, Condition, ReconciledRepo, ReconciledWorkflow, RepoStatus, WorkflowStatus } from "../../types/agentic-session";
import { sameRepoUrl } from "./actions";
import { normalizeSpec, repoNameFromUrl, type NormalizedRepo, type NormalizedWorkflow } from "./normalize";

export type RepoDrift =
  /** In spec and reconciled with the same branch. */
  | "in-sync"
  /** In spec, not (yet) in reconciledRepos: the runner will clone it. */
  | "pending-add"
  /** Reconciled but no longer in spec: the runner will remove it. */
  | "pending-remove"
  /** In both, but the reconciled branch is not the one asked for. */
  | "branch-differs";

export interface RepoRow {
  url: string;
  name: string;
  desired?: NormalizedRepo;
  observed?: ReconciledRepo;
  status?: RepoStatus;
  drift: RepoDrift;
}

/** One row per URL found in either list; spec order first, then removed ones. */
export function repoDrift(s: AgenticSession): RepoRow[] {
  const desired = normalizeSpec(s.spec).repos;
  const observed = s.status?.reconciledRepos ?? [];
  const rows: RepoRow[] = desired.map((d) => {
    const o = observed.find((r) => sameRepoUrl(r.url, d.url));
    if (!o) return { url: d.url, name: d.name, desired: d, drift: "pending-add" };
    const branchDiffers = (o.branch || "main") !== d.branch;
    return { url: d.url, name: o.name || d.name, desired: d, observed: o, status: o.status, drift: branchDiffers ? "branch-differs" : "in-sync" };
  });
  for (const o of observed) {
    if (desired.some((d) => sameRepoUrl(d.url, o.url))) continue;
    rows.push({ url: o.url, name: o.name || repoNameFromUrl(o.url), observed: o, status: o.status, drift: "pending-remove" });
  }
  return rows;
}

export type WorkflowDrift = "none" | "in-sync" | "pending-apply" | "pending-remove" | "differs";

export interface WorkflowRow {
  desired?: NormalizedWorkflow;
  observed?: ReconciledWorkflow;
  status?: WorkflowStatus;
  drift: WorkflowDrift;
}

export function workflowDrift(s: AgenticSession): WorkflowRow {
  const desired = normalizeSpec(s.spec).activeWorkflow;
  const observed = s.status?.reconciledWorkflow;
  if (!desired && !observed) return { drift: "none" };
  if (!desired) return { observed, status: observed?.status, drift: "pending-remove" };
  if (!observed) return { desired, drift: "pending-apply" };
  const same = sameRepoUrl(desired.gitUrl, observed.gitUrl) && desired.branch === (observed.branch || "main") && desired.path === (observed.path ?? "");
  return { desired, observed, status: observed.status, drift: same ? "in-sync" : "differs" };
}

export interface Staleness {
  stale: boolean;
  generation: number;
  /** Undefined until the operator first observed the session. */
  observedGeneration?: number;
}

/** Stale while `metadata.generation > status.observedGeneration` (both numbers for the banner). */
export function generationStaleness(s: AgenticSession): Staleness {
  const generation = s.metadata.generation ?? 0;
  const observedGeneration = s.status?.observedGeneration;
  return { stale: observedGeneration !== undefined && generation > observedGeneration, generation, ...(observedGeneration !== undefined ? { observedGeneration } : {}) };
}

/** A condition lags when it was last set for an older generation than the current one. */
export function conditionLags(c: Condition, generation: number): boolean {
  return c.observedGeneration !== undefined && c.observedGeneration < generation;
}
