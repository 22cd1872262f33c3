import { NextResponse } from "next/server";
import { deleteSessionChecked } from "@/lib/k8s/session-actions";
import { getSession } from "@/lib/k8s/sessions";
import { route } from "@/lib/http/route";
import { projectNameSchema, sessionNameSchema, sessionRefSchema } from "@/lib/session/schemas";

export const dynamic = "force-dynamic";

export const GET = route<{ project: string; name: string }>(async ({ params, kc }) => {
  const session = await getSession(kc, projectNameSchema.parse(params.project), sessionNameSchema.parse(params.name));
  return NextResponse.json(session, { headers: { "Cache-Control": "no-store" } });
});

/** Delete the session (its runner and workspace go with it), preconditioned on the version read. */
export const DELETE = route<{ project: string; name: string }>(async ({ params, kc }) => {
  const { project, name } = sessionRefSchema.parse(params);
  await deleteSessionChecked(kc, project, name);
  return NextResponse.json({ deleted: name, message: "Session deleted" });
});
