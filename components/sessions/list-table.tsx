"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, type KeyboardEvent } from "react";
import { RelativeTime } from "@/components/common/relative-time";
import { Badge } from "@/components/ui/badge";
import { TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDuration } from "@/lib/session/format";
import { COLUMN_LABELS, headerCheckState, runningTimeMs, type ListColumn, type ListView, type SortKey } from "@/lib/session/list-view";
import type { Session } from "@/lib/session/session";
import { cn } from "@/lib/utils";
import { PhaseBadge } from "./phase-badge";

/** Columns whose header sorts the list, and by which key. */
const SORT_OF: Partial<Record<ListColumn, SortKey>> = { phase: "phase", age: "age", duration: "duration" };

const ROW_ESTIMATE = 45;
/** Rows from the end at which the next page is asked for, so scrolling rarely waits. */
const PREFETCH_ROWS = 20;

export interface ListTableProps {
  project: string;
  sessions: Session[];
  view: ListView;
  now: number;
  selection: ReadonlySet<string>;
  rowErrors: Readonly<Record<string, string>>;
  hasMore: boolean;
  loadingMore: boolean;
  onSort: (key: SortKey) => void;
  onToggle: (name: string, range: boolean) => void;
  onToggleAll: () => void;
  onNearEnd: () => void;
}

function SortHead({ label, sortKey, view, onSort, className }: { label: string; sortKey: SortKey; view: ListView; onSort: (k: SortKey) => void; className?: string }) {
  const active = view.sort === sortKey;
  const Icon = !active ? ArrowUpDown : view.dir === "asc" ? ArrowUp : ArrowDown;
  return (
    <TableHead aria-sort={active ? (view.dir === "asc" ? "ascending" : "descending") : "none"} className={className}>
      <button
        type="button"
        data-testid={`sort-${sortKey}`}
        onClick={() => onSort(sortKey)}
        className="-mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
      >
        {label}
        <Icon aria-hidden className={cn("size-3", !active && "opacity-40")} />
      </button>
    </TableHead>
  );
}

function Cell({ col, s, now }: { col: ListColumn; s: Session; now: number }) {
  switch (col) {
    case "phase":
      return (
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
      );
    case "repos":
      return (
        <TableCell className="max-w-56 truncate text-xs text-muted-foreground" title={s.spec.repos.map((r) => r.url).join("\n")}>
          {s.spec.repos.length ? s.spec.repos.map((r) => r.name).join(", ") : "—"}
        </TableCell>
      );
    case "model":
      return <TableCell className="font-mono text-xs">{s.spec.llmSettings.model}</TableCell>;
    case "user": {
      const u = s.raw.spec?.userContext;
      return <TableCell className="max-w-40 truncate text-xs">{u?.displayName || u?.userId || "—"}</TableCell>;
    }
    case "age":
      return (
        <TableCell className="text-xs text-muted-foreground">
          <RelativeTime iso={s.raw.metadata.creationTimestamp} />
        </TableCell>
      );
    case "duration": {
      const ms = runningTimeMs(s.raw, now);
      // The server's clock and the browser's differ by the time to hydrate: not a real mismatch.
      return <TableCell className="text-xs text-muted-foreground tabular-nums" suppressHydrationWarning>{ms === undefined ? "—" : formatDuration(ms / 1000)}</TableCell>;
    }
  }
}

/**
 * The session table, virtualised: only the rows in view (plus a margin) are in the DOM, so ten
 * thousand loaded sessions scroll as smoothly as fifty. Spacer rows keep the scroll height right and
 * the table semantics intact (aria-rowcount, -1 while pages remain, and aria-rowindex give the size).
 */
