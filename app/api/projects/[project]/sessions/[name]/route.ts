import { NextResponse } from "next/server";
import { getSession } from "@/lib/k8s/sessions";
import { route } from "@/lib/http/route";
import { projectNameSchema, sessionNameSchema } from "@/lib/session/schemas";

export const dynamic = "force-dynamic";

export const GET = route<{ project: string; name: string }>(async ({ params, kc }) => {
  const session = await getSession(kc, projectNameSchema.parse(params.project), sessionNameSchema.parse(params.name));
  return NextResponse.json(session, { headers: { "Cache-Control": "no-store" } });
});
