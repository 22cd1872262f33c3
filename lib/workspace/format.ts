// Small display rules for the workspace tab.
import { normalizeSpec, repoNameFromUrl } from "../session/normalize";
import type { AgenticSession } from "../../types/agentic-session";

/** 0 B, 999 B, 1.2 KB, 50.0 MB (powers of 1024, like `ls -h`). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return "—";
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/** Repo folders of the workspace: what the operator reports cloned, then what the spec asks for. */
export function workspaceRepos(s: AgenticSession): string[] {
  const names = new Set<string>();
  for (const r of s.status?.reconciledRepos ?? []) if (r.name || r.url) names.add(r.name || repoNameFromUrl(r.url));
  for (const r of normalizeSpec(s.spec ?? {}).repos) names.add(repoNameFromUrl(r.url));
  names.delete("");
  return [...names];
}

/** The parent folder and the last segment of a workspace path. */
export function splitPath(p: string): { dir: string; base: string } {
  const i = p.lastIndexOf("/");
  return i < 0 ? { dir: "", base: p } : { dir: p.slice(0, i), base: p.slice(i + 1) };
}

export function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}
