import "server-only";
import { cookies, headers } from "next/headers";
import type { NextRequest } from "next/server";
import { config } from "../config";
import type { Identity } from "../k8s/identity";
import { identityFrom } from "./identity";

/** Identity of the request a route handler serves. */
export function identityOfRequest(req: NextRequest): Identity | undefined {
  return identityFrom(config().AUTH_MODE, {
    header: (n) => req.headers.get(n),
    cookie: (n) => req.cookies.get(n)?.value,
  });
}

/** Identity of the request a Server Component renders for. */
export async function identityOfPage(): Promise<Identity | undefined> {
  const [h, c] = await Promise.all([headers(), cookies()]);
  return identityFrom(config().AUTH_MODE, { header: (n) => h.get(n), cookie: (n) => c.get(n)?.value });
}
