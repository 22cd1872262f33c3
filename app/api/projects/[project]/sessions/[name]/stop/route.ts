import { NextResponse } from "next/server";
import { stopSession } from "@/lib/k8s/session-actions";
import { route } from "@/lib/http/route";
import { sessionRefSchema } from "@/lib/session/schemas";

export const dynamic = "force-dynamic";

/** Stop: desired-phase Stopped; the operator ends the runner. */
export const POST = route<{ project: string; name: string }>(async ({ params, kc }) => {
  const { project, name } = sessionRefSchema.parse(params);
  return NextResponse.json(await stopSession(kc, project, name));
});
