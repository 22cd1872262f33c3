"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { BulkItemResult } from "../session/list-view";
import { fetchJson } from "./fetch-json";
import { sessionKeys } from "./session-keys";

export type BulkAction = "stop" | "delete";

export interface BulkResponse {
  action: BulkAction;
  results: BulkItemResult[];
  succeeded: number;
  failed: number;
}

/**
 * Bulk stop / delete through POST /api/projects/:project/bulk. The watch stream brings the outcome
 * into the lists; only when it is down are the project's lists re-read.
 */
export function useBulkAction(project: string, streamLive: boolean) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, names }: { action: BulkAction; names: string[] }) =>
      fetchJson<BulkResponse>(`/api/projects/${encodeURIComponent(project)}/bulk`, { method: "POST", json: { action, names } }),
    onSettled: () => {
      if (!streamLive) void queryClient.invalidateQueries({ queryKey: sessionKeys.lists(project) });
    },
  });
}
