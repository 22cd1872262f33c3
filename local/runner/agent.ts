// What main.ts needs from an agent, whichever drives it (the Agent SDK or the offline runner).
import type { RunnerConfig } from "./config";
import type { Emit } from "./events";
import type { Transcript } from "./transcript";

export interface RepoState {
  name: string;
  url: string;
  branch: string;
  status: "Cloning" | "Ready" | "Failed";
  message?: string;
}

export interface WorkflowState {
  name: string;
  gitUrl: string;
  branch: string;
  path: string;
  status: "Cloning" | "Active" | "Failed";
  message?: string;
  systemPrompt?: string;
  startupPrompt?: string;
}

export interface AgentContext {
  cfg: RunnerConfig;
  workspaceDir: string;
  transcript: Transcript;
  emit: Emit;
  repos: () => RepoState[];
  workflow: () => WorkflowState | undefined;
}

export interface Agent {
  /** Answer the first turn (none when `prompt` is empty); resolves when it has been answered. */
  start(prompt: string): Promise<void>;
  /** A follow-up message; resolves when it has been answered. */
  send(text: string): Promise<void>;
  /** End the conversation and release any child process, quickly. */
  close(): Promise<void>;
}

/** The first user turn: the workflow's startup prompt (if any) ahead of the session's prompt. */
export function firstTurn(prompt: string, startupPrompt: string | undefined): string {
  return [startupPrompt?.trim(), prompt.trim() ? prompt : undefined].filter(Boolean).join("\n\n");
}
