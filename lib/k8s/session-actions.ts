import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { HttpError } from "../http/api-error";
import { toErrorResponse } from "../http/to-error-response";
import { decideStart, decideStop, phaseOf, type Decision, type SessionPermissions } from "../session/actions";
import { normalizeSpec } from "../session/normalize";
import { formFieldOf } from "../session/schemas";
import { ANNOTATIONS, SESSION_GROUP, SESSION_PLURAL, type AgenticSession, type AgenticSessionSpec, type UserContext } from "../../types/agentic-session";
import { apis } from "./api";
import { createSession, deleteSession, getSession, updateSessionWithRetry } from "./sessions";
import { whoAmI } from "./whoami";

export interface ActionResult {
  session: AgenticSession;
  /** False when the session already was in the requested state (nothing written). */
  changed: boolean;
  message: string;
  retries: number;
}

/**
 * Run a decision in the read-decide-write loop (resourceVersion on every write, re-read on 409).
 * A decision that no longer applies on fresh state becomes a 409 saying what changed.
 */
export async function applyDecision(kc: KubeConfig, namespace: string, name: string, decide: (s: AgenticSession) => Decision, done: string): Promise<ActionResult> {
  const result = await updateSessionWithRetry(kc, namespace, name, decide);
  if ("skipped" in result) {
    if (result.skipped.outcome === "conflict") throw new HttpError(409, "Conflict", result.skipped.message);
    return { session: result.session, changed: false, message: result.skipped.message, retries: result.retries };
  }
  return { session: result.session, changed: true, message: done, retries: result.retries };
}

export function startSession(kc: KubeConfig, namespace: string, name: string, resume: boolean): Promise<ActionResult> {
  const now = new Date();
  return applyDecision(kc, namespace, name, (s) => decideStart(s, now, { resume }), resume ? "Continue requested" : "Start requested");
}

export function stopSession(kc: KubeConfig, namespace: string, name: string): Promise<ActionResult> {
  return applyDecision(kc, namespace, name, decideStop, "Stop requested");
}

/** The caller as the session's `userContext` (CONTRACT.md §1: never from the form). */
export async function userContextOf(kc: KubeConfig): Promise<UserContext | undefined> {
  const me = await whoAmI(kc);
  if (!me.username) return undefined;
  return { userId: me.username, displayName: me.username, ...(me.groups?.length ? { groups: me.groups } : {}) };
}

/** generateName for a copy: the source name shortened so name + suffix stays a short DNS label. */
export function copyPrefix(source: string): string {
  return `${source.slice(0, 28).replace(/[-.]+$/, "")}-`;
}

/** The stored spec in its current form (legacy fields normalised, as the user sees it), for a copy. */
export function specForCopy(source: AgenticSession, userContext: UserContext | undefined): AgenticSessionSpec {
  const n = normalizeSpec(source.spec);
  return {
    initialPrompt: n.initialPrompt,
    ...(n.displayName ? { displayName: n.displayName } : {}),
    interactive: n.interactive,
    repos: n.repos.map((r) => ({ url: r.url, branch: r.branch })),
    ...(n.activeWorkflow ? { activeWorkflow: n.activeWorkflow } : {}),
    llmSettings: n.llmSettings,
    timeout: n.timeout,
    autoPushOnComplete: n.autoPushOnComplete,
    ...(userContext ? { userContext } : {}),
  };
}

/**
 * Clone (fresh workspace) or continue as new (workspace copied from the parent, linked by the parent
 * annotation). Continue-as-new needs the parent ended, checked on the state just read.
 */
export async function copySession(
  kc: KubeConfig,
  namespace: string,
  sourceName: string,
  opts: { linkParent: boolean; name?: string; displayName?: string },
): Promise<AgenticSession> {
  const [source, userContext] = await Promise.all([getSession(kc, namespace, sourceName), userContextOf(kc)]);
  if (opts.linkParent) {
    const phase = phaseOf(source);
    if (!["Stopped", "Completed", "Failed"].includes(phase)) throw new HttpError(409, "Conflict", `The session is ${phase}; stop it before continuing it as a new session`);
  }
  const spec = specForCopy(source, userContext);
  if (opts.displayName) spec.displayName = opts.displayName;
  else if (spec.displayName) spec.displayName = `${spec.displayName} (${opts.linkParent ? "continued" : "copy"})`.slice(0, 253);
  return createSession(kc, namespace, {
    metadata: {
      ...(opts.name ? { name: opts.name } : { generateName: copyPrefix(sourceName) }),
      ...(opts.linkParent ? { annotations: { [ANNOTATIONS.parentSessionId]: sourceName } } : {}),
    },
    spec,
  });
}

/** Delete with the resourceVersion read as precondition; re-read on 409 (deletion still wanted). */
export async function deleteSessionChecked(kc: KubeConfig, namespace: string, name: string, attempts = 5): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const current = await getSession(kc, namespace, name);
    try {
      await deleteSession(kc, namespace, name, current.metadata.resourceVersion);
      return;
    } catch (e) {
      if ((e as { code?: unknown }).code !== 409 || attempt + 1 >= attempts) throw e;
    }
  }
}

async function can(kc: KubeConfig, namespace: string, verb: string, resource: string, group: string, subresource?: string): Promise<boolean> {
  try {
    const review = await apis(kc).authz.createSelfSubjectAccessReview({
      body: {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: { resourceAttributes: { namespace, verb, group, resource, ...(subresource ? { subresource } : {}) } },
      },
    });
    return review.status?.allowed === true;
  } catch {
    // A server without access reviews: offer the action and let the write itself answer 403.
    return true;
  }
}

/** What the caller may do to sessions in the namespace, for enabling buttons. */
export async function sessionPermissions(kc: KubeConfig, namespace: string): Promise<SessionPermissions> {
  const [patch, create, del, proxy] = await Promise.all([
    can(kc, namespace, "patch", SESSION_PLURAL, SESSION_GROUP),
    can(kc, namespace, "create", SESSION_PLURAL, SESSION_GROUP),
    can(kc, namespace, "delete", SESSION_PLURAL, SESSION_GROUP),
    can(kc, namespace, "create", "services", "", "proxy"),
  ]);
  return { patch, create, delete: del, proxy };
}

/**
 * Run a write and turn the API server's 422 causes (`spec.timeout`, `metadata.name`) into the form's
 * field paths, so the rejection lands on the right input.
 */
export async function withFormFields<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if ((e as { code?: unknown }).code !== 422) throw e;
    const { body } = toErrorResponse(e);
    const causes = (body.error.causes ?? []).map((c) => ({ field: formFieldOf(c.field), message: c.message }));
    throw new HttpError(422, body.error.reason, body.error.message, causes);
  }
}
