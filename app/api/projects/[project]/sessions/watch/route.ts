import { watchSessions } from "@/lib/k8s/session-watch";
import { route } from "@/lib/http/route";
import { SSE_HEADERS, sseStream } from "@/lib/http/sse";
import { projectNameSchema } from "@/lib/session/schemas";

export const dynamic = "force-dynamic";

const RESOURCE_VERSION = /^\d{1,20}$/;

/**
 * Session changes of one project as Server-Sent Events. Resumes from `Last-Event-ID` (the browser
 * sends it on reconnect) or `?resourceVersion=`; every event id is the resourceVersion it carries.
 */
export const GET = route<{ project: string }>(async ({ req, params, kc }) => {
  const project = projectNameSchema.parse(params.project);
  const requested = req.headers.get("last-event-id") || req.nextUrl.searchParams.get("resourceVersion") || undefined;
  const from = requested && RESOURCE_VERSION.test(requested) ? requested : undefined;

  const body = sseStream(req.signal, (send, close) => {
    send({ retry: 1000, event: "state", data: { state: "connecting" } });
    return watchSessions(kc, project, from, {
      change: (type, object) => send({ id: object.metadata.resourceVersion, event: "change", data: { type, object } }),
      progress: (resourceVersion) => send({ id: resourceVersion, event: "progress", data: { resourceVersion } }),
      reset: (resourceVersion) => send({ id: resourceVersion, event: "reset", data: { resourceVersion } }),
      state: (state) => send({ event: "state", data: { state } }),
      fatal: (error) => {
        send({ event: "fatal", data: { error: { code: error.code, reason: error.code === 403 ? "Forbidden" : error.code === 401 ? "Unauthorized" : "NotFound", message: error.message } } });
        close();
      },
    });
  });
  return new Response(body, { headers: SSE_HEADERS });
});
