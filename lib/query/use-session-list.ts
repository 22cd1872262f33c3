"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import type { ListPage } from "./apply-watch-event";
import { fetchJson } from "./fetch-json";
import { sessionKeys, type SessionListFilters } from "./session-keys";
import { SESSION_PAGE_SIZE } from "./session-list-constants";

export { SESSION_PAGE_SIZE };

/** Page size while the user asks for everything ("load all"): fewer, larger requests. */
export const SESSION_BULK_PAGE_SIZE = 500;

export function sessionListUrl(project: string, filters: SessionListFilters, cont?: string, limit = SESSION_PAGE_SIZE): string {
  const qs = new URLSearchParams({ limit: String(limit) });
  if (filters.phase?.length) qs.set("phase", filters.phase.join(","));
  if (filters.q) qs.set("q", filters.q);
  if (cont) qs.set("continue", cont);
  return `/api/projects/${encodeURIComponent(project)}/sessions?${qs}`;
}

/**
 * Paged session list; `initialPage` is what the server rendered, `polling` is on only while the
 * stream is down. `pageSize` is read per request, so "load all" can switch to large pages (the
 * continue token does not depend on the page size).
 */
export function useSessionList(
  project: string,
  filters: SessionListFilters,
  initialPage: ListPage | undefined,
  polling: boolean,
  pageSize: () => number = () => SESSION_PAGE_SIZE,
) {
  return useInfiniteQuery({
    queryKey: sessionKeys.list(project, filters),
    queryFn: ({ pageParam }) => fetchJson<ListPage>(sessionListUrl(project, filters, pageParam, pageSize())),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continue,
    ...(initialPage ? { initialData: { pages: [initialPage], pageParams: [undefined] } } : {}),
    refetchInterval: polling ? 10_000 : false,
  });
}
