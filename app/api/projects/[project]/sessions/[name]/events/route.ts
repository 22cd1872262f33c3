import { NextResponse } from "next/server";
import { listOwnedObjects, listSessionEvents } from "@/lib/k8s/events";
import { getSession } from "@/lib/k8s/sessions";
import { route } from "@/lib/http/route";
import { sessionRefSchema } from "@/lib/session/schemas";

export const dynamic = "force-dynamic";

/** The session's Events (condition history) and the objects it owns. */
export const GET = route<{ project: string; name: string }>(async ({ params, kc }) => {
  const { project, name } = sessionRefSchema.parse(params);
  const session = await getSession(kc, project, name);
  const [events, owned] = await Promise.all([listSessionEvents(kc, project, session), listOwnedObjects(kc, project, session)]);
  return NextResponse.json({ events, owned }, { headers: { "Cache-Control": "no-store" } });
});
