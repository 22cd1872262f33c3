import { NextResponse } from "next/server";
import { startSession } from "@/lib/k8s/session-actions";
import { route } from "@/lib/http/route";
import { sessionRefSchema } from "@/lib/session/schemas";

export const dynamic = "force-dynamic";

/** Start a stopped, completed or failed session: desired-phase Running (never status). */
export const POST = route<{ project: string; name: string }>(async ({ params, kc }) => {
  const { project, name } = sessionRefSchema.parse(params);
  return NextResponse.json(await startSession(kc, project, name, false));
});
