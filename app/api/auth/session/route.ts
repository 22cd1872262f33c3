import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { isPlausibleToken } from "@/lib/auth/identity";
import { TOKEN_COOKIE } from "@/lib/auth/constants";
import { identityOfRequest } from "@/lib/auth/server";
import { config } from "@/lib/config";
import { kubeConfigFor } from "@/lib/k8s/client";
import { whoAmI } from "@/lib/k8s/whoami";
import { HttpError } from "@/lib/http/api-error";
import { errorJson, readJson } from "@/lib/http/route";
import { isCrossSiteWrite } from "@/lib/http/same-origin";
import { toErrorResponse } from "@/lib/http/to-error-response";

export const dynamic = "force-dynamic";

const signInSchema = z.object({
  token: z.string().trim().min(1, "paste a token").max(4096, "token too long").refine(isPlausibleToken, "not a valid bearer token"),
});

function refuseCrossSite(req: NextRequest) {
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (isCrossSiteWrite({ method: req.method, origin: req.headers.get("origin"), secFetchSite: req.headers.get("sec-fetch-site"), host })) {
    throw new HttpError(403, "Forbidden", "Cross-site request refused.");
  }
}

function secure(req: NextRequest): boolean {
  return (req.headers.get("x-forwarded-proto") ?? req.nextUrl.protocol.replace(":", "")) === "https";
}

/** Who the caller is and which auth mode the console runs in. */
export async function GET(req: NextRequest) {
  const mode = config().AUTH_MODE;
  const identity = identityOfRequest(req);
  if (!identity) return NextResponse.json({ mode, signedIn: false });
  try {
    return NextResponse.json({ mode, signedIn: true, user: await whoAmI(kubeConfigFor(identity)) });
  } catch (e) {
    const mapped = toErrorResponse(e);
    if (mapped.status === 401) return NextResponse.json({ mode, signedIn: false });
    return errorJson(mapped.body, mapped.status);
  }
}

/** Sign in (AUTH_MODE=token): the token is checked against the cluster, then kept in an httpOnly cookie. */
export async function POST(req: NextRequest) {
  try {
    refuseCrossSite(req);
    if (config().AUTH_MODE !== "token") throw new HttpError(400, "BadRequest", `Sign-in is not used in AUTH_MODE=${config().AUTH_MODE}.`);
    const { token } = signInSchema.parse(await readJson(req, 16 * 1024));
    const user = await whoAmI(kubeConfigFor({ kind: "token", token }));
    const res = NextResponse.json({ signedIn: true, user });
    res.cookies.set(TOKEN_COOKIE, token, { httpOnly: true, sameSite: "strict", secure: secure(req), path: "/", maxAge: 12 * 3600 });
    return res;
  } catch (e) {
    const mapped = toErrorResponse(e);
    if (mapped.status === 401) mapped.body.error.message = "The cluster did not accept this token.";
    if (mapped.status === 401 || mapped.status === 400) mapped.body.error.field ??= "token";
    return errorJson(mapped.body, mapped.status);
  }
}

export async function DELETE(req: NextRequest) {
  try {
    refuseCrossSite(req);
  } catch (e) {
    const mapped = toErrorResponse(e);
    return errorJson(mapped.body, mapped.status);
  }
  const res = NextResponse.json({ signedIn: false });
  res.cookies.set(TOKEN_COOKIE, "", { httpOnly: true, sameSite: "strict", secure: secure(req), path: "/", maxAge: 0 });
  return res;
}
