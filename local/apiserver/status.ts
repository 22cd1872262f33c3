// Kubernetes `Status` errors: every non-2xx answer carries one (KUBE-API-NOTES.md).
import type { Cause } from "./validation";

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: Cause[];
  retryAfterSeconds?: number;
}

export interface StatusObject {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }
  toStatus(): StatusObject {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `agenticsessions.vteam.ambient-code` or `namespaces`: how kube-apiserver names a resource in messages. */
export interface ResourceName {
  plural: string;
  group: string;
}
const qualified = (r: ResourceName) => (r.group ? `${r.plural}.${r.group}` : r.plural);

export const errors = {
  notFound: (r: ResourceName, name: string) =>
    new ApiError(404, "NotFound", `${qualified(r)} "${name}" not found`, { name, group: r.group, kind: r.plural }),
  alreadyExists: (r: ResourceName, name: string) =>
    new ApiError(409, "AlreadyExists", `${qualified(r)} "${name}" already exists`, { name, group: r.group, kind: r.plural }),
  conflict: (r: ResourceName, name: string, why = "the object has been modified; please apply your changes to the latest version and try again") =>
    new ApiError(409, "Conflict", `Operation cannot be fulfilled on ${qualified(r)} "${name}": ${why}`, { name, group: r.group, kind: r.plural }),
  invalid: (kind: string, group: string, name: string, causes: Cause[]) =>
    new ApiError(
      422,
      "Invalid",
      `${kind}${group ? `.${group}` : ""} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(", ")}`,
      { name, group, kind, causes },
    ),
  badRequest: (message: string) => new ApiError(400, "BadRequest", message),
  unauthorized: () => new ApiError(401, "Unauthorized", "Unauthorized"),
  forbidden: (message: string) => new ApiError(403, "Forbidden", message),
  methodNotAllowed: (message = "the server does not allow this method on the requested resource") => new ApiError(405, "MethodNotAllowed", message),
  unsupportedMediaType: (message: string) => new ApiError(415, "UnsupportedMediaType", message),
  tooLarge: (message: string) => new ApiError(413, "RequestEntityTooLarge", message),
  expired: (message: string) => new ApiError(410, "Expired", message),
  gone: (message: string) => new ApiError(410, "Gone", message),
  unavailable: (message: string) => new ApiError(503, "ServiceUnavailable", message),
  internal: (message: string) => new ApiError(500, "InternalError", message),
};
