// Workspace layout (CONTRACT §6) and the continue-as-new copy of a parent's workspace.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { isSafeSegment } from "../../lib/workspace/paths";
import type { WorkflowSpec } from "./config";
import { cloneRepo } from "./git";

export const SESSION_DIR = ".session";

// Files the operator writes into `.session/` before the runner starts; they belong to this run.
const LAUNCH_FILES = new Set(["runner-config.json", "runner.pid", "tmp"]);

/**
 * A workspace that has never been used: nothing but the operator's launch files in `.session/`.
 * (The operator writes its config there before spawning us, so "empty folder" is too strict.)
 */
export function isFreshWorkspace(dir: string): boolean {
  if (!existsSync(dir)) return true;
  for (const name of readdirSync(dir)) {
    if (name !== SESSION_DIR) return false;
    for (const inner of readdirSync(path.join(dir, SESSION_DIR))) if (!LAUNCH_FILES.has(inner)) return false;
  }
  return true;
}

/**
 * Continue as new: the workspace starts as a copy of the parent's. Symlinks are copied as links
 * (not followed) so a link never drags outside files in; the parent's launch files stay behind.
 */
export function copyParentWorkspace(parentDir: string, workspaceDir: string): boolean {
  if (!isFreshWorkspace(workspaceDir) || !existsSync(parentDir) || !statSync(parentDir).isDirectory()) return false;
  mkdirSync(workspaceDir, { recursive: true });
  const parentSession = path.join(parentDir, SESSION_DIR);
  cpSync(parentDir, workspaceDir, {
    recursive: true,
    verbatimSymlinks: true,
    preserveTimestamps: true,
    filter: (src) => !(path.dirname(src) === parentSession && LAUNCH_FILES.has(path.basename(src))),
  });
  return true;
}

export function ensureLayout(workspaceDir: string): void {
  for (const dir of ["artifacts", "workflows", SESSION_DIR]) mkdirSync(path.join(workspaceDir, dir), { recursive: true });
}

export interface AmbientWorkflow {
  name?: string;
  description?: string;
  systemPrompt?: string;
  startupPrompt?: string;
}

/** Read `.ambient/ambient.json`; a missing file is an empty definition, a broken one an error. */
export function readAmbientJson(workflowDir: string): AmbientWorkflow {
  const file = path.join(workflowDir, ".ambient", "ambient.json");
  if (!existsSync(file)) return {};
  const raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const str = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string) : undefined);
  return { name: str("name"), description: str("description"), systemPrompt: str("systemPrompt"), startupPrompt: str("startupPrompt") };
}

export type WorkflowOutcome = { ok: true; dir: string; ambient: AmbientWorkflow } | { ok: false; message: string };

/**
 * Clone the workflow repo into a scratch folder, keep only `path` as `workflows/<name>/`, and
 * read its definition. Other workflow folders are removed: the layout holds the active one.
 */
export async function applyWorkflow(workspaceDir: string, wf: WorkflowSpec, name: string, signal?: AbortSignal): Promise<WorkflowOutcome> {
  const scratch = path.join(workspaceDir, SESSION_DIR, "tmp");
  const checkout = path.join(scratch, `workflow-${process.pid}-${Date.now()}`);
  const cloned = await cloneRepo(wf.gitUrl, wf.branch, checkout, { depth: 1, tmpDir: scratch, signal });
  if (!cloned.ok) return cloned;
  try {
    const segments = wf.path.split("/").filter((s) => s && s !== ".");
    if (segments.some((s) => s === ".." || !isSafeSegment(s))) return { ok: false, message: `workflow path ${JSON.stringify(wf.path)} is not a folder inside the repository` };
    const source = path.join(checkout, ...segments);
    if (!existsSync(source) || !statSync(source).isDirectory()) return { ok: false, message: `path ${JSON.stringify(wf.path)} not found in ${wf.gitUrl}@${wf.branch}` };
    let ambient: AmbientWorkflow;
    try {
      ambient = readAmbientJson(source);
    } catch (e) {
      return { ok: false, message: `.ambient/ambient.json is not valid JSON: ${(e as Error).message}` };
    }
    const workflowsDir = path.join(workspaceDir, "workflows");
    mkdirSync(workflowsDir, { recursive: true });
    for (const old of readdirSync(workflowsDir)) rmSync(path.join(workflowsDir, old), { recursive: true, force: true });
    const dest = path.join(workflowsDir, name);
    cpSync(source, dest, { recursive: true, verbatimSymlinks: true, filter: (src) => path.basename(src) !== ".git" });
    return { ok: true, dir: dest, ambient };
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
}

/** The SDK keeps conversations per working directory; after a copy, the parent's go along. */
export function claudeConfigDir(workspaceDir: string): string {
  return path.join(workspaceDir, SESSION_DIR, "claude");
}

/** Claude Code's folder name for a project directory (non-alphanumerics become '-'). */
export function projectKey(dir: string): string {
  return dir.replace(/[^A-Za-z0-9]/g, "-");
}

/**
 * After continue-as-new the copied conversation sits under the parent's project key; copy it to
 * this workspace's key so `resume` finds it. Best effort: absent files mean a fresh conversation.
 */
export function carryConversation(workspaceDir: string, sessionId: string): boolean {
  const projects = path.join(claudeConfigDir(workspaceDir), "projects");
  if (!existsSync(projects)) return false;
  const target = path.join(projects, projectKey(workspaceDir));
  if (existsSync(path.join(target, `${sessionId}.jsonl`))) return false;
  for (const key of readdirSync(projects)) {
    const file = path.join(projects, key, `${sessionId}.jsonl`);
    if (key !== projectKey(workspaceDir) && existsSync(file)) {
      mkdirSync(target, { recursive: true });
      cpSync(file, path.join(target, `${sessionId}.jsonl`));
      return true;
    }
  }
  return false;
}
