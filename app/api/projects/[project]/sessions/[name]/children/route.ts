import { NextResponse } from "next/server";
import { listSessions } from "@/lib/k8s/sessions";
import { route } from "@/lib/http/route";
import { sessionRefSchema } from "@/lib/session/schemas";
import { ANNOTATIONS } from "@/types/agentic-session";

export const dynamic = "force-dynamic";

/** Sessions continued from this one (their parent annotation names it; the session itself excluded). */
export const GET = route<{ project: string; name: string }>(async ({ params, kc }) => {
  const { project, name } = sessionRefSchema.parse(params);
  const page = await listSessions(kc, project, {
    limit: 100,
    maxPages: 50,
    filter: (s) => s.metadata.name !== name && s.metadata.annotations?.[ANNOTATIONS.parentSessionId] === name,
  });
  const items = page.items.map((s) => ({ name: s.metadata.name, displayName: s.spec?.displayName, phase: s.status?.phase, created: s.metadata.creationTimestamp }));
  return NextResponse.json({ items }, { headers: { "Cache-Control": "no-store" } });
});
