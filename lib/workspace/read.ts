import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { NextResponse, type NextRequest } from "next/server";
import { config } from "../config";
import { HttpError } from "../http/api-error";
import { readTranscript } from "../k8s/content";
import { proxyStream } from "../k8s/content-stream";
import { getSession, mergePatchSession, updateSessionWithRetry } from "../k8s/sessions";
import { logger } from "../log";
import { sessionRefSchema } from "../session/schemas";
import type { TranscriptEntry } from "../session/transcript";
import type { AgenticSession } from "../../types/agentic-session";
import { workspaceAccess } from "./access";
import { contentDisposition, flagParam, workspacePathParam } from "./query";
import { TouchThrottle, requestPatch, touchPatch, touchWindowMs } from "./touch";
import type { WorkspaceAccess } from "./types";

// Workspace reads for the route handlers: find who serves the workspace, keep temporary access
// alive (throttled), and pass the content server's answer on as a stream.

export type WorkspaceEndpoint = "list" | "file" | "git-status" | "diff" | "archive";

interface Ctx {
  req: NextRequest;
  params: { project: string; name: string };
  kc: KubeConfig;
}

// One throttle per process, even if route bundles load this module more than once.
const THROTTLE_KEY = Symbol.for("session-console.workspace-touch");
function throttle(): TouchThrottle {
  const g = globalThis as { [THROTTLE_KEY]?: TouchThrottle };
  return (g[THROTTLE_KEY] ??= new TouchThrottle(touchWindowMs(config().TEMP_CONTENT_IDLE_SECONDS)));
}

const noStore = { "Cache-Control": "no-store" };

export function accessJson(session: AgenticSession): NextResponse<WorkspaceAccess> {
  return NextResponse.json(workspaceAccess(session), { headers: noStore });
}

/** Refresh last-accessed with the version read; re-read on 409. Returns whether it wrote. */
export async function touchLastAccessed(kc: KubeConfig, namespace: string, name: string, session: AgenticSession, now = new Date()): Promise<boolean> {
  const t = throttle();
  const key = `${namespace}/${name}`;
  if (!t.due(key, now.getTime())) return false;
  // Recorded before writing, so a burst of reads makes one write, and a failing write no storm.
  t.record(key, now.getTime());
  let current = session;
  for (let attempt = 0; attempt < 4; attempt++) {
    const patch = touchPatch(current, now, t.windowMs);
    if (!patch) return false;
    try {
      await mergePatchSession(kc, namespace, name, { metadata: { ...patch.metadata, resourceVersion: current.metadata.resourceVersion } });
      return true;
    } catch (e) {
      if ((e as { code?: unknown }).code !== 409) throw e;
      current = await getSession(kc, namespace, name);
    }
  }
  return false;
}

/** The session and the content service to read through; 409 naming the state when there is none. */
async function servingSession(kc: KubeConfig, project: string, name: string): Promise<{ session: AgenticSession; service: string; temp: boolean }> {
  const session = await getSession(kc, project, name);
  const access = workspaceAccess(session);
  if (!access.service) throw new HttpError(409, "Conflict", `The workspace is not open (${access.state}): ${access.message}`);
  return { session, service: access.service, temp: access.state === "ready" };
}

function keepAlive(kc: KubeConfig, project: string, name: string, session: AgenticSession): Promise<void> {
  return touchLastAccessed(kc, project, name, session).then(
    () => undefined,
    // A caller who may read but not patch still reads; access then ends after the idle time.
    (e) => logger.warn({ err: e, project, name }, "could not refresh temp-content-last-accessed"),
  );
}

/** POST: ask for temporary access to an ended session's workspace (annotation, resourceVersion, 409 retry). */
export async function requestAccess(kc: KubeConfig, project: string, name: string): Promise<AgenticSession> {
  const now = new Date();
  const result = await updateSessionWithRetry(kc, project, name, (s) => {
    const access = workspaceAccess(s);
    if (access.state === "live") return { skip: "live" as const };
    if (access.state === "unavailable") return { skip: "unavailable" as const };
    const patch = requestPatch(s, now);
    return patch ? { patch } : { skip: "already" as const };
  });
  if ("skipped" in result && result.skipped === "unavailable") throw new HttpError(409, "Conflict", workspaceAccess(result.session).message);
  throttle().record(`${project}/${name}`, now.getTime());
  return result.session;
}

/** GET list/file/git-status/diff/archive: validated, proxied as the caller, streamed back. */
export async function workspaceRead({ req, params, kc }: Ctx, endpoint: WorkspaceEndpoint): Promise<Response> {
  const { project, name } = sessionRefSchema.parse(params);
  const q = req.nextUrl.searchParams;
  const needsPath = endpoint === "file" || endpoint === "git-status" || endpoint === "diff";
  const rel = workspacePathParam(q, { required: needsPath });
  const download = endpoint === "file" && flagParam(q, "download");
  const { session, service, temp } = await servingSession(kc, project, name);
  const touched = temp ? keepAlive(kc, project, name, session) : Promise.resolve();
  const what = endpoint === "list" ? `Could not list ${rel || "the workspace"}` : `Could not read ${rel || "the workspace"}`;
  const [upstream] = await Promise.all([proxyStream(kc, project, service, `content/${endpoint}`, { path: rel }, what, req.signal), touched]);

  const headers = new Headers({ ...noStore, "X-Content-Type-Options": "nosniff" });
  const type = upstream.headers["content-type"];
  if (type) headers.set("Content-Type", type);
  if (upstream.headers["content-length"]) headers.set("Content-Length", upstream.headers["content-length"]);
  if (endpoint === "file") {
    // The file is the user's data, not ours: never let it run as a page of the console's origin.
    headers.set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'");
    headers.set("Content-Disposition", contentDisposition(rel, download ? "attachment" : "inline"));
  }
  if (endpoint === "archive") headers.set("Content-Disposition", contentDisposition(`${name}${rel ? `-${rel.split("/").pop()}` : "-workspace"}.tar.gz`, "attachment"));
  return new Response(upstream.body, { status: 200, headers });
}

/** GET transcript: the runner's `.session/transcript.jsonl` from whoever serves the workspace. */
export async function workspaceTranscript({ params, kc }: Ctx): Promise<NextResponse<{ entries: TranscriptEntry[] }>> {
  const { project, name } = sessionRefSchema.parse(params);
  const { session, service, temp } = await servingSession(kc, project, name);
  const [entries] = await Promise.all([readTranscript(kc, project, service), temp ? keepAlive(kc, project, name, session) : undefined]);
  return NextResponse.json({ entries }, { headers: noStore });
}
