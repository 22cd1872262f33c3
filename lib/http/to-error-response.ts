import { ZodError } from "zod";
import { fieldPath } from "./field-path";
import { HttpError, reasonForCode, statusToBody, type ApiErrorBody, type K8sStatus } from "./api-error";

export interface ErrorResponse {
  status: number;
  body: ApiErrorBody;
  /** True when the cause is ours (a bug or an unreachable cluster), worth logging at error level. */
  unexpected: boolean;
}

function parseBody(body: unknown): K8sStatus | undefined {
  if (typeof body === "string") {
    try {
      return JSON.parse(body) as K8sStatus;
    } catch {
      return body ? { message: body } : undefined;
    }
  }
  return typeof body === "object" && body !== null ? (body as K8sStatus) : undefined;
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_SOCKET"]);

function networkCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** One mapping for every error a route handler can meet. */
export function toErrorResponse(e: unknown): ErrorResponse {
  if (e instanceof HttpError) {
    const causes = e.causes;
    return {
      status: e.code,
      unexpected: false,
      body: { error: { code: e.code, reason: e.reason, message: e.message, ...(causes[0]?.field ? { field: causes[0].field } : {}), ...(causes.length ? { causes } : {}) } },
    };
  }
  if (e instanceof ZodError) {
    const causes = e.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }));
    const first = causes[0];
    const message = first ? (first.field ? `${first.field}: ${first.message}` : first.message) : "invalid input";
    return { status: 400, unexpected: false, body: { error: { code: 400, reason: "BadRequest", message, ...(first?.field ? { field: first.field } : {}), causes } } };
  }
  // client-node's ApiException: numeric `code` and the Status in `body`.
  const apiCode = (e as { code?: unknown })?.code;
  if (typeof apiCode === "number" && apiCode >= 400 && apiCode < 600) {
    const status = parseBody((e as { body?: unknown }).body) ?? {};
    const body = statusToBody(status, apiCode);
    // A 5xx from the cluster is the cluster's problem: report it as a bad gateway, not our 500.
    const httpStatus = apiCode >= 500 ? 502 : apiCode;
    return { status: httpStatus, unexpected: apiCode >= 500, body: { error: { ...body.error, code: httpStatus } } };
  }
  const net = networkCode(e);
  if (net) {
    return {
      status: 503,
      unexpected: true,
      body: { error: { code: 503, reason: "ServiceUnavailable", message: `The Kubernetes API server is unreachable (${net}).` } },
    };
  }
  return { status: 500, unexpected: true, body: { error: { code: 500, reason: reasonForCode(500), message: "Internal error; see the console's log." } } };
}
