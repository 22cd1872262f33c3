import { describe, expect, it } from "vitest";
import { identityFrom, type RequestCredentials } from "./identity";

function creds(headers: Record<string, string> = {}, cookies: Record<string, string> = {}): RequestCredentials {
  return { header: (n) => headers[n.toLowerCase()], cookie: (n) => cookies[n] };
}

describe("identityFrom", () => {
  it("local mode acts as the kubeconfig's user whatever the request carries", () => {
    expect(identityFrom("local", creds({ authorization: "Bearer x" }))).toEqual({ kind: "local" });
  });

  it("token mode reads only the sign-in cookie", () => {
    expect(identityFrom("token", creds({}, { "sc-token": "abc123" }))).toEqual({ kind: "token", token: "abc123" });
    expect(identityFrom("token", creds({ authorization: "Bearer abc" }))).toBeUndefined();
  });

  it("proxy mode prefers X-Forwarded-Access-Token, then Authorization: Bearer", () => {
    expect(identityFrom("proxy", creds({ "x-forwarded-access-token": "fwd", authorization: "Bearer other" }))).toEqual({ kind: "token", token: "fwd" });
    expect(identityFrom("proxy", creds({ authorization: "Bearer tok" }))).toEqual({ kind: "token", token: "tok" });
    expect(identityFrom("proxy", creds({ authorization: "Basic Zm9vOmJhcg==" }))).toBeUndefined();
    expect(identityFrom("proxy", creds({}, { "sc-token": "cookie" }))).toBeUndefined();
  });

  it("refuses tokens with separators or control characters", () => {
    expect(identityFrom("token", creds({}, { "sc-token": "a\nb" }))).toBeUndefined();
    expect(identityFrom("proxy", creds({ "x-forwarded-access-token": "a,b" }))).toBeUndefined();
    expect(identityFrom("token", creds({}, { "sc-token": "" }))).toBeUndefined();
  });
});
