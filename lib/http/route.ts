import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { NextResponse, type NextRequest } from "next/server";
import { identityOfRequest } from "../auth/server";
import { kubeConfigFor } from "../k8s/client";
import type { Identity } from "../k8s/identity";
import { logger } from "../log";
import { projectNameSchema, sessionNameSchema } from "../session/schemas";
import { HttpError, type ApiErrorBody, type FieldCause } from "./api-error";
import { isCrossSiteWrite } from "./same-origin";
import { toErrorResponse } from "./to-error-response";

export interface RouteContext<P> {
  req: NextRequest;
  params: P;
  identity: Identity;
  kc: KubeConfig;
}

type Handler<P> = (ctx: RouteContext<P>) => Promise<Response>;

export function errorJson(body: ApiErrorBody, status = body.error.code): NextResponse {
  return NextResponse.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * Wraps a route handler: rejects cross-site writes, resolves the caller's identity (401 without one),
 * and maps every thrown error to `{ error: { code, reason, message, field? } }`.
 */
export function route<P = Record<string, never>>(handler: Handler<P>) {
  return async (req: NextRequest, segment: { params: Promise<P> }): Promise<Response> => {
    try {
      const forwardedHost = req.headers.get("x-forwarded-host");
      if (
        isCrossSiteWrite({
          method: req.method,
          origin: req.headers.get("origin"),
          secFetchSite: req.headers.get("sec-fetch-site"),
          host: forwardedHost ?? req.headers.get("host"),
        })
      ) {
        throw new HttpError(403, "Forbidden", "Cross-site request refused.");
      }
      const identity = identityOfRequest(req);
      if (!identity) throw new HttpError(401, "Unauthorized", "Sign in with a Kubernetes token to use the console.");
      const params = segment?.params ? await segment.params : ({} as P);
      checkPathParams(params);
      return await handler({ req, params, identity, kc: kubeConfigFor(identity) });
    } catch (e) {
      const mapped = toErrorResponse(e);
      if (mapped.unexpected) logger.error({ err: e, method: req.method, path: req.nextUrl.pathname }, "request failed");
      return errorJson(mapped.body, mapped.status);
    }
  };
}

/** A bad `[project]` or `[name]` in the path is a 400 naming that parameter, whatever the handler does next. */
function checkPathParams(params: unknown): void {
  const p = (params ?? {}) as Record<string, unknown>;
  const causes: FieldCause[] = [];
  for (const [field, schema] of [["project", projectNameSchema], ["name", sessionNameSchema]] as const) {
    if (typeof p[field] !== "string") continue;
    const r = schema.safeParse(p[field]);
    if (!r.success) causes.push({ field, message: r.error.issues[0]?.message ?? "invalid" });
  }
  if (causes.length) throw new HttpError(400, "BadRequest", `${causes[0].field}: ${causes[0].message}`, causes);
}

/** Parse a JSON request body, answering 415/400/413 for the wrong type, bad JSON or an oversized body. */
export async function readJson(req: NextRequest, maxBytes = 512 * 1024): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, "UnsupportedMediaType", "Send the body as application/json.");
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) throw new HttpError(413, "RequestEntityTooLarge", `Body larger than ${maxBytes} bytes.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "BadRequest", "The body is not valid JSON.");
  }
}
