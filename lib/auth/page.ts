import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { redirect } from "next/navigation";
import { kubeConfigFor } from "../k8s/client";
import { toErrorResponse } from "../http/to-error-response";
import type { ApiErrorBody } from "../http/api-error";
import { identityOfPage } from "./server";

/** The caller's cluster access for a Server Component; without an identity, off to sign-in. */
export async function pageKubeConfig(): Promise<KubeConfig> {
  const identity = await identityOfPage();
  if (!identity) redirect("/signin");
  return kubeConfigFor(identity);
}

export type Loaded<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody["error"] };

/** Run a server-side read; errors become values the page renders (401 → sign-in). */
export async function load<T>(read: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await read() };
  } catch (e) {
    const mapped = toErrorResponse(e);
    if (mapped.status === 401) redirect("/signin");
    return { ok: false, error: mapped.body.error };
  }
}
