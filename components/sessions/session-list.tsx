"use client";

import { Plus, Search } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { EmptyState } from "@/components/common/empty-state";
import { ErrorState } from "@/components/common/error-state";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import type { ListPage } from "@/lib/query/apply-watch-event";
import { ApiRequestError } from "@/lib/query/fetch-json";
import type { SessionListFilters } from "@/lib/query/session-keys";
import type { BulkResponse } from "@/lib/query/use-bulk-action";
import { useListView } from "@/lib/query/use-list-view";
import { SESSION_BULK_PAGE_SIZE, SESSION_PAGE_SIZE, useSessionList } from "@/lib/query/use-session-list";
import { useSessionWatch } from "@/lib/query/use-session-watch";
import { nextSort, pruneSelection, selectRange, sortIsExactWhilePaging, sortSessions, toggleAllVisible, type SortKey } from "@/lib/session/list-view";
import { Session } from "@/lib/session/session";
import { SESSION_PHASES, type AgenticSession } from "@/types/agentic-session";
import { cn } from "@/lib/utils";
import { SessionKeyboard } from "./session-keyboard";
import { ListTable } from "./list-table";
import { ListViewMenuLazy } from "./list-view-menu-lazy";
import { ListBulkBar } from "./list-bulk-bar";
import { LiveIndicator } from "./live-indicator";


/** The URL with new filters; the view parameters (sort, dir, cols) already in it are kept. */
function filtersToSearch(filters: SessionListFilters): string {
  const qs = new URLSearchParams(typeof window === "undefined" ? "" : window.location.search);
  qs.delete("phase");
  qs.delete("q");
  if (filters.phase?.length) qs.set("phase", filters.phase.join(","));
  if (filters.q) qs.set("q", filters.q);
  const s = qs.toString();
  return s ? `?${s}` : "";
}

// Wrappers by object: the watch stream replaces only the sessions that changed, so a change to one
// row of ten thousand normalises one spec, not all of them.
const wrappers = new WeakMap<AgenticSession, Session>();
function wrap(raw: AgenticSession): Session {
  let s = wrappers.get(raw);
  if (!s) wrappers.set(raw, (s = new Session(raw)));
  return s;
}

