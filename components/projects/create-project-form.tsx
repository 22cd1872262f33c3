"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { fieldPath } from "@/lib/http/field-path";
import { ApiRequestError, fetchJson } from "@/lib/query/fetch-json";
import { createProjectSchema } from "@/lib/session/schemas";

export function CreateProjectForm() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  if (!open) {
    return (
      <Button variant="outline" onClick={() => setOpen(true)}>
        <Plus /> New project
      </Button>
    );
  }

  async function submit(form: FormData) {
    const parsed = createProjectSchema.safeParse({ name: form.get("name"), displayName: form.get("displayName") || undefined });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [fieldPath(i.path), i.message])));
      return;
    }
    setErrors({});
    setPending(true);
    try {
      await fetchJson("/api/projects", { method: "POST", json: parsed.data });
      toast.success(`Project ${parsed.data.name} created`);
      setOpen(false);
      router.refresh();
    } catch (e) {
      if (e instanceof ApiRequestError) {
        setErrors({ [e.field ?? "name"]: e.message });
        toast.error(`Could not create the project: ${e.message}`);
      } else toast.error("Could not create the project");
    } finally {
      setPending(false);
    }
  }

  return (
    <form action={submit} className="flex flex-wrap items-start gap-2 rounded-lg border bg-card p-3" aria-label="New project">
      <div className="flex flex-col gap-1">
        <Label htmlFor="project-name">Name</Label>
        <Input id="project-name" name="name" placeholder="team-a" required aria-invalid={Boolean(errors.name)} autoFocus />
        {errors.name ? <p className="text-xs text-danger">{errors.name}</p> : null}
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="project-display">Display name</Label>
        <Input id="project-display" name="displayName" placeholder="Team A" aria-invalid={Boolean(errors.displayName)} />
        {errors.displayName ? <p className="text-xs text-danger">{errors.displayName}</p> : null}
      </div>
      <div className="flex gap-2 self-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
