"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import type { ListPage } from "./apply-watch-event";
import { fetchJson } from "./fetch-json";
import { sessionKeys, type SessionListFilters } from "./session-keys";
import { SESSION_PAGE_SIZE } from "./session-list-constants";

export { SESSION_PAGE_SIZE };

export function sessionListUrl(project: string, filters: SessionListFilters, cont?: string): string {
  const qs = new URLSearchParams({ limit: String(SESSION_PAGE_SIZE) });
  if (filters.phase?.length) qs.set("phase", filters.phase.join(","));
  if (filters.q) qs.set("q", filters.q);
  if (cont) qs.set("continue", cont);
  return `/api/projects/${encodeURIComponent(project)}/sessions?${qs}`;
}

/** Paged session list; `initialPage` is what the server rendered, `polling` is on only while the stream is down. */
export function useSessionList(project: string, filters: SessionListFilters, initialPage: ListPage | undefined, polling: boolean) {
  return useInfiniteQuery({
    queryKey: sessionKeys.list(project, filters),
    queryFn: ({ pageParam }) => fetchJson<ListPage>(sessionListUrl(project, filters, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continue,
    ...(initialPage ? { initialData: { pages: [initialPage], pageParams: [undefined] } } : {}),
    refetchInterval: polling ? 10_000 : false,
  });
}
