"use client";

import { Loader2 } from "lucide-react";
import { useState } from "react";
import { RelativeTime } from "@/components/common/relative-time";
import { Badge } from "@/components/ui/badge";
import { TooltipProvider } from "@/components/ui/tooltip";
import { fieldPath } from "@/lib/http/field-path";
import type { ActionState } from "@/lib/session/actions";
import type { WorkflowDrift, WorkflowRow } from "@/lib/session/drift";
import { ReasonedButton } from "./session-actions";
import { useSessionAction } from "./use-session-detail";
import { WorkflowPicker, type WorkflowValue } from "./workflow-picker";

const DRIFT: Record<WorkflowDrift, string> = {
  none: "no workflow",
  "in-sync": "applied",
  "pending-apply": "selected, not applied yet",
  "pending-remove": "cleared, still applied",
  differs: "a different workflow is applied",
};

const STATUS_TONE = { Cloning: "info", Active: "success", Failed: "danger" } as const;

function Ref({ w }: { w?: { gitUrl: string; branch?: string; path?: string } }) {
  if (!w) return <span className="text-muted-foreground">—</span>;
  return (
    <span className="font-mono text-xs break-all">
      {w.gitUrl}
      <span className="text-muted-foreground">@{w.branch || "main"}</span> {w.path ? <span>/{w.path}</span> : null}
    </span>
  );
}

/** The workflow in the spec beside status.reconciledWorkflow, and the picker to change it at runtime. */
export function WorkflowPanel({ project, name, row, edit, allowLocalRepos }: { project: string; name: string; row: WorkflowRow; edit: ActionState; allowLocalRepos: boolean }) {
  const mutation = useSessionAction(project, name);
  const [choice, setChoice] = useState<WorkflowValue | undefined>(row.desired);
  const [custom, setCustom] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const apply = async () => {
    if (!choice) {
      mutation.mutate({ label: "Clear workflow", path: "workflow", method: "PUT", json: { activeWorkflow: null } });
      return;
    }
    // The shared schema (zod) is fetched on the first apply, not with the detail page.
    const { fieldErrorsOf, workflowSchema } = await import("@/lib/session/schemas");
    const parsed = workflowSchema(allowLocalRepos).safeParse(choice);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }))));
      return;
    }
    setErrors({});
    mutation.mutate({ label: "Select workflow", path: "workflow", method: "PUT", json: { activeWorkflow: parsed.data } });
  };

  return (
    <TooltipProvider delayDuration={150}>
      <div className="flex flex-col gap-4" data-testid="workflow-panel" data-drift={row.drift} data-status={row.status ?? "none"}>
        <dl className="grid gap-3 text-sm sm:grid-cols-2">
          <div className="rounded-lg border p-3">
            <dt className="mb-1 text-xs text-muted-foreground">Desired (spec.activeWorkflow)</dt>
            <dd>
              <Ref w={row.desired} />
            </dd>
          </div>
          <div className="rounded-lg border p-3">
            <dt className="mb-1 flex items-center gap-2 text-xs text-muted-foreground">
              Observed (status.reconciledWorkflow)
              {row.status ? <Badge tone={STATUS_TONE[row.status]}>{row.status}</Badge> : null}
            </dt>
            <dd className="flex flex-col gap-1">
              <Ref w={row.observed} />
              {row.observed?.appliedAt ? (
                <span className="text-xs text-muted-foreground">
                  applied <RelativeTime iso={row.observed.appliedAt} />
                </span>
              ) : null}
              {row.observed?.message ? <span className="text-xs text-danger">{row.observed.message}</span> : null}
            </dd>
          </div>
        </dl>
        <p className="text-xs text-muted-foreground">Drift: {DRIFT[row.drift]}</p>
        <div className="flex flex-col gap-2 rounded-lg border p-3">
          <WorkflowPicker value={choice} onChange={setChoice} custom={custom} onCustomChange={setCustom} disabled={!edit.allowed} errors={errors} />
          <div className="flex items-center gap-2">
            <ReasonedButton state={edit} size="sm" variant="outline" onClick={apply} disabled={mutation.isPending} data-testid="apply-workflow">
              {mutation.isPending ? <Loader2 className="animate-spin" /> : null}
              {choice ? "Use this workflow" : "Clear workflow"}
            </ReasonedButton>
            {!edit.allowed ? (
              <span className="text-xs text-muted-foreground" data-testid="workflow-disabled-reason">
                {edit.reason}
              </span>
            ) : null}
          </div>
        </div>
      </div>
    </TooltipProvider>
  );
}
