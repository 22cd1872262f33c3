import { listProjects } from "@/lib/k8s/projects";
import { watchSessions } from "@/lib/k8s/session-watch";
import { route } from "@/lib/http/route";
import { SSE_HEADERS, sseStream } from "@/lib/http/sse";
import { formatPositions, parsePositions } from "@/lib/http/stream-positions";
import { toFact } from "@/lib/session/overview";

export const dynamic = "force-dynamic";

/**
 * One SSE stream for the overview: a watch per visible project, merged. Events carry session facts;
 * the id holds every project's position so a reconnect resumes all of them.
 */
export const GET = route(async ({ req, kc }) => {
  const positions = parsePositions(req.headers.get("last-event-id") || req.nextUrl.searchParams.get("from"));
  const projects = (await listProjects(kc)).map((p) => p.name);

  const body = sseStream(req.signal, (send) => {
    const live = new Set<string>();
    const stops = projects.map((project) =>
      watchSessions(kc, project, positions[project], {
        change: (type, object) => {
          positions[project] = object.metadata.resourceVersion ?? positions[project];
          send({ id: formatPositions(positions), event: "change", data: { type, fact: toFact(project, object) } });
        },
        progress: (rv) => {
          positions[project] = rv;
        },
        reset: (rv) => {
          positions[project] = rv;
          send({ id: formatPositions(positions), event: "reset", data: { project } });
        },
        state: (state) => {
          if (state === "live") live.add(project);
          else live.delete(project);
          send({ event: "state", data: { state: live.size === projects.length ? "live" : "reconnecting" } });
        },
        fatal: (error) => send({ event: "project-error", data: { project, error } }),
      }),
    );
    if (projects.length === 0) send({ event: "state", data: { state: "live" } });
    return () => stops.forEach((stop) => stop());
  });
  return new Response(body, { headers: SSE_HEADERS });
});
