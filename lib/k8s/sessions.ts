import "server-only";
import { PatchStrategy, setHeaderOptions, type KubeConfig } from "@kubernetes/client-node";
import {
  SESSION_API_VERSION,
  SESSION_GROUP,
  SESSION_KIND,
  SESSION_PLURAL,
  SESSION_VERSION,
  type AgenticSession,
  type AgenticSessionList,
  type AgenticSessionSpec,
  type ObjectMeta,
} from "../../types/agentic-session";
import { apis } from "./api";

const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL };

export interface SessionPage {
  items: AgenticSession[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface ListOptions {
  limit: number;
  continue?: string;
  labelSelector?: string;
  /** Applied to each API page; the API cannot select on status or free text. */
  filter?: (s: AgenticSession) => boolean;
  /** How many API pages to read at most while looking for filtered matches. */
  maxPages?: number;
}

/**
 * One page of sessions. With a filter, API pages are read until `limit` matches are found or the
 * list ends (bounded by maxPages); the continue token then points after the last page read.
 */
export async function listSessions(kc: KubeConfig, namespace: string, opts: ListOptions): Promise<SessionPage> {
  const { custom } = apis(kc);
  const items: AgenticSession[] = [];
  let cont = opts.continue;
  let resourceVersion = "";
  let remaining: number | undefined;
  const maxPages = opts.filter ? (opts.maxPages ?? 20) : 1;
  for (let page = 0; page < maxPages; page++) {
    const list = (await custom.listNamespacedCustomObject({
      ...base,
      namespace,
      limit: opts.limit,
      _continue: cont,
      labelSelector: opts.labelSelector,
    })) as AgenticSessionList;
    resourceVersion ||= list.metadata?.resourceVersion ?? "";
    for (const item of list.items ?? []) if (!opts.filter || opts.filter(item)) items.push(item);
    cont = list.metadata?.continue || undefined;
    remaining = list.metadata?.remainingItemCount;
    if (!cont || items.length >= opts.limit) break;
  }
  return { items, resourceVersion, ...(cont ? { continue: cont } : {}), ...(remaining !== undefined && !opts.filter ? { remainingItemCount: remaining } : {}) };
}

/** The newest resourceVersion of the session collection (a list of one item is enough). */
export async function currentResourceVersion(kc: KubeConfig, namespace: string): Promise<string> {
  const list = (await apis(kc).custom.listNamespacedCustomObject({ ...base, namespace, limit: 1 })) as AgenticSessionList;
  return list.metadata?.resourceVersion ?? "0";
}

export async function getSession(kc: KubeConfig, namespace: string, name: string): Promise<AgenticSession> {
  return (await apis(kc).custom.getNamespacedCustomObject({ ...base, namespace, name })) as AgenticSession;
}

export async function createSession(
  kc: KubeConfig,
  namespace: string,
  input: { metadata: Pick<ObjectMeta, "name" | "generateName" | "labels" | "annotations">; spec: AgenticSessionSpec },
): Promise<AgenticSession> {
  const body: AgenticSession = { apiVersion: SESSION_API_VERSION, kind: SESSION_KIND, metadata: { ...input.metadata, namespace }, spec: input.spec };
  return (await apis(kc).custom.createNamespacedCustomObject({ ...base, namespace, body })) as AgenticSession;
}

/** JSON merge patch (RFC 7386). Put `metadata.resourceVersion` in the patch to make it conditional. */
export async function mergePatchSession(kc: KubeConfig, namespace: string, name: string, patch: object): Promise<AgenticSession> {
  return (await apis(kc).custom.patchNamespacedCustomObject(
    { ...base, namespace, name, body: patch },
    setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
  )) as AgenticSession;
}

export async function deleteSession(kc: KubeConfig, namespace: string, name: string, resourceVersion?: string): Promise<void> {
  await apis(kc).custom.deleteNamespacedCustomObject({
    ...base,
    namespace,
    name,
    ...(resourceVersion ? { body: { preconditions: { resourceVersion } } } : {}),
  });
}

function isConflict(e: unknown): boolean {
  return (e as { code?: unknown })?.code === 409;
}

/**
 * Read-decide-write with the resourceVersion read, retried on 409 on fresh state (RetryOnConflict).
 * `decide` returns the merge patch to apply, or a value to return without writing when the intent no
 * longer applies. The patch carries the resourceVersion, so a concurrent write is never overwritten.
 */
export async function updateSessionWithRetry<T>(
  kc: KubeConfig,
  namespace: string,
  name: string,
  decide: (current: AgenticSession) => { patch: Record<string, unknown> } | { skip: T },
  attempts = 5,
): Promise<{ session: AgenticSession; retries: number } | { skipped: T; session: AgenticSession; retries: number }> {
  for (let attempt = 0; ; attempt++) {
    const current = await getSession(kc, namespace, name);
    const decision = decide(current);
    if ("skip" in decision) return { skipped: decision.skip, session: current, retries: attempt };
    const patch = decision.patch as { metadata?: Record<string, unknown> };
    const body = { ...patch, metadata: { ...(patch.metadata ?? {}), resourceVersion: current.metadata.resourceVersion } };
    try {
      return { session: await mergePatchSession(kc, namespace, name, body), retries: attempt };
    } catch (e) {
      if (!isConflict(e) || attempt + 1 >= attempts) throw e;
    }
  }
}
