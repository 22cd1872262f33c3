import type { Identity } from "../k8s/identity";
import { FORWARDED_TOKEN_HEADER, TOKEN_COOKIE } from "./constants";

export type AuthMode = "local" | "token" | "proxy";

/** What the identity is derived from: headers and cookies of one request. */
export interface RequestCredentials {
  header(name: string): string | null | undefined;
  cookie(name: string): string | null | undefined;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;
// Tokens are opaque, but a sane one is printable ASCII without separators; this keeps header injection out.
const TOKEN_SHAPE = /^[\x21-\x7e]{1,4096}$/;

export function isPlausibleToken(token: string): boolean {
  return TOKEN_SHAPE.test(token) && !token.includes(",") && !token.includes(";");
}

/**
 * The identity a request acts as, or undefined when the mode needs a token and none came.
 * local: the kubeconfig's user; token: the sign-in cookie; proxy: the proxy's header, else Authorization.
 */
export function identityFrom(mode: AuthMode, creds: RequestCredentials): Identity | undefined {
  if (mode === "local") return { kind: "local" };
  let token: string | undefined;
  if (mode === "token") token = creds.cookie(TOKEN_COOKIE) ?? undefined;
  else {
    token = creds.header(FORWARDED_TOKEN_HEADER) ?? undefined;
    if (!token) token = BEARER.exec(creds.header("authorization") ?? "")?.[1];
  }
  token = token?.trim();
  return token && isPlausibleToken(token) ? { kind: "token", token } : undefined;
}
