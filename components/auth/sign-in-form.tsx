"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { ApiRequestError, fetchJson } from "@/lib/query/fetch-json";

export function SignInForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function submit(form: FormData) {
    setPending(true);
    setError(undefined);
    try {
      await fetchJson("/api/auth/session", { method: "POST", json: { token: String(form.get("token") ?? "") } });
      router.push("/");
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : "Sign-in failed");
    } finally {
      setPending(false);
    }
  }

  return (
    <form action={submit} className="flex flex-col gap-3">
      <Label htmlFor="token">Token</Label>
      <Textarea id="token" name="token" required autoComplete="off" spellCheck={false} className="font-mono text-xs" aria-invalid={Boolean(error)} />
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Sign in"}
      </Button>
    </form>
  );
}
