import { NextResponse } from "next/server";
import { config } from "@/lib/config";
import { userContextOf, withFormFields } from "@/lib/k8s/session-actions";
import { createSession, listSessions } from "@/lib/k8s/sessions";
import { readJson, route } from "@/lib/http/route";
import { createSessionSchema, listSessionsQuerySchema, projectNameSchema } from "@/lib/session/schemas";
import { sessionFilter } from "@/lib/session/filters";

export const dynamic = "force-dynamic";

export const GET = route<{ project: string }>(async ({ req, params, kc }) => {
  const project = projectNameSchema.parse(params.project);
  const query = listSessionsQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  const filter = sessionFilter({ phase: query.phase, q: query.q });
  const page = await listSessions(kc, project, { limit: query.limit, continue: query.continue, filter });
  return NextResponse.json(page, { headers: { "Cache-Control": "no-store" } });
});

/**
 * Create a session from the form (the same schema validates it in the browser). `userContext` is
 * the caller as the cluster knows them, never from the body; without a name the API generates one.
 */
export const POST = route<{ project: string }>(async ({ req, params, kc }) => {
  const project = projectNameSchema.parse(params.project);
  const { name, ...spec } = createSessionSchema({ allowLocalRepos: config().ALLOW_LOCAL_REPOS ?? false }).parse(await readJson(req));
  const userContext = await userContextOf(kc);
  const session = await withFormFields(() =>
    createSession(kc, project, {
      metadata: name ? { name } : { generateName: "session-" },
      spec: { ...spec, ...(userContext ? { userContext } : {}) },
    }),
  );
  return NextResponse.json(session, { status: 201, headers: { Location: `/api/projects/${project}/sessions/${session.metadata.name}` } });
});
