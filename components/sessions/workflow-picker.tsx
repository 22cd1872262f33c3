"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { fetchJson } from "@/lib/query/fetch-json";
import { cn } from "@/lib/utils";

export interface WorkflowValue {
  gitUrl: string;
  branch: string;
  path: string;
}

interface CatalogAnswer {
  workflows: Array<{ id: string; name: string; description: string; gitUrl: string; branch: string; path: string }>;
  error?: string;
}

export const workflowCatalogKey = ["workflows", "catalog"] as const;

export function useWorkflowCatalog() {
  return useQuery({ queryKey: workflowCatalogKey, queryFn: () => fetchJson<CatalogAnswer>("/api/workflows"), staleTime: 60_000 });
}

/** The choice behind a value: none, a catalog entry (by index), or custom. */
function choiceOf(value: WorkflowValue | undefined, catalog: CatalogAnswer["workflows"]): string {
  if (!value) return "none";
  const i = catalog.findIndex((w) => w.gitUrl === value.gitUrl && w.branch === value.branch && w.path === value.path);
  return i >= 0 ? `catalog:${i}` : "custom";
}

/**
 * Catalog workflows (name and description) plus "custom git URL". Controlled: `value` undefined means
 * no workflow. `errors` are keyed by gitUrl / branch / path.
 */
export function WorkflowPicker({
  value,
  onChange,
  errors = {},
  disabled,
  custom,
  onCustomChange,
}: {
  value: WorkflowValue | undefined;
  onChange: (v: WorkflowValue | undefined) => void;
  errors?: Partial<Record<keyof WorkflowValue, string>>;
  disabled?: boolean;
  /** Custom mode is kept by the parent so an empty custom form stays open. */
  custom: boolean;
  onCustomChange: (custom: boolean) => void;
}) {
  const id = useId();
  const catalog = useWorkflowCatalog();
  const items = catalog.data?.workflows ?? [];
  const choice = custom ? "custom" : choiceOf(value, items);
  const selected = choice.startsWith("catalog:") ? items[Number(choice.slice(8))] : undefined;

  const pick = (next: string) => {
    if (next === "none") {
      onCustomChange(false);
      onChange(undefined);
    } else if (next === "custom") {
      onCustomChange(true);
      onChange(value ?? { gitUrl: "", branch: "main", path: "" });
    } else {
      const w = items[Number(next.slice(8))];
      onCustomChange(false);
      if (w) onChange({ gitUrl: w.gitUrl, branch: w.branch, path: w.path });
    }
  };

  return (
    <div className="flex flex-col gap-2" data-testid="workflow-picker">
      <Label htmlFor={`${id}-choice`}>Workflow</Label>
      <select
        id={`${id}-choice`}
        aria-label="Workflow"
        value={choice}
        disabled={disabled}
        onChange={(e) => pick(e.target.value)}
        className="h-9 rounded-md border border-input bg-background px-2 text-sm focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none disabled:opacity-50"
      >
        <option value="none">No workflow</option>
        {items.map((w, i) => (
          <option key={`${w.gitUrl}#${w.path}`} value={`catalog:${i}`}>
            {w.name}
          </option>
        ))}
        <option value="custom">Custom git URL…</option>
      </select>
      {catalog.isPending ? <p className="text-xs text-muted-foreground">Loading the catalog…</p> : null}
      {catalog.data?.error ? <p className="text-xs text-muted-foreground">Catalog unavailable: {catalog.data.error}</p> : null}
      {selected ? (
        <p className="text-xs text-muted-foreground" data-testid="workflow-description">
          {selected.description || "No description."} <span className="font-mono">{selected.path}</span>
        </p>
      ) : null}
      {choice === "custom" && value ? (
        <div className="grid gap-2 sm:grid-cols-[2fr_1fr_1fr]">
          {(["gitUrl", "branch", "path"] as const).map((k) => (
            <div key={k} className="flex flex-col gap-1">
              <Label htmlFor={`${id}-${k}`} className="text-xs text-muted-foreground">
                {k === "gitUrl" ? "Workflow git URL" : k === "branch" ? "Workflow branch" : "Workflow path"}
              </Label>
              <Input
                id={`${id}-${k}`}
                value={value[k]}
                disabled={disabled}
                placeholder={k === "gitUrl" ? "https://github.com/org/workflows.git" : k === "branch" ? "main" : "workflows/name"}
                aria-invalid={Boolean(errors[k])}
                aria-describedby={errors[k] ? `${id}-${k}-error` : undefined}
                onChange={(e) => onChange({ ...value, [k]: e.target.value })}
                className={cn("font-mono text-xs")}
              />
              {errors[k] ? (
                <p id={`${id}-${k}-error`} className="text-xs text-danger" data-testid={`error-activeWorkflow.${k}`}>
                  {errors[k]}
                </p>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
