import { NextResponse } from "next/server";
import { listSessions } from "@/lib/k8s/sessions";
import { route } from "@/lib/http/route";
import { listSessionsQuerySchema, projectNameSchema } from "@/lib/session/schemas";
import { sessionFilter } from "@/lib/session/filters";

export const dynamic = "force-dynamic";

export const GET = route<{ project: string }>(async ({ req, params, kc }) => {
  const project = projectNameSchema.parse(params.project);
  const query = listSessionsQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  const filter = sessionFilter({ phase: query.phase, q: query.q });
  const page = await listSessions(kc, project, { limit: query.limit, continue: query.continue, filter });
  return NextResponse.json(page, { headers: { "Cache-Control": "no-store" } });
});
