"use client";

import { Archive, ChevronDown, ChevronRight, GitBranch, Loader2 } from "lucide-react";
import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { parseUnifiedDiff, type DiffLineKind } from "@/lib/workspace/diff";
import { cn } from "@/lib/utils";
import { useDiff, useGitStatus, workspaceUrl, type WorkspaceRef } from "./use-workspace";

/** Per repo: branch, `git status`, and the diff against the cloned commit (new files included). */
export function GitChanges({ ws, repos }: { ws: WorkspaceRef; repos: string[] }) {
  if (repos.length === 0) return <p className="text-sm text-muted-foreground">This session has no repositories.</p>;
  return (
    <div className="flex flex-col gap-3">
      {repos.map((r) => (
        <RepoChanges key={r} ws={ws} repo={r} />
      ))}
    </div>
  );
}

const STATUS_TONE: Record<string, "success" | "warning" | "danger" | "info" | "neutral"> = { "??": "success", A: "success", M: "warning", D: "danger", R: "info" };

function RepoChanges({ ws, repo }: { ws: WorkspaceRef; repo: string }) {
  const status = useGitStatus(ws, repo);
  const [showDiff, setShowDiff] = useState(false);
  const changed = status.data?.files.length ?? 0;
  return (
    <section className="rounded-lg border" data-testid="ws-repo" data-repo={repo}>
      <header className="flex flex-wrap items-center gap-2 border-b px-3 py-2">
        <span className="font-mono text-sm font-medium">{repo}</span>
        {status.data?.branch ? (
          <span className="flex items-center gap-1 text-xs text-muted-foreground">
            <GitBranch className="size-3" /> {status.data.branch}
          </span>
        ) : null}
        {status.isSuccess ? <Badge tone={changed ? "warning" : "neutral"} data-testid="ws-repo-changes">{changed ? `${changed} changed` : "no changes"}</Badge> : null}
        <span className="flex-1" />
        <Button variant="ghost" size="sm" onClick={() => setShowDiff((v) => !v)} disabled={!status.isSuccess || changed === 0} data-testid="ws-show-diff" aria-expanded={showDiff}>
          {showDiff ? <ChevronDown /> : <ChevronRight />} Diff
        </Button>
        <Button asChild variant="outline" size="sm">
          <a href={workspaceUrl(ws.project, ws.name, "archive", { path: repo })} download data-testid="ws-download-repo">
            <Archive /> .tar.gz
          </a>
        </Button>
      </header>
      <div className="px-3 py-2">
        {status.isPending ? (
          <Loader2 className="size-4 animate-spin text-muted-foreground" />
        ) : status.isError ? (
          <p className="text-sm text-danger">{status.error.message}</p>
        ) : changed === 0 ? (
          <p className="text-sm text-muted-foreground">Working tree matches the cloned commit.</p>
        ) : (
          <ul className="flex flex-col gap-0.5">
            {status.data.files.map((f) => (
              <li key={f.path} className="flex items-center gap-2 text-sm" data-testid="ws-status-file" data-path={f.path} data-status={f.status}>
                <Badge tone={STATUS_TONE[f.status[0]] ?? STATUS_TONE[f.status] ?? "neutral"} className="w-8 justify-center font-mono">
                  {f.status}
                </Badge>
                <span className="font-mono text-xs">{f.path}</span>
              </li>
            ))}
          </ul>
        )}
        {showDiff ? <DiffView ws={ws} repo={repo} /> : null}
      </div>
    </section>
  );
}

const LINE_CLASS: Record<DiffLineKind, string> = {
  add: "bg-success/10 text-success",
  del: "bg-danger/10 text-danger",
  hunk: "bg-info/10 text-info",
  meta: "text-muted-foreground",
  context: "",
};

function DiffView({ ws, repo }: { ws: WorkspaceRef; repo: string }) {
  const diff = useDiff(ws, repo, true);
  const files = useMemo(() => (diff.data ? parseUnifiedDiff(diff.data) : []), [diff.data]);
  if (diff.isPending) return <Loader2 className="mt-2 size-4 animate-spin text-muted-foreground" />;
  if (diff.isError) return <p className="mt-2 text-sm text-danger">{diff.error.message}</p>;
  if (files.length === 0) return <p className="mt-2 text-sm text-muted-foreground">No differences.</p>;
  return (
    <div className="mt-2 flex flex-col gap-2" data-testid="ws-diff">
      {files.map((f) => (
        <div key={f.path} className="overflow-hidden rounded-md border" data-testid="ws-diff-file" data-path={f.path}>
          <div className="flex items-center gap-2 border-b bg-muted px-2 py-1 font-mono text-xs">
            <span className="flex-1 truncate">{f.path}</span>
            <span className="text-success">+{f.added}</span>
            <span className="text-danger">−{f.removed}</span>
          </div>
          <pre className="overflow-x-auto font-mono text-xs leading-5">
            {f.lines
              .filter((l) => l.kind !== "meta" || !/^(diff --git|index |--- |\+\+\+ )/.test(l.text))
              .map((l, i) => (
                <div key={i} className={cn("px-2", LINE_CLASS[l.kind])} data-testid="ws-diff-line" data-kind={l.kind}>
                  {l.text || " "}
                </div>
              ))}
          </pre>
        </div>
      ))}
    </div>
  );
}
