"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { toast } from "sonner";
import { ApiRequestError, fetchJson } from "@/lib/query/fetch-json";
import { sessionKeys } from "@/lib/query/session-keys";
import type { OwnedObject, SessionEvent } from "@/lib/session/timeline";
import type { TranscriptView } from "@/lib/session/transcript";
import type { AgenticSession } from "@/types/agentic-session";

export const sessionUrl = (project: string, name: string, sub = "") =>
  `/api/projects/${encodeURIComponent(project)}/sessions/${encodeURIComponent(name)}${sub ? `/${sub}` : ""}`;

// Keys below the detail key, so a stream reset (which invalidates the project) refreshes them too.
export const detailKeys = {
  events: (project: string, name: string) => [...sessionKeys.detail(project, name), "events"] as const,
  children: (project: string, name: string) => [...sessionKeys.detail(project, name), "children"] as const,
  transcript: (project: string, name: string) => [...sessionKeys.detail(project, name), "transcript"] as const,
};

/** The session, kept live by useSessionWatch writing into the same key; null once deleted. */
export function useSessionDetail(project: string, name: string, initial: AgenticSession) {
  return useQuery({
    queryKey: sessionKeys.detail(project, name),
    queryFn: () => fetchJson<AgenticSession>(sessionUrl(project, name)).catch((e) => (e instanceof ApiRequestError && e.code === 404 ? null : Promise.reject(e))),
    initialData: initial as AgenticSession | null,
    staleTime: Infinity,
  });
}

/** Events and owned objects; re-read whenever the session changes (a transition writes an Event). */
export function useSessionEvents(project: string, name: string, resourceVersion: string | undefined) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: detailKeys.events(project, name),
    queryFn: () => fetchJson<{ events: SessionEvent[]; owned: OwnedObject[] }>(sessionUrl(project, name, "events")),
    refetchInterval: 15_000,
  });
  useEffect(() => {
    // Events are written just after the status they describe: read shortly after, and once more.
    const refresh = () => void queryClient.invalidateQueries({ queryKey: detailKeys.events(project, name) });
    const timers = [setTimeout(refresh, 400), setTimeout(refresh, 2_500)];
    return () => timers.forEach(clearTimeout);
  }, [resourceVersion, project, name, queryClient]);
  return query;
}

export interface ChildSummary {
  name: string;
  displayName?: string;
  phase?: string;
  created?: string;
}

export function useSessionChildren(project: string, name: string) {
  return useQuery({
    queryKey: detailKeys.children(project, name),
    queryFn: () => fetchJson<{ items: ChildSummary[] }>(sessionUrl(project, name, "children")),
    // Children appear by actions on this page or elsewhere: always re-read on mount, then poll.
    staleTime: 0,
    refetchInterval: 15_000,
  });
}

export function useTranscript(project: string, name: string, poll: number | false) {
  return useQuery({
    queryKey: detailKeys.transcript(project, name),
    queryFn: () => fetchJson<TranscriptView>(sessionUrl(project, name, "transcript")),
    refetchInterval: poll,
  });
}

export interface ActionAnswer {
  changed?: boolean;
  message?: string;
  session?: AgenticSession;
}

/**
 * One mutation per action: pending state for the button, a toast with the server's message, and the
 * returned session written into the cache at once (the watch stream confirms it).
 */
export function useSessionAction(project: string, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, method = "POST", json }: { label: string; path: string; method?: "POST" | "PUT" | "DELETE"; json?: unknown }) =>
      fetchJson<ActionAnswer>(sessionUrl(project, name, path), { method, ...(json !== undefined ? { json } : {}) }),
    onSuccess: (answer, vars) => {
      const s = answer.session;
      if (s && s.metadata.name === name) {
        queryClient.setQueryData<AgenticSession | null>(sessionKeys.detail(project, name), (cur) =>
          cur && BigInt(cur.metadata.resourceVersion ?? "0") > BigInt(s.metadata.resourceVersion ?? "0") ? cur : s,
        );
      }
      if (s && s.metadata.name !== name) void queryClient.invalidateQueries({ queryKey: detailKeys.children(project, name) });
      if (answer.changed === false) toast.info(`${vars.label}: ${answer.message ?? "nothing to change"}`);
      else toast.success(answer.message ?? `${vars.label} done`);
    },
    onError: (e, vars) => {
      const err = e instanceof ApiRequestError ? e.error : { code: 0, message: String(e) };
      toast.error(`${vars.label} failed`, { description: err.code === 409 ? `${err.message} (the session changed; the page shows its current state)` : err.message });
    },
  });
}
