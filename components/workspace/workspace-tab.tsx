"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Archive, CheckCircle2, Circle, Loader2, RefreshCw } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { ApiRequestError } from "@/lib/query/fetch-json";
import { sessionKeys } from "@/lib/query/session-keys";
import { formatRelative } from "@/lib/session/format";
import { TEMP_CONDITION, accessProgress, workspaceAccess } from "@/lib/workspace/access";
import { workspaceRepos } from "@/lib/workspace/format";
import type { WorkspaceAccess } from "@/lib/workspace/types";
import { cn } from "@/lib/utils";
import type { AgenticSession } from "@/types/agentic-session";
import { Conversation } from "./conversation";
import { FileTree, type SelectedFile } from "./file-tree";
import { FileViewer } from "./file-viewer";
import { GitChanges } from "./git-changes";
import { useRequestAccess, workspaceKeys, workspaceUrl, type WorkspaceRef } from "./use-workspace";

/**
 * The session's workspace: browsed directly while it runs; for an ended session temporary access is
 * requested on open, its progress shown (TempContentPodReady), and after expiry it can be re-opened.
 * `session` is the live object from the watch stream, so progress needs no polling of its own.
 */
export function WorkspaceTab({ project, session }: { project: string; session: AgenticSession }) {
  const name = session.metadata.name ?? "";
  const access = workspaceAccess(session);
  const request = useRequestAccess(project, name);
  const queryClient = useQueryClient();
  const [file, setFile] = useState<SelectedFile>();

  // Open on arrival: one click (the tab) is the request. After an expiry seen here, wait for "Re-open".
  const asked = useRef(false);
  const { mutate } = request;
  useEffect(() => {
    if (asked.current || (access.state !== "closed" && access.state !== "expired")) return;
    asked.current = true;
    mutate();
  }, [access.state, mutate]);

  // Belt and braces while provisioning: re-read the session in case the watch stream is down.
  useEffect(() => {
    if (access.state !== "provisioning") return;
    const t = setInterval(() => void queryClient.invalidateQueries({ queryKey: sessionKeys.detail(project, name), exact: true }), 4_000);
    return () => clearInterval(t);
  }, [access.state, project, name, queryClient]);

  const readyAt = session.status?.conditions?.find((c) => c.type === TEMP_CONDITION)?.lastTransitionTime ?? "";
  const epoch = access.state === "live" ? "live" : access.state === "ready" ? `temp:${readyAt}` : undefined;
  const ws: WorkspaceRef = { project, name, epoch };

  // A read refused because access just ended: re-read the session so the page says so.
  useEffect(() => {
    return queryClient.getQueryCache().subscribe((e) => {
      if (e.type !== "updated" || e.action.type !== "error") return;
      const key = e.query.queryKey;
      const mine = workspaceKeys.all(project, name).every((k, i) => key[i] === k);
      const code = e.action.error instanceof ApiRequestError ? e.action.error.code : 0;
      if (mine && (code === 409 || code === 503)) void queryClient.invalidateQueries({ queryKey: sessionKeys.detail(project, name), exact: true });
    });
  }, [queryClient, project, name]);

  return (
    <div className="flex flex-col gap-3" data-testid="workspace-tab">
      <AccessBar
        access={access}
        session={session}
        pending={request.isPending}
        error={request.error}
        onOpen={() => request.mutate()}
        onRefresh={epoch ? () => void queryClient.invalidateQueries({ queryKey: workspaceKeys.epoch(project, name, epoch) }) : undefined}
        archiveUrl={epoch ? workspaceUrl(project, name, "archive") : undefined}
      />
      {epoch ? (
        <Tabs defaultValue="files">
          <TabsList>
            <TabsTrigger value="files">Files</TabsTrigger>
            <TabsTrigger value="changes">Changes</TabsTrigger>
            <TabsTrigger value="conversation">Conversation</TabsTrigger>
          </TabsList>
          <TabsContent value="files">
            <div className="grid gap-3 lg:grid-cols-[minmax(16rem,22rem)_1fr]">
              <Card>
                <CardContent className="p-1">
                  <FileTree key={epoch} ws={ws} selected={file?.path} onSelect={setFile} />
                </CardContent>
              </Card>
              <Card className="min-w-0">
                <CardContent className="p-4">
                  <FileViewer ws={ws} file={file} />
                </CardContent>
              </Card>
            </div>
          </TabsContent>
          <TabsContent value="changes">
            <GitChanges ws={ws} repos={workspaceRepos(session)} />
          </TabsContent>
          <TabsContent value="conversation">
            <Conversation ws={ws} live={access.state === "live"} />
          </TabsContent>
        </Tabs>
      ) : null}
    </div>
  );
}

const STEPS = ["Requested", "Provisioning", "Ready"];

function AccessBar({
  access,
  session,
  pending,
  error,
  onOpen,
  onRefresh,
  archiveUrl,
}: {
  access: WorkspaceAccess;
  session: AgenticSession;
  pending: boolean;
  error: Error | null;
  onOpen: () => void;
  onRefresh?: () => void;
  archiveUrl?: string;
}) {
  const progress = accessProgress(access, session);
  const showSteps = access.state === "provisioning" || access.state === "ready";
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-lg border px-3 py-2 text-sm" data-testid="ws-access" data-state={access.state} data-step={progress.step} role="status" aria-live="polite">
      {showSteps ? (
        <ol className="flex items-center gap-2" aria-label="Opening the workspace" data-testid="ws-progress">
          {STEPS.map((label, i) => {
            const done = progress.step > i + 1 || progress.step === 3;
            const current = progress.step === i + 1 && progress.step !== 3;
            return (
              <li key={label} className={cn("flex items-center gap-1", done ? "text-success" : current ? "text-foreground" : "text-muted-foreground")} data-done={done}>
                {done ? <CheckCircle2 className="size-4" /> : current ? <Loader2 className="size-4 animate-spin" /> : <Circle className="size-4" />}
                {label}
                {i < STEPS.length - 1 ? <span className="mx-1 text-muted-foreground">→</span> : null}
              </li>
            );
          })}
        </ol>
      ) : access.state === "live" ? (
        <span className="flex items-center gap-1 text-success">
          <CheckCircle2 className="size-4" /> Live from the running session
        </span>
      ) : null}
      <span className="min-w-0 flex-1 text-muted-foreground" data-testid="ws-access-message">
        {access.state === "ready" && access.lastAccessed ? `Temporary access · last read ${formatRelative(access.lastAccessed)}` : access.state === "live" || access.state === "ready" ? "" : access.message}
        {error ? <span className="ml-2 text-danger">{error.message}</span> : null}
      </span>
      {access.state === "expired" || access.state === "failed" || access.state === "closed" ? (
        <Button size="sm" onClick={onOpen} disabled={pending} data-testid="ws-reopen">
          {pending ? <Loader2 className="animate-spin" /> : <RefreshCw />}
          {access.state === "closed" ? "Open workspace" : access.state === "failed" ? "Try again" : "Re-open"}
        </Button>
      ) : null}
      {onRefresh ? (
        <Button variant="ghost" size="sm" onClick={onRefresh} data-testid="ws-refresh" aria-label="Read the workspace again">
          <RefreshCw /> Refresh
        </Button>
      ) : null}
      {archiveUrl ? (
        <Button asChild variant="outline" size="sm">
          <a href={archiveUrl} download data-testid="ws-download-workspace">
            <Archive /> Download workspace
          </a>
        </Button>
      ) : null}
    </div>
  );
}
