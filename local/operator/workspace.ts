// Session workspaces on disk: DATA_DIR/workspaces/<namespace>/<name>/ (CONTRACT.md §6).
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

export function workspacesRoot(dataDir: string): string {
  return path.join(dataDir, "workspaces");
}

export function workspaceDir(dataDir: string, namespace: string, name: string): string {
  // Kubernetes names are DNS-1123: no separators, no "..", safe as folder names.
  return path.join(workspacesRoot(dataDir), namespace, name);
}

// Per-run files of the parent that must not leak into a copy.
const NOT_COPIED = new Set(["runner.pid", "runner-config.json"]);

/**
 * Create the workspace folder; for continue-as-new, start it as a copy of the parent's (symlinks
 * copied as links, never followed). Returns true when it was copied.
 */
export function ensureWorkspace(dir: string, copyFrom?: string): boolean {
  const empty = !existsSync(dir) || readdirSync(dir).length === 0;
  if (copyFrom && empty && existsSync(copyFrom)) {
    cpSync(copyFrom, dir, {
      recursive: true,
      verbatimSymlinks: true,
      preserveTimestamps: true,
      filter: (src) => !(path.basename(path.dirname(src)) === ".session" && NOT_COPIED.has(path.basename(src))),
    });
    return true;
  }
  mkdirSync(dir, { recursive: true });
  return false;
}

export function removeWorkspace(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