/** A clock for running times and duration sorting, ticking slowly so rows do not re-sort constantly. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

export function SessionList({ project, filters, initialPage }: { project: string; filters: SessionListFilters; initialPage?: ListPage }) {
  const router = useRouter();
  const pathname = usePathname();
  const [text, setText] = useState(filters.q ?? "");
  const searchRef = useRef<HTMLInputElement>(null);
  const stream = useSessionWatch(project, initialPage?.resourceVersion);
  const bigPages = useRef(false);
  const list = useSessionList(project, filters, initialPage, stream.state !== "live", () => (bigPages.current ? SESSION_BULK_PAGE_SIZE : SESSION_PAGE_SIZE));
  const [view, setView] = useListView();
  const now = useNow(30_000);
  const [selection, setSelection] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<string | undefined>(undefined);
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [loadingAll, setLoadingAll] = useState(false);

  const setFilters = (next: SessionListFilters) => router.replace(`${pathname}${filtersToSearch(next)}`, { scroll: false });

  // Debounce typing into the URL (which re-keys the query).
  useEffect(() => {
    if (text === (filters.q ?? "")) return;
    const t = setTimeout(() => setFilters({ ...filters, q: text || undefined }), 250);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  // "/" focuses the search box, as in most consoles; Escape clears the selection.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key === "Escape" && !target?.closest("[role=dialog], [role=alertdialog], [role=menu]")) {
        setSelection((s) => (s.size ? new Set() : s));
        return;
      }
      if (e.key !== "/" || target?.closest("input, textarea, [contenteditable=true]")) return;
      e.preventDefault();
      searchRef.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // Sorting is on the loaded rows; the watch stream folds changes into these pages one by one.
  const sessions = useMemo(() => {
    const items = list.data?.pages.flatMap((p) => p.items) ?? [];
    return sortSessions(items, view.sort, view.dir, now).map(wrap);
    // `now` matters only for running times; the rows re-sort on its slow tick.
  }, [list.data, view.sort, view.dir, now]);
  const names = useMemo(() => sessions.map((s) => s.name), [sessions]);

  // Rows that left the list (deleted, filtered out) leave the selection and lose their errors.
  const shownSelection = pruneSelection(selection, names);
  const selected = useMemo(() => sessions.filter((s) => shownSelection.has(s.name)), [sessions, shownSelection]);

  const onToggle = useCallback(
    (name: string, range: boolean) => {
      // Read the anchor now: the updater may run after it has moved to this row.
      const from = range ? anchor.current : undefined;
      setSelection((sel) => selectRange(pruneSelection(sel, names), names, from, name));
      anchor.current = name;
    },
    [names],
  );
  const onToggleAll = useCallback(() => setSelection((sel) => toggleAllVisible(pruneSelection(sel, names), names)), [names]);
  const onSort = useCallback((key: SortKey) => setView(nextSort(view, key)), [view, setView]);

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const onNearEnd = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  // "Load all": the API pages by name, so any other sort is exact only once every page is here.
  const loadAll = async () => {
    setLoadingAll(true);
    bigPages.current = true;
    try {
      let more = hasNextPage;
      while (more) more = (await fetchNextPage()).hasNextPage;
    } finally {
      bigPages.current = false;
      setLoadingAll(false);
    }
  };

  const onBulkDone = (res: BulkResponse) => {
    const failed = res.results.filter((r) => !r.ok);
    setRowErrors(Object.fromEntries(failed.map((r) => [r.name, `${res.action === "stop" ? "Stop" : "Delete"} failed: ${r.message ?? `error ${r.code}`}`])));
    // Keep the failures selected so the user can retry them or look at them.
    setSelection(new Set(failed.map((r) => r.name)));
  };

  const togglePhase = (phase: string) => {
    const current = new Set(filters.phase ?? []);
    if (current.has(phase)) current.delete(phase);
    else current.add(phase);
    setFilters({ ...filters, phase: [...current] });
  };

  const loaded = sessions.length;
  const remaining = list.data?.pages.at(-1)?.remainingItemCount;

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
        <div className="ml-auto flex items-center gap-3">
          <LiveIndicator state={stream.state} error={stream.error} />
          <ListViewMenuLazy view={view} onChange={setView} />
          <Button asChild size="sm">
            <Link href={`/projects/${encodeURIComponent(project)}/sessions/new`} title="New session (c); jump to a session with Ctrl+K">
              <Plus /> New session
            </Link>
          </Button>
        </div>
        <SessionKeyboard project={project} />
      </div>

      {selected.length > 0 ? (
        <ListBulkBar project={project} selected={selected} streamLive={stream.state === "live"} onClear={() => setSelection(new Set())} onDone={onBulkDone} />
      ) : null}

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
        <>
          <ListTable
            project={project}
            sessions={sessions}
            view={view}
            now={now}
            selection={shownSelection}
            rowErrors={rowErrors}
            hasMore={Boolean(hasNextPage)}
            loadingMore={isFetchingNextPage}
            onSort={onSort}
            onToggle={onToggle}
            onToggleAll={onToggleAll}
            onNearEnd={onNearEnd}
          />
          <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground" data-testid="list-status" data-loaded={loaded}>
            <span>
              {loaded.toLocaleString("en-US")} session{loaded === 1 ? "" : "s"} loaded
              {hasNextPage ? (remaining !== undefined ? ` of about ${(loaded + remaining).toLocaleString("en-US")}` : ", more as you scroll") : ""}
            </span>
            {hasNextPage && !sortIsExactWhilePaging(view) ? (
              <>
                <span>· sorted among the loaded sessions</span>
                <Button variant="link" size="sm" className="h-auto p-0 text-xs" disabled={loadingAll} onClick={() => void loadAll()}>
                  {loadingAll ? "Loading all…" : "Load all to sort everything"}
                </Button>
              </>
            ) : null}
          </div>
        </>
      )}
    </div>
  );
}
