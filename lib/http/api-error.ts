// The console's error body, shared by route handlers and the browser:
// `{ error: { code, reason, message, field? } }` — Kubernetes Status reasons kept as they are.

export interface FieldCause {
  field: string;
  message: string;
}

export interface ApiErrorBody {
  error: {
    code: number;
    reason: string;
    message: string;
    /** The first offending input field, in the form's own path (e.g. `repos[1].url`). */
    field?: string;
    causes?: FieldCause[];
  };
}

/** An error a route handler throws on purpose; mapped to its status and reason as is. */
export class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly causes: FieldCause[] = [],
  ) {
    super(message);
  }
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  const e = (value as ApiErrorBody | undefined)?.error;
  return typeof e === "object" && e !== null && typeof e.code === "number" && typeof e.message === "string";
}

/** A Kubernetes `Status` (meta/v1) as it arrives in an error body. */
export interface K8sStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: { name?: string; kind?: string; causes?: Array<{ reason?: string; message?: string; field?: string }> };
}

/** Map a Kubernetes Status to the console's body, keeping code and reason. */
export function statusToBody(status: K8sStatus, fallbackCode: number): ApiErrorBody {
  const code = typeof status.code === "number" && status.code >= 400 ? status.code : fallbackCode;
  const causes = (status.details?.causes ?? [])
    .filter((c) => c.field || c.message)
    .map((c) => ({ field: c.field ?? "", message: c.message ?? c.reason ?? "invalid" }));
  const firstField = causes.find((c) => c.field)?.field;
  return {
    error: {
      code,
      reason: status.reason || reasonForCode(code),
      message: status.message || reasonForCode(code),
      ...(firstField ? { field: firstField } : {}),
      ...(causes.length ? { causes } : {}),
    },
  };
}

const REASONS: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  409: "Conflict",
  410: "Expired",
  413: "RequestEntityTooLarge",
  415: "UnsupportedMediaType",
  422: "Invalid",
  429: "TooManyRequests",
  500: "InternalError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "Timeout",
};

export function reasonForCode(code: number): string {
  return REASONS[code] ?? (code >= 500 ? "InternalError" : "BadRequest");
}
