import { describe, expect, it } from "vitest";
import { z } from "zod";
import { HttpError } from "./api-error";
import { fieldPath } from "./field-path";
import { toErrorResponse } from "./to-error-response";

function apiException(code: number, body: unknown) {
  return Object.assign(new Error(`HTTP-Code: ${code}`), { code, body });
}

describe("toErrorResponse", () => {
  it("keeps a Kubernetes Status code and reason (403)", () => {
    const r = toErrorResponse(
      apiException(403, JSON.stringify({ kind: "Status", code: 403, reason: "Forbidden", message: 'user "demo" cannot list resource "agenticsessions" in namespace "b"' })),
    );
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 403, reason: "Forbidden" });
    expect(r.body.error.message).toContain("cannot list");
    expect(r.unexpected).toBe(false);
  });

  it("maps 401 without a body to Unauthorized", () => {
    const r = toErrorResponse(apiException(401, ""));
    expect(r.status).toBe(401);
    expect(r.body.error.reason).toBe("Unauthorized");
  });

  it("names the first invalid field of a 422", () => {
    const r = toErrorResponse(
      apiException(422, {
        code: 422,
        reason: "Invalid",
        message: "AgenticSession.vteam.ambient-code \"x\" is invalid",
        details: { causes: [{ reason: "FieldValueInvalid", field: "spec.timeout", message: "must be <= 86400" }] },
      }),
    );
    expect(r.status).toBe(422);
    expect(r.body.error.field).toBe("spec.timeout");
    expect(r.body.error.causes).toEqual([{ field: "spec.timeout", message: "must be <= 86400" }]);
  });

  it("keeps 409 Conflict for the UI to explain", () => {
    const r = toErrorResponse(apiException(409, { code: 409, reason: "Conflict", message: "the object has been modified" }));
    expect(r.status).toBe(409);
    expect(r.body.error.reason).toBe("Conflict");
  });

  it("turns a cluster 5xx into 502 and an unreachable cluster into 503", () => {
    expect(toErrorResponse(apiException(500, { code: 500, reason: "InternalError", message: "boom" })).status).toBe(502);
    const refused = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) });
    const r = toErrorResponse(refused);
    expect(r.status).toBe(503);
    expect(r.body.error.reason).toBe("ServiceUnavailable");
  });

  it("maps zod errors to 400 naming the field", () => {
    const schema = z.object({ repos: z.array(z.object({ url: z.string().url() })) });
    const parsed = schema.safeParse({ repos: [{ url: "https://ok.example/x" }, { url: "nope" }] });
    expect(parsed.success).toBe(false);
    const r = toErrorResponse(parsed.error);
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe("repos[1].url");
  });

  it("keeps HttpError as thrown and hides unknown errors behind a generic 500", () => {
    expect(toErrorResponse(new HttpError(409, "Conflict", "session is Stopped", [{ field: "phase", message: "x" }])).body.error).toMatchObject({
      code: 409,
      field: "phase",
    });
    const r = toErrorResponse(new Error("secret detail"));
    expect(r.status).toBe(500);
    expect(r.body.error.message).not.toContain("secret detail");
  });

  it("formats paths", () => {
    expect(fieldPath(["spec", "repos", 0, "url"])).toBe("spec.repos[0].url");
    expect(fieldPath([])).toBe("");
  });
});
