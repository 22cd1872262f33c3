"use client";

import { Square, Trash2, X } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button, buttonVariants } from "@/components/ui/button";
import { ApiRequestError } from "@/lib/query/fetch-json";
import { useBulkAction, type BulkAction, type BulkResponse } from "@/lib/query/use-bulk-action";
import { ALL_PERMISSIONS, actionState } from "@/lib/session/actions";
import { summarizeBulk } from "@/lib/session/list-view";
import type { Session } from "@/lib/session/session";

interface Pending {
  action: BulkAction;
  /** Frozen when the dialog opens: what the user confirms is what is sent. */
  names: string[];
  skipped: number;
}

const SHOWN_NAMES = 8;

/**
 * The bar above the list while rows are selected: bulk stop / delete, each behind a confirmation
 * naming how many sessions it touches. The result comes back per item; failures are reported in a
 * toast and handed to the list to show on their rows.
 */
export function ListBulkBar({
  project,
  selected,
  streamLive,
  onClear,
  onDone,
}: {
  project: string;
  selected: Session[];
  streamLive: boolean;
  onClear: () => void;
  onDone: (res: BulkResponse) => void;
}) {
  const [pending, setPending] = useState<Pending | null>(null);
  const bulk = useBulkAction(project, streamLive);

  const open = (action: BulkAction) => {
    // Stop only what can still be stopped; ended sessions would only come back as errors.
    const names = action === "stop" ? selected.filter((s) => actionState(s.raw, "stop", ALL_PERMISSIONS).allowed).map((s) => s.name) : selected.map((s) => s.name);
    setPending({ action, names, skipped: selected.length - names.length });
  };

  const confirm = async () => {
    if (!pending) return;
    const { action, names } = pending;
    try {
      const res = await bulk.mutateAsync({ action, names });
      const summary = summarizeBulk(action, res.results);
      if (summary.tone === "success") toast.success(summary.title);
      else
        toast.error(summary.title, {
          description: summary.failed
            .slice(0, 5)
            .map((f) => `${f.name}: ${f.message ?? `error ${f.code}`}`)
            .concat(summary.failed.length > 5 ? [`…and ${summary.failed.length - 5} more`] : [])
            .join("\n"),
        });
      onDone(res);
      setPending(null);
    } catch (e) {
      // The request as a whole failed (network, 403 on the project): nothing was necessarily done.
      toast.error(`Bulk ${action} failed`, { description: e instanceof ApiRequestError ? e.message : String(e) });
    }
  };

  const stoppable = selected.filter((s) => actionState(s.raw, "stop", ALL_PERMISSIONS).allowed).length;
  const count = pending?.names.length ?? 0;

  return (
    <div role="toolbar" aria-label="Bulk actions" data-testid="bulk-bar" className="flex flex-wrap items-center gap-2 rounded-lg border bg-muted/50 px-3 py-2 text-sm">
      <span data-testid="selected-count" data-count={selected.length}>
        {selected.length} selected
      </span>
      <Button variant="ghost" size="sm" onClick={onClear} aria-label="Clear selection">
        <X /> Clear
      </Button>
      <div className="ml-auto flex gap-2">
        <Button variant="outline" size="sm" data-testid="bulk-stop" disabled={stoppable === 0} title={stoppable === 0 ? "None of the selected sessions is running" : undefined} onClick={() => open("stop")}>
          <Square /> Stop{stoppable && stoppable !== selected.length ? ` (${stoppable})` : ""}
        </Button>
        <Button variant="danger" size="sm" data-testid="bulk-delete" onClick={() => open("delete")}>
          <Trash2 /> Delete
        </Button>
      </div>

      <AlertDialog open={pending !== null} onOpenChange={(o) => (!o && !bulk.isPending ? setPending(null) : undefined)}>
        <AlertDialogContent data-testid="bulk-confirm">
          <AlertDialogHeader>
            <AlertDialogTitle>
              {pending?.action === "delete" ? "Delete" : "Stop"} {count} session{count === 1 ? "" : "s"}?
            </AlertDialogTitle>
            <AlertDialogDescription>
              {pending?.action === "delete"
                ? "Their runners end and their workspaces are removed. This cannot be undone."
                : "Their runners are ended; each can be started again later with its workspace kept."}
              {pending?.skipped ? ` Skipped: ${pending.skipped} selected session${pending.skipped === 1 ? " that has" : "s that have"} already ended or are being stopped.` : ""}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <ul className="max-h-40 overflow-auto font-mono text-xs text-muted-foreground">
            {pending?.names.slice(0, SHOWN_NAMES).map((n) => <li key={n}>{n}</li>)}
            {count > SHOWN_NAMES ? <li>…and {count - SHOWN_NAMES} more</li> : null}
          </ul>
          <AlertDialogFooter>
            <AlertDialogCancel disabled={bulk.isPending}>Cancel</AlertDialogCancel>
            {/* A plain button, not AlertDialogAction: the dialog stays open (pending) until the answer. */}
            <button
              type="button"
              data-testid="bulk-confirm-button"
              className={buttonVariants({ variant: pending?.action === "delete" ? "danger" : "default" })}
              disabled={bulk.isPending || count === 0}
              onClick={() => void confirm()}
            >
              {bulk.isPending ? "Working…" : pending?.action === "delete" ? `Delete ${count}` : `Stop ${count}`}
            </button>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