export function ListTable(props: ListTableProps) {
  const { project, sessions, view, now, selection, rowErrors, hasMore, loadingMore, onSort, onToggle, onToggleAll, onNearEnd } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const allRef = useRef<HTMLInputElement>(null);
  const names = sessions.map((s) => s.name);
  const header = headerCheckState(selection, names);

  // The virtualizer re-renders this component itself; nothing of it is memoised downstream.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: sessions.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 12,
    getItemKey: (i) => sessions[i]?.raw.metadata.uid ?? sessions[i]?.name ?? i,
    // The server renders the first screenful too (no element to measure there).
    initialRect: { width: 1200, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= sessions.length - PREFETCH_ROWS) onNearEnd();
  }, [hasMore, loadingMore, lastIndex, sessions.length, onNearEnd]);

  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = header === "some";
  }, [header]);

  // A new order starts at its top: staying at the old offset would show arbitrary rows.
  const sortKey = `${view.sort}:${view.dir}`;
  const lastSort = useRef(sortKey);
  useEffect(() => {
    if (lastSort.current === sortKey) return;
    lastSort.current = sortKey;
    virtualizer.scrollToOffset(0);
  }, [sortKey, virtualizer]);

  // Shift+Space on a row's box selects a range, as shift-click does; the click a Space press makes
  // does not always say whether Shift was down, so the keys say it.
  const shiftHeld = useRef(false);

  // Arrow keys move between rows (same control), scrolling rows that are not rendered into view.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    shiftHeld.current = e.shiftKey;
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const target = e.target as HTMLElement;
    const row = target.closest<HTMLElement>("tr[data-index]");
    const nav = target.closest<HTMLElement>("[data-nav]")?.dataset.nav;
    if (!row || !nav) return;
    const index = Number(row.dataset.index) + (e.key === "ArrowDown" ? 1 : -1);
    if (index < 0 || index >= sessions.length) return;
    e.preventDefault();
    virtualizer.scrollToIndex(index, { align: "auto" });
    const focus = (tries: number) => {
      const el = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${index}"] [data-nav="${nav}"]`);
      if (el) el.focus();
      else if (tries > 0) requestAnimationFrame(() => focus(tries - 1));
    };
    requestAnimationFrame(() => focus(5));
  };

  const colCount = 2 + view.cols.length;
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;

  return (
    <div
      ref={scrollRef}
      onKeyDown={onKeyDown}
      onKeyUp={(e) => (shiftHeld.current = e.shiftKey)}
      onPointerDown={(e) => (shiftHeld.current = e.shiftKey)}
      data-testid="session-scroller"
      className="max-h-[calc(100vh-15rem)] min-h-48 overflow-auto rounded-lg border bg-card"
    >
      <table aria-label="Sessions" aria-rowcount={hasMore ? -1 : sessions.length + 1} className="w-full caption-bottom text-sm">
        <TableHeader className="sticky top-0 z-10 bg-card shadow-[0_1px_0_var(--color-border)]">
          <TableRow aria-rowindex={1} className="hover:bg-transparent">
            <TableHead className="w-10">
              <input
                ref={allRef}
                type="checkbox"
                data-testid="select-all"
                aria-label={`Select all ${sessions.length} loaded sessions`}
                className="size-4 align-middle accent-primary"
                checked={header === "all"}
                onChange={onToggleAll}
              />
            </TableHead>
            <SortHead label="Session" sortKey="name" view={view} onSort={onSort} />
            {view.cols.map((col) => {
              const key = SORT_OF[col];
              return key ? (
                <SortHead key={col} label={COLUMN_LABELS[col]} sortKey={key} view={view} onSort={onSort} />
              ) : (
                <TableHead key={col}>{COLUMN_LABELS[col]}</TableHead>
              );
            })}
          </TableRow>
        </TableHeader>
        <TableBody>
          {paddingTop > 0 ? (
            <tr aria-hidden style={{ height: paddingTop }}>
              <td colSpan={colCount} />
            </tr>
          ) : null}
          {items.map((vi) => {
            const s = sessions[vi.index];
            const selected = selection.has(s.name);
            const error = rowErrors[s.name];
            return (
              <TableRow
                key={vi.key}
                ref={virtualizer.measureElement}
                data-index={vi.index}
                data-testid="session-row"
                data-name={s.name}
                data-state={selected ? "selected" : undefined}
                aria-rowindex={vi.index + 2}
                aria-selected={selected}
              >
                <TableCell className="w-10">
                  <input
                    type="checkbox"
                    data-nav="check"
                    data-testid="row-select"
                    aria-label={`Select ${s.name}`}
                    className="size-4 align-middle accent-primary"
                    checked={selected}
                    onChange={(e) => onToggle(s.name, (e.nativeEvent as MouseEvent).shiftKey === true || shiftHeld.current)}
                  />
                </TableCell>
                <TableCell>
                  <Link
                    data-nav="link"
                    href={`/projects/${encodeURIComponent(project)}/sessions/${encodeURIComponent(s.name)}`}
                    className="font-medium hover:underline"
                  >
                    {s.displayName}
                  </Link>
                  {s.displayName !== s.name ? <div className="font-mono text-xs text-muted-foreground">{s.name}</div> : null}
                  {error ? (
                    <div data-testid="row-error" className="text-xs text-danger">
                      {error}
                    </div>
                  ) : null}
                </TableCell>
                {view.cols.map((col) => (
                  <Cell key={col} col={col} s={s} now={now} />
                ))}
              </TableRow>
            );
          })}
          {paddingBottom > 0 ? (
            <tr aria-hidden style={{ height: paddingBottom }}>
              <td colSpan={colCount} />
            </tr>
          ) : null}
        </TableBody>
      </table>
      {hasMore ? (
        <div className="flex justify-center border-t p-2 text-xs text-muted-foreground" role="status" data-testid="loading-more">
          {loadingMore ? "Loading more sessions…" : "Scroll for more"}
        </div>
      ) : null}
    </div>
  );
}
