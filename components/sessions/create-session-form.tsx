"use client";

import { useMutation } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, type ReactNode } from "react";
import { toast } from "sonner";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { ApiRequestError, fetchJson } from "@/lib/query/fetch-json";
import { emptyCreateForm, type CreateFormState } from "@/lib/session/create-form-state";
import { SESSION_LIMITS } from "@/lib/session/defaults";
import { fieldErrorsOf } from "@/lib/session/field-errors";
import { cn } from "@/lib/utils";
import type { AgenticSession } from "@/types/agentic-session";
import { WorkflowPicker } from "./workflow-picker";

const loadValidator = () => import("@/lib/session/create-form");

/** Label, control and the field's error, wired for screen readers; `data-testid=error-<field>` for tests. */
function Field({ field, label, hint, error, children }: { field: string; label: string; hint?: ReactNode; error?: string; children: (id: string, describedBy?: string) => ReactNode }) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="flex flex-col gap-1.5" data-field={field}>
      <Label htmlFor={id}>{label}</Label>
      {children(id, error ? errorId : undefined)}
      {hint ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
      {error ? (
        <p id={errorId} className="text-xs text-danger" data-testid={`error-${field}`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function CreateSessionForm({ project, allowLocalRepos }: { project: string; allowLocalRepos: boolean }) {
  const router = useRouter();
  const [form, setForm] = useState<CreateFormState>(emptyCreateForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [customWorkflow, setCustomWorkflow] = useState(false);
  const [formError, setFormError] = useState<string>();

  // Editing a field clears its error; the rest stay until the next submit.
  const clearError = (...fields: string[]) =>
    setErrors((e) => (fields.some((f) => f in e) ? Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k))) : e));
  const FIELD_OF: Partial<Record<keyof CreateFormState, string>> = { model: "llmSettings.model", temperature: "llmSettings.temperature", maxTokens: "llmSettings.maxTokens" };
  const set = <K extends keyof CreateFormState>(key: K, value: CreateFormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    clearError(FIELD_OF[key] ?? key);
  };
  const setRepo = (i: number, patch: Partial<{ url: string; branch: string }>) => {
    setForm((f) => ({ ...f, repos: f.repos.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
    clearError(...Object.keys(patch).map((k) => `repos[${i}].${k}`));
  };

  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      fetchJson<AgenticSession>(`/api/projects/${encodeURIComponent(project)}/sessions`, { method: "POST", json: body }),
    onSuccess: (s) => {
      toast.success(`Session ${s.metadata.name} created`);
      router.push(`/projects/${encodeURIComponent(project)}/sessions/${encodeURIComponent(s.metadata.name ?? "")}`);
    },
    onError: (e) => {
      if (e instanceof ApiRequestError && e.error.causes?.length) {
        const byField = fieldErrorsOf(e.error.causes);
        setErrors(byField);
        setFormError(byField._form);
      } else if (e instanceof ApiRequestError && e.field) {
        setErrors({ [e.field]: e.message });
      } else {
        setFormError(e instanceof ApiRequestError ? `${e.code} ${e.error.reason}: ${e.message}` : String(e));
      }
      toast.error("The session was not created", { description: e instanceof Error ? e.message : String(e) });
    },
  });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setFormError(undefined);
    // The shared schema (zod) is fetched when the user starts on the form, not with the page.
    const { validateCreateForm } = await loadValidator();
    const r = validateCreateForm(form, allowLocalRepos);
    if (!r.ok) {
      setErrors(r.errors);
      // Bring the first invalid field into view.
      const first = Object.keys(r.errors)[0];
      document.querySelector(`[data-field="${CSS.escape(first ?? "")}"] :is(input,textarea,select)`)?.scrollIntoView({ block: "center" });
      return;
    }
    setErrors({});
    create.mutate(r.body);
  };

  const promptLength = form.initialPrompt.length;
  const over = promptLength > SESSION_LIMITS.initialPromptMax;
  const err = (k: string) => errors[k];

  return (
    <form onSubmit={submit} onFocusCapture={() => void loadValidator()} noValidate className="flex flex-col gap-6" aria-label="New session">
      {formError ? (
        <Alert tone="danger" data-testid="form-error">
          <AlertTitle>Could not create the session</AlertTitle>
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Task</CardTitle>
          <CardDescription>What the agent should do.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field field="displayName" label="Display name" error={err("displayName")}>
              {(id, d) => <Input id={id} aria-describedby={d} aria-invalid={Boolean(d)} value={form.displayName} onChange={(e) => set("displayName", e.target.value)} placeholder="Fix the login bug" />}
            </Field>
            <Field field="name" label="Name (optional)" hint="Lowercase letters, digits and '-'; generated when empty." error={err("name")}>
              {(id, d) => <Input id={id} aria-describedby={d} aria-invalid={Boolean(d)} value={form.name} onChange={(e) => set("name", e.target.value)} className="font-mono" placeholder="session-…" />}
            </Field>
          </div>
          <Field
            field="initialPrompt"
            label="Initial prompt"
            error={err("initialPrompt")}
            hint={
              <span className={cn(over && "text-danger")} data-testid="prompt-counter">
                {promptLength.toLocaleString("en-US")} / {SESSION_LIMITS.initialPromptMax.toLocaleString("en-US")} characters
              </span>
            }
          >
            {(id, d) => (
              <Textarea
                id={id}
                aria-describedby={d}
                aria-invalid={Boolean(d)}
                rows={8}
                value={form.initialPrompt}
                onChange={(e) => set("initialPrompt", e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) (e.currentTarget.form as HTMLFormElement | null)?.requestSubmit();
                }}
                placeholder="Describe the task. Ctrl+Enter creates the session."
              />
            )}
          </Field>
          <div className="flex items-center gap-3">
            <Switch id="interactive" checked={form.interactive} onCheckedChange={(v) => set("interactive", v)} aria-label="Interactive" />
            <Label htmlFor="interactive">Interactive</Label>
            <span className="text-xs text-muted-foreground">{form.interactive ? "keeps running and accepts follow-up messages" : "batch: ends after the prompt"}</span>
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Repositories</CardTitle>
          <CardDescription>
            Cloned into the workspace. https://, git@host:org/repo{allowLocalRepos ? " or file:///path" : ""}.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          {form.repos.length === 0 ? <p className="text-sm text-muted-foreground">No repositories: the agent starts in an empty workspace.</p> : null}
          {form.repos.map((r, i) => (
            <div key={i} className="grid items-start gap-2 sm:grid-cols-[1fr_12rem_auto]" data-testid="repo-row">
              <Field field={`repos[${i}].url`} label={`Repository ${i + 1} URL`} error={err(`repos[${i}].url`)}>
                {(id, d) => <Input id={id} aria-describedby={d} aria-invalid={Boolean(d)} value={r.url} onChange={(e) => setRepo(i, { url: e.target.value })} className="font-mono text-xs" placeholder="https://github.com/org/repo.git" />}
              </Field>
              <Field field={`repos[${i}].branch`} label="Branch" error={err(`repos[${i}].branch`)}>
                {(id, d) => <Input id={id} aria-describedby={d} aria-invalid={Boolean(d)} value={r.branch} onChange={(e) => setRepo(i, { branch: e.target.value })} className="font-mono text-xs" placeholder="main" />}
              </Field>
              <Button type="button" variant="ghost" size="icon" className="mt-5" aria-label={`Remove repository ${i + 1}`} onClick={() => set("repos", form.repos.filter((_, j) => j !== i))}>
                <Trash2 />
              </Button>
            </div>
          ))}
          {err("repos") ? <p className="text-xs text-danger" data-testid="error-repos">{err("repos")}</p> : null}
          <Button type="button" variant="outline" size="sm" className="self-start" onClick={() => set("repos", [...form.repos, { url: "", branch: "main" }])}>
            <Plus /> Add repository
          </Button>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Workflow</CardTitle>
          <CardDescription>Optional: a workflow from the catalog, or a custom git folder.</CardDescription>
        </CardHeader>
        <CardContent>
          <WorkflowPicker
            value={form.workflow}
            onChange={(v) => set("workflow", v)}
            custom={customWorkflow}
            onCustomChange={setCustomWorkflow}
            errors={{ gitUrl: err("activeWorkflow.gitUrl"), branch: err("activeWorkflow.branch"), path: err("activeWorkflow.path") }}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Model and limits</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Field field="llmSettings.model" label="Model" error={err("llmSettings.model")}>
            {(id, d) => <Input id={id} aria-describedby={d} aria-invalid={Boolean(d)} value={form.model} onChange={(e) => set("model", e.target.value)} className="font-mono text-xs" />}
          </Field>
          <Field field="llmSettings.temperature" label="Temperature" hint={`${SESSION_LIMITS.temperatureMin}–${SESSION_LIMITS.temperatureMax}`} error={err("llmSettings.temperature")}>
            {(id, d) => <Input id={id} aria-describedby={d} aria-invalid={Boolean(d)} inputMode="decimal" value={form.temperature} onChange={(e) => set("temperature", e.target.value)} />}
          </Field>
          <Field field="llmSettings.maxTokens" label="Max tokens" hint={`${SESSION_LIMITS.maxTokensMin}–${SESSION_LIMITS.maxTokensMax.toLocaleString("en-US")}`} error={err("llmSettings.maxTokens")}>
            {(id, d) => <Input id={id} aria-describedby={d} aria-invalid={Boolean(d)} inputMode="numeric" value={form.maxTokens} onChange={(e) => set("maxTokens", e.target.value)} />}
          </Field>
          <Field field="timeout" label="Timeout (seconds)" hint={`${SESSION_LIMITS.timeoutMin}–${SESSION_LIMITS.timeoutMax.toLocaleString("en-US")}`} error={err("timeout")}>
            {(id, d) => <Input id={id} aria-describedby={d} aria-invalid={Boolean(d)} inputMode="numeric" value={form.timeout} onChange={(e) => set("timeout", e.target.value)} />}
          </Field>
          <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-4">
            <Switch id="autopush" checked={form.autoPushOnComplete} onCheckedChange={(v) => set("autoPushOnComplete", v)} aria-label="Auto-push on completion" />
            <Label htmlFor="autopush">Push changes when the session completes</Label>
          </div>
        </CardContent>
      </Card>

      <div className="flex items-center gap-3">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create session"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => router.back()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
