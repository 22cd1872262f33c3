"use client";

import { Loader2, Plus, X } from "lucide-react";
import { useState } from "react";
import { RelativeTime } from "@/components/common/relative-time";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TooltipProvider } from "@/components/ui/tooltip";
import { fieldPath } from "@/lib/http/field-path";
import { ApiRequestError } from "@/lib/query/fetch-json";
import type { ActionState } from "@/lib/session/actions";
import type { RepoDrift, RepoRow } from "@/lib/session/drift";
import { ReasonedButton } from "./session-actions";
import { useSessionAction } from "./use-session-detail";

const DRIFT: Record<RepoDrift, { label: string; tone: "neutral" | "info" | "warning" | "success" }> = {
  "in-sync": { label: "in sync", tone: "success" },
  "pending-add": { label: "in spec, not reconciled", tone: "info" },
  "pending-remove": { label: "removed from spec", tone: "warning" },
  "branch-differs": { label: "branch differs", tone: "warning" },
};

const STATUS_TONE = { Cloning: "info", Ready: "success", Failed: "danger" } as const;

/** Spec repos beside status.reconciledRepos, with drift; add/remove while an interactive session runs. */
export function ReposPanel({ project, name, rows, edit, allowLocalRepos }: { project: string; name: string; rows: RepoRow[]; edit: ActionState; allowLocalRepos: boolean }) {
  const mutation = useSessionAction(project, name);
  const [url, setUrl] = useState("");
  const [branch, setBranch] = useState("main");
  const [error, setError] = useState<string>();

  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    // The shared schema (zod) is fetched on the first submit, not with the detail page.
    const { addRepoSchema } = await import("@/lib/session/schemas");
    const parsed = addRepoSchema({ allowLocalRepos }).safeParse({ url, branch });
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      setError(`${fieldPath(i.path) === "branch" ? "Branch" : "URL"}: ${i.message}`);
      return;
    }
    setError(undefined);
    mutation.mutate(
      { label: "Add repository", path: "repos", json: parsed.data },
      {
        onSuccess: () => setUrl(""),
        onError: (err) => setError(err instanceof ApiRequestError ? err.message : String(err)),
      },
    );
  };

  return (
    <TooltipProvider delayDuration={150}>
      <div className="flex flex-col gap-3">
        {rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">No repositories in the spec or the workspace.</p>
        ) : (
          <div className="rounded-lg border">
            <Table aria-label="Repositories">
              <TableHeader>
                <TableRow>
                  <TableHead>Repository</TableHead>
                  <TableHead>Desired branch</TableHead>
                  <TableHead>Observed</TableHead>
                  <TableHead>Cloned</TableHead>
                  <TableHead>Drift</TableHead>
                  <TableHead className="w-10" />
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((r) => (
                  <TableRow key={r.url} data-testid="repo-status-row" data-name={r.name} data-status={r.status ?? "none"} data-drift={r.drift}>
                    <TableCell>
                      <div className="font-medium">{r.name}</div>
                      <div className="max-w-md truncate font-mono text-xs text-muted-foreground" title={r.url}>
                        {r.url}
                      </div>
                      {r.desired?.pushTarget ? (
                        <div className="text-xs text-muted-foreground">
                          push target: <span className="font-mono">{r.desired.pushTarget.url ?? ""}{r.desired.pushTarget.branch ? `@${r.desired.pushTarget.branch}` : ""}</span>
                        </div>
                      ) : null}
                    </TableCell>
                    <TableCell className="font-mono text-xs">
                      {r.desired?.branch ?? "—"}
                      {r.drift === "branch-differs" ? <div className="text-muted-foreground">observed {r.observed?.branch ?? "main"}</div> : null}
                    </TableCell>
                    <TableCell>
                      {r.status ? (
                        <Badge tone={STATUS_TONE[r.status]} title={r.observed?.message}>
                          {r.status}
                        </Badge>
                      ) : (
                        <span className="text-xs text-muted-foreground">—</span>
                      )}
                      {r.status === "Failed" && r.observed?.message ? <div className="mt-1 max-w-xs text-xs text-danger">{r.observed.message}</div> : null}
                    </TableCell>
                    <TableCell className="text-xs">
                      <RelativeTime iso={r.observed?.clonedAt} />
                    </TableCell>
                    <TableCell>
                      <Badge tone={DRIFT[r.drift].tone}>{DRIFT[r.drift].label}</Badge>
                    </TableCell>
                    <TableCell>
                      {r.desired ? (
                        <ReasonedButton
                          state={edit}
                          variant="ghost"
                          size="icon"
                          aria-label={`Remove ${r.name}`}
                          disabled={mutation.isPending}
                          onClick={() => mutation.mutate({ label: `Remove ${r.name}`, path: `repos?url=${encodeURIComponent(r.url)}`, method: "DELETE" })}
                        >
                          <X />
                        </ReasonedButton>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        <form onSubmit={add} className="flex flex-col gap-2" aria-label="Add repository">
          <div className="flex flex-wrap items-start gap-2">
            <Input
              aria-label="Repository URL to add"
              placeholder={allowLocalRepos ? "https://…, git@host:org/repo or file:///path" : "https://… or git@host:org/repo"}
              className="max-w-md font-mono text-xs"
              value={url}
              disabled={!edit.allowed}
              aria-invalid={Boolean(error)}
              onChange={(e) => setUrl(e.target.value)}
            />
            <Input aria-label="Branch to add" className="w-36 font-mono text-xs" value={branch} disabled={!edit.allowed} onChange={(e) => setBranch(e.target.value)} />
            <ReasonedButton state={edit} type="submit" size="sm" variant="outline" disabled={mutation.isPending} data-testid="add-repo">
              {mutation.isPending && mutation.variables?.label === "Add repository" ? <Loader2 className="animate-spin" /> : <Plus />}
              Add repository
            </ReasonedButton>
          </div>
          {!edit.allowed ? (
            <p className="text-xs text-muted-foreground" data-testid="repos-disabled-reason">
              {edit.reason}
            </p>
          ) : null}
          {error ? (
            <p className="text-xs text-danger" data-testid="add-repo-error">
              {error}
            </p>
          ) : null}
        </form>
      </div>
    </TooltipProvider>
  );
}
