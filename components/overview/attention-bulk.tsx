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
import { bulkAcrossProjects } from "@/lib/query/bulk-across-projects";
import type { BulkAction } from "@/lib/query/use-bulk-action";
import { ACTIVE_PHASES } from "@/lib/session/phase";
import { summarizeBulk, type BulkItemResult } from "@/lib/session/list-view";
import type { SessionFact } from "@/lib/session/overview";

/** `project/name`: the overview's key for a session (names repeat across projects). */
export const factKey = (f: Pick<SessionFact, "project" | "name">) => `${f.project}/${f.name}`;

const canStop = (f: SessionFact) => ACTIVE_PHASES.includes(f.phase ?? "Pending");

/**
 * Bulk stop / delete for the attention list: the sessions picked may live in several projects.
 * Confirmation names the count; the outcome is reported per item (toast + on the item).
 */
export function AttentionBulkBar({ selected, onClear, onDone }: { selected: SessionFact[]; onClear: () => void; onDone: (action: BulkAction, results: BulkItemResult[]) => void }) {
  const [pending, setPending] = useState<{ action: BulkAction; facts: SessionFact[] } | null>(null);
  const [working, setWorking] = useState(false);
  const stoppable = selected.filter(canStop);

  const confirm = async () => {
    if (!pending) return;
    setWorking(true);
    try {
      const results = await bulkAcrossProjects(pending.action, pending.facts);
      const summary = summarizeBulk(pending.action, results);
      if (summary.tone === "success") toast.success(summary.title);
      else toast.error(summary.title, { description: summary.failed.slice(0, 5).map((f) => `${f.name}: ${f.message ?? `error ${f.code}`}`).join("\n") });
      onDone(pending.action, results);
      setPending(null);
    } finally {
      setWorking(false);
    }
  };
  const count = pending?.facts.length ?? 0;

  return (
    <div role="toolbar" aria-label="Act on the selected sessions" data-testid="attention-bulk-bar" className="mb-2 flex flex-wrap items-center gap-2 rounded-md border bg-muted/50 px-3 py-2 text-sm">
      <span data-testid="attention-selected-count" data-count={selected.length}>
        {selected.length} selected
      </span>
      <Button variant="ghost" size="sm" onClick={onClear}>
        <X /> Clear
      </Button>
      <div className="ml-auto flex gap-2">
        <Button variant="outline" size="sm" disabled={stoppable.length === 0} onClick={() => setPending({ action: "stop", facts: stoppable })} data-testid="attention-bulk-stop">
          <Square /> Stop{stoppable.length !== selected.length ? ` (${stoppable.length})` : ""}
        </Button>
        <Button variant="danger" size="sm" onClick={() => setPending({ action: "delete", facts: selected })} data-testid="attention-bulk-delete">
          <Trash2 /> Delete
        </Button>
      </div>
      <AlertDialog open={pending !== null} onOpenChange={(o) => (!o && !working ? setPending(null) : undefined)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>
              {pending?.action === "delete" ? "Delete" : "Stop"} {count} session{count === 1 ? "" : "s"}?
            </AlertDialogTitle>
            <AlertDialogDescription>
              {pending?.action === "delete" ? "Their runners end and their workspaces are removed. This cannot be undone." : "Their runners are ended; each can be started again later."}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <ul className="max-h-40 overflow-auto font-mono text-xs text-muted-foreground">
            {pending?.facts.slice(0, 8).map((f) => <li key={factKey(f)}>{factKey(f)}</li>)}
            {count > 8 ? <li>…and {count - 8} more</li> : null}
          </ul>
          <AlertDialogFooter>
            <AlertDialogCancel disabled={working}>Cancel</AlertDialogCancel>
            <button type="button" className={buttonVariants({ variant: pending?.action === "delete" ? "danger" : "default" })} disabled={working} onClick={() => void confirm()}>
              {working ? "Working…" : `${pending?.action === "delete" ? "Delete" : "Stop"} ${count}`}
            </button>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
