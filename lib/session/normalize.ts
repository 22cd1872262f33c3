import type { AgenticSessionSpec, LegacyRepoSpec, RepoSpec, UserContext } from "../../types/agentic-session";
import { SESSION_DEFAULTS } from "./defaults";

export interface NormalizedRepo {
  url: string;
  branch: string;
  /** Folder name in the workspace: last URL path segment without `.git`. */
  name: string;
  /** Legacy `output` of `{input, output}` repos: where changes are pushed. */
  pushTarget?: { url?: string; branch?: string };
}

export interface NormalizedWorkflow {
  gitUrl: string;
  branch: string;
  path: string;
}

export interface NormalizedSpec {
  initialPrompt: string;
  displayName?: string;
  interactive: boolean;
  repos: NormalizedRepo[];
  activeWorkflow?: NormalizedWorkflow;
  llmSettings: { model: string; temperature: number; maxTokens: number };
  timeout: number;
  autoPushOnComplete: boolean;
  userContext?: UserContext;
  /** True when the stored spec used a legacy form (shown in the UI, never rewritten silently). */
  legacy: boolean;
}

/** `https://host/org/repo.git` → `repo`; `git@host:org/repo` → `repo`; `file:///tmp/x/` → `x`. */
export function repoNameFromUrl(url: string): string {
  const trimmed = url.trim().replace(/[/]+$/, "");
  const lastSep = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf(":"));
  const segment = trimmed.slice(lastSep + 1).replace(/\.git$/i, "");
  return segment || "repo";
}

function isLegacyRepo(repo: RepoSpec | LegacyRepoSpec): repo is LegacyRepoSpec {
  return typeof (repo as LegacyRepoSpec).input === "object" && (repo as LegacyRepoSpec).input !== null;
}

export function normalizeRepo(repo: RepoSpec | LegacyRepoSpec): NormalizedRepo {
  if (isLegacyRepo(repo)) {
    const url = repo.input.url ?? "";
    return {
      url,
      branch: repo.input.branch || SESSION_DEFAULTS.branch,
      name: repoNameFromUrl(url),
      ...(repo.output && (repo.output.url || repo.output.branch) ? { pushTarget: { ...repo.output } } : {}),
    };
  }
  return { url: repo.url, branch: repo.branch || SESSION_DEFAULTS.branch, name: repoNameFromUrl(repo.url) };
}

/** Read any stored spec, legacy forms included, as the current shape with defaults filled in. */
export function normalizeSpec(spec: AgenticSessionSpec | undefined): NormalizedSpec {
  const s = spec ?? {};
  const rawRepos = Array.isArray(s.repos) ? s.repos : [];
  const legacy = (s.initialPrompt === undefined && typeof s.prompt === "string") || rawRepos.some((r) => isLegacyRepo(r));
  return {
    initialPrompt: s.initialPrompt ?? s.prompt ?? "",
    ...(s.displayName ? { displayName: s.displayName } : {}),
    interactive: s.interactive ?? SESSION_DEFAULTS.interactive,
    repos: rawRepos.map(normalizeRepo),
    ...(s.activeWorkflow?.gitUrl
      ? {
          activeWorkflow: {
            gitUrl: s.activeWorkflow.gitUrl,
            branch: s.activeWorkflow.branch || SESSION_DEFAULTS.branch,
            path: s.activeWorkflow.path ?? "",
          },
        }
      : {}),
    llmSettings: {
      model: s.llmSettings?.model || SESSION_DEFAULTS.model,
      temperature: s.llmSettings?.temperature ?? SESSION_DEFAULTS.temperature,
      maxTokens: s.llmSettings?.maxTokens ?? SESSION_DEFAULTS.maxTokens,
    },
    timeout: s.timeout ?? SESSION_DEFAULTS.timeout,
    autoPushOnComplete: s.autoPushOnComplete ?? SESSION_DEFAULTS.autoPushOnComplete,
    ...(s.userContext ? { userContext: s.userContext } : {}),
    legacy,
  };
}
