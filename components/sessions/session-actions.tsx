"use client";

import { Copy, GitBranchPlus, Loader2, Play, RotateCw, Square, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Tooltip, TooltipContent, TooltipProvider, TooltipTrigger } from "@/components/ui/tooltip";
import type { ActionState, SessionAction } from "@/lib/session/actions";
import { useSessionAction } from "./use-session-detail";

interface Spec {
  action: SessionAction;
  label: string;
  pendingLabel: string;
  path: string;
  icon: ReactNode;
  method?: "POST" | "DELETE";
  variant?: "default" | "outline" | "danger";
}

const ACTIONS: Spec[] = [
  { action: "start", label: "Start", pendingLabel: "Starting…", path: "start", icon: <Play />, variant: "default" },
  { action: "stop", label: "Stop", pendingLabel: "Stopping…", path: "stop", icon: <Square />, variant: "outline" },
  { action: "continue", label: "Continue", pendingLabel: "Continuing…", path: "continue", icon: <RotateCw />, variant: "outline" },
  { action: "continue-as-new", label: "Continue as new", pendingLabel: "Creating…", path: "continue-as-new", icon: <GitBranchPlus />, variant: "outline" },
  { action: "clone", label: "Clone", pendingLabel: "Cloning…", path: "clone", icon: <Copy />, variant: "outline" },
];

/** A button that explains itself when disabled (a disabled button gets no hover, so the tooltip sits on a wrapper). */
export function ReasonedButton({ state, children, ...props }: React.ComponentProps<typeof Button> & { state: ActionState }) {
  const button = (
    <Button {...props} disabled={!state.allowed || props.disabled} data-reason={state.allowed ? undefined : state.reason}>
      {children}
      {state.allowed ? null : <span className="sr-only"> (unavailable: {state.reason})</span>}
    </Button>
  );
  if (state.allowed) return button;
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        {/* Focusable wrapper: keyboard users reach the reason too. */}
        <span tabIndex={0} className="inline-flex rounded-md focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none">
          {button}
        </span>
      </TooltipTrigger>
      <TooltipContent>{state.reason}</TooltipContent>
    </Tooltip>
  );
}

export function SessionActions({ project, name, states }: { project: string; name: string; states: Record<SessionAction, ActionState> }) {
  const router = useRouter();
  const mutation = useSessionAction(project, name);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const pendingLabel = mutation.isPending ? mutation.variables?.label : undefined;

  const run = (spec: Spec) =>
    mutation.mutate(
      { label: spec.label, path: spec.path, method: spec.method ?? "POST" },
      {
        onSuccess: (answer) => {
          const other = answer.session?.metadata.name;
          // Clone and continue-as-new make another session: go there.
          if (other && other !== name) router.push(`/projects/${encodeURIComponent(project)}/sessions/${encodeURIComponent(other)}`);
        },
      },
    );

  return (
    <TooltipProvider delayDuration={150}>
      <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="Session actions">
        {ACTIONS.map((spec) => {
          const state = states[spec.action];
          const pending = pendingLabel === spec.label;
          return (
            <ReasonedButton key={spec.action} state={state} variant={spec.variant} size="sm" disabled={mutation.isPending} onClick={() => run(spec)} data-action={spec.action} aria-busy={pending}>
              {pending ? <Loader2 className="animate-spin" /> : spec.icon}
              {pending ? spec.pendingLabel : spec.label}
            </ReasonedButton>
          );
        })}
        <ReasonedButton state={states.delete} variant="ghost" size="sm" className="text-danger" disabled={mutation.isPending} onClick={() => setConfirmDelete(true)} data-action="delete">
          {pendingLabel === "Delete" ? <Loader2 className="animate-spin" /> : <Trash2 />}
          {pendingLabel === "Delete" ? "Deleting…" : "Delete"}
        </ReasonedButton>
      </div>
      <AlertDialog open={confirmDelete} onOpenChange={setConfirmDelete}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete session {name}?</AlertDialogTitle>
            <AlertDialogDescription>Its runner is ended and its workspace removed. This cannot be undone.</AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              onClick={() =>
                mutation.mutate(
                  { label: "Delete", path: "", method: "DELETE" },
                  { onSuccess: () => router.push(`/projects/${encodeURIComponent(project)}/sessions`) },
                )
              }
            >
              Delete
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </TooltipProvider>
  );
}
