"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isApiErrorBody } from "@/lib/http/api-error";
import { ApiRequestError, fetchJson } from "@/lib/query/fetch-json";
import { sessionKeys } from "@/lib/query/session-keys";
import type { TranscriptEntry } from "@/lib/session/transcript";
import type { RepoGitStatus, WorkspaceAccess, WorkspaceListing } from "@/lib/workspace/types";

export type ReadEndpoint = "list" | "file" | "git-status" | "diff" | "archive" | "transcript";

/** URL of a workspace route; `path` relative to the workspace. */
export function workspaceUrl(project: string, name: string, endpoint: ReadEndpoint | "", params: { path?: string; download?: boolean } = {}): string {
  const q = new URLSearchParams();
  if (params.path) q.set("path", params.path);
  if (params.download) q.set("download", "1");
  const qs = q.toString();
  return `/api/projects/${encodeURIComponent(project)}/sessions/${encodeURIComponent(name)}/workspace${endpoint ? `/${endpoint}` : ""}${qs ? `?${qs}` : ""}`;
}

/**
 * Keys below the session's detail key (a stream reset refreshes them too). `epoch` names one round
 * of access (live, or one temporary server), so nothing read from an earlier round is shown as fresh.
 */
export const workspaceKeys = {
  all: (project: string, name: string) => [...sessionKeys.detail(project, name), "workspace"] as const,
  epoch: (project: string, name: string, epoch: string) => [...workspaceKeys.all(project, name), epoch] as const,
  list: (project: string, name: string, epoch: string, path: string) => [...workspaceKeys.epoch(project, name, epoch), "list", path] as const,
  text: (project: string, name: string, epoch: string, path: string) => [...workspaceKeys.epoch(project, name, epoch), "text", path] as const,
  status: (project: string, name: string, epoch: string, repo: string) => [...workspaceKeys.epoch(project, name, epoch), "git-status", repo] as const,
  diff: (project: string, name: string, epoch: string, repo: string) => [...workspaceKeys.epoch(project, name, epoch), "diff", repo] as const,
  transcript: (project: string, name: string, epoch: string) => [...workspaceKeys.epoch(project, name, epoch), "transcript"] as const,
};

export interface WorkspaceRef {
  project: string;
  name: string;
  /** Which round of access the reads belong to; reads are off while it is undefined. */
  epoch: string | undefined;
}

export function useRequestAccess(project: string, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => fetchJson<WorkspaceAccess>(workspaceUrl(project, name, ""), { method: "POST" }),
    // The watch stream brings the annotation and the condition; re-read once in case it is down.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: sessionKeys.detail(project, name), exact: true }),
  });
}

export function useListing(ws: WorkspaceRef, path: string, enabled = true) {
  return useQuery({
    queryKey: workspaceKeys.list(ws.project, ws.name, ws.epoch ?? "", path),
    queryFn: ({ signal }) => fetchJson<WorkspaceListing>(workspaceUrl(ws.project, ws.name, "list", { path }), { signal }),
    enabled: enabled && ws.epoch !== undefined,
    staleTime: 10_000,
  });
}

export function useGitStatus(ws: WorkspaceRef, repo: string) {
  return useQuery({
    queryKey: workspaceKeys.status(ws.project, ws.name, ws.epoch ?? "", repo),
    queryFn: ({ signal }) => fetchJson<RepoGitStatus>(workspaceUrl(ws.project, ws.name, "git-status", { path: repo }), { signal }),
    enabled: ws.epoch !== undefined,
    staleTime: 10_000,
  });
}

/** A non-2xx answer as the console's error (its JSON body), for the non-JSON reads. */
async function ensureOk(res: Response): Promise<Response> {
  if (res.ok) return res;
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  throw new ApiRequestError(isApiErrorBody(body) ? body.error : { code: res.status, reason: res.statusText || "Error", message: text.slice(0, 300) || `HTTP ${res.status}` });
}

async function fetchText(url: string, signal?: AbortSignal): Promise<string> {
  return (await ensureOk(await fetch(url, { signal }))).text();
}

export function useDiff(ws: WorkspaceRef, repo: string, enabled: boolean) {
  return useQuery({
    queryKey: workspaceKeys.diff(ws.project, ws.name, ws.epoch ?? "", repo),
    queryFn: ({ signal }) => fetchText(workspaceUrl(ws.project, ws.name, "diff", { path: repo }), signal),
    enabled: enabled && ws.epoch !== undefined,
    staleTime: 10_000,
  });
}

export function useWorkspaceTranscript(ws: WorkspaceRef, live: boolean) {
  return useQuery({
    queryKey: workspaceKeys.transcript(ws.project, ws.name, ws.epoch ?? ""),
    queryFn: ({ signal }) => fetchJson<{ entries: TranscriptEntry[] }>(workspaceUrl(ws.project, ws.name, "transcript"), { signal }),
    enabled: ws.epoch !== undefined,
    refetchInterval: live ? 5_000 : false,
  });
}

export type FilePreview = { kind: "text"; text: string } | { kind: "binary" };

/** A file's bytes for the viewer (the caller only asks for files under the preview limit). */
export function useFilePreview(ws: WorkspaceRef, path: string | undefined, enabled: boolean, isBinary: (bytes: Uint8Array) => boolean) {
  return useQuery({
    queryKey: workspaceKeys.text(ws.project, ws.name, ws.epoch ?? "", path ?? ""),
    queryFn: async ({ signal }): Promise<FilePreview> => {
      const res = await ensureOk(await fetch(workspaceUrl(ws.project, ws.name, "file", { path }), { signal }));
      const bytes = new Uint8Array(await res.arrayBuffer());
      return isBinary(bytes) ? { kind: "binary" } : { kind: "text", text: new TextDecoder().decode(bytes) };
    },
    enabled: enabled && Boolean(path) && ws.epoch !== undefined,
    staleTime: 10_000,
  });
}
