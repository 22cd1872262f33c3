// The runner's input: one JSON file written by the operator, validated here once.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { isSafeSegment } from "../../lib/workspace/paths";

const segment = z.string().refine(isSafeSegment, "must be a single folder name");
// Names the runner itself owns in the workspace; a repo folder may not take them.
const RESERVED = new Set(["artifacts", "workflows", ".session"]);

export const repoSchema = z.object({
  url: z.string().min(1),
  branch: z.string().min(1).default("main"),
  name: segment.refine((n) => !RESERVED.has(n), "is a reserved workspace folder"),
});

export const workflowSchema = z.object({
  gitUrl: z.string().min(1),
  branch: z.string().min(1).default("main"),
  path: z.string().default(""),
});

export const runnerConfigSchema = z.object({
  namespace: z.string().min(1),
  sessionName: z.string().min(1),
  workspaceDir: z.string().min(1).refine((p) => path.isAbsolute(p), "must be an absolute path"),
  prompt: z.string().default(""),
  interactive: z.boolean(),
  repos: z.array(repoSchema).default([]),
  workflow: workflowSchema.nullish(),
  llmSettings: z
    .object({
      model: z.string().min(1).default("claude-3-7-sonnet-latest"),
      temperature: z.number().default(0.7),
      maxTokens: z.number().int().positive().default(4000),
    })
    .default({ model: "claude-3-7-sonnet-latest", temperature: 0.7, maxTokens: 4000 }),
  resumeSdkSessionId: z.string().min(1).nullish(),
  parentWorkspaceDir: z.string().min(1).nullish(),
});

export type RunnerConfig = z.infer<typeof runnerConfigSchema>;
export type RepoSpec = z.infer<typeof repoSchema>;
export type WorkflowSpec = z.infer<typeof workflowSchema>;

export function loadRunnerConfig(file: string): RunnerConfig {
  const raw: unknown = JSON.parse(readFileSync(file, "utf8"));
  return runnerConfigSchema.parse(raw);
}

/** The environment the runner reads, in one place. */
export interface RunnerEnv {
  /** Model credentials present: drive the Agent SDK; otherwise the offline runner. */
  hasModelCredentials: boolean;
  /** Optional override for the Claude Code executable the SDK starts. */
  claudeExecutable?: string;
}

export function readRunnerEnv(env: Record<string, string | undefined> = process.env): RunnerEnv {
  const truthy = (v: string | undefined) => !!v && v !== "0" && v.toLowerCase() !== "false";
  return {
    hasModelCredentials: !!env.ANTHROPIC_API_KEY || truthy(env.CLAUDE_CODE_USE_BEDROCK) || truthy(env.CLAUDE_CODE_USE_VERTEX),
    claudeExecutable: env.RUNNER_CLAUDE_EXECUTABLE || undefined,
  };
}

/** Folder name of a workflow: the last segment of its path, else of its repo URL. */
export function workflowName(wf: WorkflowSpec): string {
  const fromPath = wf.path.split("/").filter(Boolean).pop();
  const fromUrl = wf.gitUrl.replace(/\/+$/, "").split(/[/:]/).pop()?.replace(/\.git$/, "");
  const name = fromPath || fromUrl || "workflow";
  return isSafeSegment(name) ? name : "workflow";
}
