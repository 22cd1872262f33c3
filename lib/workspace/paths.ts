// Workspace path rules shared by the runner's content server and the console: a client-supplied
// path is relative to the workspace and must never reach outside it, by syntax or through symlinks.
import { lstatSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";

export const MAX_PATH_LENGTH = 4096;

export type PathCheck = { ok: true; segments: string[] } | { ok: false; reason: string };

export type ResolvedPath =
  | { ok: true; abs: string; rel: string; exists: boolean }
  | { ok: false; reason: string };

/**
 * Pure syntax check of a workspace-relative path (no file system): what the console can check
 * before proxying. "" and "." mean the workspace root.
 */
export function checkRelativePath(rel: string): PathCheck {
  if (typeof rel !== "string") return { ok: false, reason: "path must be a string" };
  if (rel.length > MAX_PATH_LENGTH) return { ok: false, reason: `path is longer than ${MAX_PATH_LENGTH} characters` };
  if (rel.includes("\0")) return { ok: false, reason: "path must not contain NUL bytes" };
  if (rel.includes("\\")) return { ok: false, reason: "path must not contain backslashes" };
  if (rel.startsWith("/")) return { ok: false, reason: "path must be relative to the workspace" };
  const segments: string[] = [];
  for (const seg of rel.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") return { ok: false, reason: "path must not contain '..' segments" };
    segments.push(seg);
  }
  return { ok: true, segments };
}

/** A single folder name (repo or workflow) the runner may create directly under the workspace. */
export function isSafeSegment(name: string): boolean {
  return (
    typeof name === "string" &&
    name.length > 0 &&
    name.length <= 255 &&
    name !== "." &&
    name !== ".." &&
    !/[/\\\0]/.test(name)
  );
}

function inside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function errCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Resolve `rel` under `root`, following symlinks. Refused when the syntax is bad or the real
 * location (symlinks resolved, including a dangling one's target) leaves the root. A path that
 * does not exist is `ok` with `exists: false` so callers can answer 404 rather than 400.
 */
export function resolveWorkspacePath(root: string, rel: string): ResolvedPath {
  const check = checkRelativePath(rel);
  if (!check.ok) return check;
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { ok: false, reason: "workspace does not exist" };
  }
  const relNorm = check.segments.join("/");
  const abs = path.join(realRoot, ...check.segments);
  try {
    const real = realpathSync(abs);
    if (!inside(realRoot, real)) return { ok: false, reason: "path leads outside the workspace" };
    return { ok: true, abs: real, rel: relNorm, exists: true };
  } catch (e) {
    const code = errCode(e);
    if (code !== "ENOENT" && code !== "ENOTDIR" && code !== "ELOOP") return { ok: false, reason: `path cannot be resolved (${code ?? "error"})` };
    if (code === "ELOOP") return { ok: false, reason: "path has a symlink loop" };
  }
  // Missing: walk down from the root; every existing prefix (and any dangling link's target)
  // must stay inside, so a not-yet-existing path can never be a way out.
  let current = realRoot;
  for (const seg of check.segments) {
    const next = path.join(current, seg);
    let st;
    try {
      st = lstatSync(next);
    } catch {
      return { ok: true, abs, rel: relNorm, exists: false };
    }
    if (st.isSymbolicLink()) {
      try {
        current = realpathSync(next);
      } catch {
        const target = path.resolve(current, readlinkSync(next));
        if (!inside(realRoot, target)) return { ok: false, reason: "path leads outside the workspace" };
        return { ok: true, abs, rel: relNorm, exists: false };
      }
      if (!inside(realRoot, current)) return { ok: false, reason: "path leads outside the workspace" };
    } else {
      current = next;
    }
  }
  return { ok: true, abs, rel: relNorm, exists: false };
}
