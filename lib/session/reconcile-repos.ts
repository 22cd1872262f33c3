// Drift between spec and what the workspace holds (CONTRACT.md §5), computed by URL. Pure: the
// runner's reports come in as data, commands to the runner go out as data.
import type { ReconciledRepo, ReconciledWorkflow, RepoStatus, WorkflowStatus } from "../../types/agentic-session";
import type { ConditionInput } from "./conditions";
import type { NormalizedRepo, NormalizedWorkflow } from "./normalize";

/** What the runner said about one repo (its last `repo` event). */
export interface RepoReport {
  name: string;
  status: RepoStatus;
  message?: string;
  /** RFC 3339 time the report arrived. */
  at: string;
}

export interface WorkflowReport {
  /** workflowKey() of the workflow the report is about. */
  key: string;
  status: WorkflowStatus;
  message?: string;
  at: string;
}

/** What a live runner holds: what it was told and what it reported. */
export interface LiveRunnerRepos {
  /** URLs the runner was given (launch config + add-repo − remove-repo). */
  sentRepos: readonly string[];
  repoReports: Readonly<Record<string, RepoReport>>;
  sentWorkflowKey?: string;
  workflowReport?: WorkflowReport;
}

export type RepoCommand =
  | { type: "addRepo"; url: string; branch: string; name: string }
  | { type: "removeRepo"; url: string; name: string }
  | { type: "setWorkflow"; gitUrl: string; branch: string; path: string };

export function workflowKey(w: { gitUrl: string; branch?: string; path?: string }): string {
  return `${w.gitUrl}#${w.branch || "main"}:${w.path ?? ""}`;
}

/**
 * reconciledRepos for the spec. With a live runner, repos it has not been given are added and repos
 * it holds that the spec dropped are removed; without one, known entries are kept as they are and
 * new spec repos do not appear (nothing is cloning them).
 */
export function reconcileRepos(
  specRepos: readonly NormalizedRepo[],
  current: readonly ReconciledRepo[] | undefined,
  live: LiveRunnerRepos | undefined,
): { repos: ReconciledRepo[]; commands: RepoCommand[] } {
  const commands: RepoCommand[] = [];
  const byUrl = new Map((current ?? []).map((r) => [r.url, r]));
  if (!live) return { repos: specRepos.flatMap((r) => byUrl.get(r.url) ?? []), commands };
  const repos: ReconciledRepo[] = [];
  const specUrls = new Set<string>();
  for (const spec of specRepos) {
    if (specUrls.has(spec.url)) continue;
    specUrls.add(spec.url);
    if (!live.sentRepos.includes(spec.url)) commands.push({ type: "addRepo", url: spec.url, branch: spec.branch, name: spec.name });
    const report = live.sentRepos.includes(spec.url) ? live.repoReports[spec.url] : undefined;
    const entry: ReconciledRepo = { url: spec.url, branch: spec.branch, name: spec.name, status: report?.status ?? "Cloning" };
    if (report?.status === "Ready") entry.clonedAt = report.at;
    if (report?.message && report.status === "Failed") entry.message = report.message;
    repos.push(entry);
  }
  for (const url of live.sentRepos) {
    if (!specUrls.has(url)) commands.push({ type: "removeRepo", url, name: live.repoReports[url]?.name ?? byUrl.get(url)?.name ?? url });
  }
  return { repos, commands };
}

/** The ReposReconciled condition for a spec and its reconciled entries. */
export function reposCondition(specRepos: readonly NormalizedRepo[], repos: readonly ReconciledRepo[]): ConditionInput {
  if (specRepos.length === 0) return { type: "ReposReconciled", status: "True", reason: "NoRepos", message: "No repositories requested" };
  const failed = repos.filter((r) => r.status === "Failed");
  if (failed.length > 0) {
    return {
      type: "ReposReconciled",
      status: "False",
      reason: "CloneFailed",
      message: failed.map((r) => `${r.name}: ${r.message ?? "clone failed"}`).join("; "),
    };
  }
  const ready = new Set(repos.filter((r) => r.status === "Ready").map((r) => r.url));
  const waiting = specRepos.filter((r) => !ready.has(r.url));
  if (waiting.length > 0) {
    return { type: "ReposReconciled", status: "Unknown", reason: "Cloning", message: `Cloning ${waiting.map((r) => r.name).join(", ")}` };
  }
  return { type: "ReposReconciled", status: "True", reason: "Reconciled", message: `${specRepos.length} ${specRepos.length === 1 ? "repository" : "repositories"} ready` };
}

/** reconciledWorkflow for the spec, with the command a live runner needs to match it. */
export function reconcileWorkflow(
  spec: NormalizedWorkflow | undefined,
  current: ReconciledWorkflow | undefined,
  live: LiveRunnerRepos | undefined,
): { workflow?: ReconciledWorkflow; commands: RepoCommand[] } {
  if (!spec) return { commands: [] };
  const key = workflowKey(spec);
  if (!live) return current && workflowKey(current) === key ? { workflow: current, commands: [] } : { commands: [] };
  const commands: RepoCommand[] = live.sentWorkflowKey === key ? [] : [{ type: "setWorkflow", gitUrl: spec.gitUrl, branch: spec.branch, path: spec.path }];
  const report = live.sentWorkflowKey === key && live.workflowReport?.key === key ? live.workflowReport : undefined;
  const workflow: ReconciledWorkflow = { gitUrl: spec.gitUrl, branch: spec.branch, path: spec.path, status: report?.status ?? "Cloning" };
  if (report?.status === "Active") workflow.appliedAt = report.at;
  if (report?.status === "Failed" && report.message) workflow.message = report.message;
  return { workflow, commands };
}

export function workflowCondition(spec: NormalizedWorkflow | undefined, workflow: ReconciledWorkflow | undefined): ConditionInput {
  if (!spec) return { type: "WorkflowReconciled", status: "True", reason: "NotConfigured", message: "No workflow selected" };
  const label = spec.path || spec.gitUrl;
  if (!workflow || workflowKey(workflow) !== workflowKey(spec) || workflow.status === "Cloning") {
    return { type: "WorkflowReconciled", status: "Unknown", reason: "Cloning", message: `Cloning workflow ${label}` };
  }
  if (workflow.status === "Failed") {
    return { type: "WorkflowReconciled", status: "False", reason: "WorkflowReconciliationFailed", message: workflow.message ?? `Workflow ${label} failed` };
  }
  return { type: "WorkflowReconciled", status: "True", reason: "Reconciled", message: `Workflow ${label} active` };
}
