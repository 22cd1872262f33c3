"use client";

import { Search } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { EmptyState } from "@/components/common/empty-state";
import { ErrorState } from "@/components/common/error-state";
import { RelativeTime } from "@/components/common/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ListPage } from "@/lib/query/apply-watch-event";
import { ApiRequestError } from "@/lib/query/fetch-json";
import type { SessionListFilters } from "@/lib/query/session-keys";
import { useSessionList } from "@/lib/query/use-session-list";
import { useSessionWatch } from "@/lib/query/use-session-watch";
import { Session } from "@/lib/session/session";
import { SESSION_PHASES } from "@/types/agentic-session";
import { cn } from "@/lib/utils";
import { LiveIndicator } from "./live-indicator";
import { PhaseBadge } from "./phase-badge";

function filtersToSearch(filters: SessionListFilters): string {
  const qs = new URLSearchParams();
  if (filters.phase?.length) qs.set("phase", filters.phase.join(","));
  if (filters.q) qs.set("q", filters.q);
  const s = qs.toString();
  return s ? `?${s}` : "";
}

export function SessionList({ project, filters, initialPage }: { project: string; filters: SessionListFilters; initialPage?: ListPage }) {
  const router = useRouter();
  const pathname = usePathname();
  const [text, setText] = useState(filters.q ?? "");
  const searchRef = useRef<HTMLInputElement>(null);
  const stream = useSessionWatch(project, initialPage?.resourceVersion);
  const list = useSessionList(project, filters, initialPage, stream.state !== "live");

  const setFilters = (next: SessionListFilters) => router.replace(`${pathname}${filtersToSearch(next)}`, { scroll: false });

  // Debounce typing into the URL (which re-keys the query).
  useEffect(() => {
    if (text === (filters.q ?? "")) return;
    const t = setTimeout(() => setFilters({ ...filters, q: text || undefined }), 250);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  // "/" focuses the search box, as in most consoles.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key !== "/" || target?.closest("input, textarea, [contenteditable=true]")) return;
      e.preventDefault();
      searchRef.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const sessions = useMemo(() => {
    const items = list.data?.pages.flatMap((p) => p.items) ?? [];
    return items
      .map((raw) => new Session(raw))
      .sort((a, b) => (b.raw.metadata.creationTimestamp ?? "").localeCompare(a.raw.metadata.creationTimestamp ?? ""));
  }, [list.data]);

  const togglePhase = (phase: string) => {
    const current = new Set(filters.phase ?? []);
    if (current.has(phase)) current.delete(phase);
    else current.add(phase);
    setFilters({ ...filters, phase: [...current] });
  };

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <div className="relative w-full max-w-xs">
          <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground" />
          <Input
            ref={searchRef}
            type="search"
            aria-label="Filter sessions"
            placeholder="Filter by name, prompt, repo…  ( / )"
            className="pl-8"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <div className="flex flex-wrap gap-1" role="group" aria-label="Filter by phase">
          {SESSION_PHASES.map((phase) => {
            const active = filters.phase?.includes(phase) ?? false;
            return (
              <button
                key={phase}
                type="button"
                aria-pressed={active}
                onClick={() => togglePhase(phase)}
                className={cn(
                  "rounded-full border px-2.5 py-0.5 text-xs transition-colors",
                  active ? "border-primary bg-primary text-primary-foreground" : "hover:bg-accent",
                )}
              >
                {phase}
              </button>
            );
          })}
        </div>
        <div className="ml-auto">
          <LiveIndicator state={stream.state} error={stream.error} />
        </div>
      </div>

      {list.isError ? (
        <ErrorState
          error={list.error instanceof ApiRequestError ? list.error.error : { code: 0, reason: "NetworkError", message: String(list.error) }}
          what="Could not list sessions"
        />
      ) : list.isPending ? (
        <div className="flex flex-col gap-2" aria-label="Loading sessions">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} className="h-10 w-full" />
          ))}
        </div>
      ) : sessions.length === 0 ? (
        <EmptyState title={filters.phase?.length || filters.q ? "No sessions match these filters" : "No sessions in this project yet"}>
          {filters.phase?.length || filters.q ? "Clear the filters to see every session." : "Create one with the New session button, or with kubectl."}
        </EmptyState>
      ) : (
        <div className="rounded-lg border bg-card">
          <Table aria-label="Sessions">
            <TableHeader>
              <TableRow>
                <TableHead>Session</TableHead>
                <TableHead>Phase</TableHead>
                <TableHead>Repos</TableHead>
                <TableHead>Model</TableHead>
                <TableHead>Age</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {sessions.map((s) => (
                <TableRow key={s.raw.metadata.uid ?? s.name} data-testid="session-row" data-name={s.name}>
                  <TableCell>
                    <Link href={`/projects/${encodeURIComponent(project)}/sessions/${encodeURIComponent(s.name)}`} className="font-medium hover:underline">
                      {s.displayName}
                    </Link>
                    {s.displayName !== s.name ? <div className="font-mono text-xs text-muted-foreground">{s.name}</div> : null}
                  </TableCell>
                  <TableCell>
                    <div className="flex items-center gap-1.5">
                      <PhaseBadge phase={s.phase} />
                      {s.stale ? (
                        <Badge tone="warning" title="The spec changed and the operator has not applied it yet" data-testid="stale-marker">
                          stale
                        </Badge>
                      ) : null}
                    </div>
                  </TableCell>
                  <TableCell className="max-w-56 truncate text-xs text-muted-foreground" title={s.spec.repos.map((r) => r.url).join("\n")}>
                    {s.spec.repos.length ? s.spec.repos.map((r) => r.name).join(", ") : "—"}
                  </TableCell>
                  <TableCell className="font-mono text-xs">{s.spec.llmSettings.model}</TableCell>
                  <TableCell className="text-xs text-muted-foreground">
                    <RelativeTime iso={s.raw.metadata.creationTimestamp} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {list.hasNextPage ? (
        <Button variant="outline" className="self-center" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}
