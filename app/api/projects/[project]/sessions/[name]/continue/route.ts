import { NextResponse } from "next/server";
import { startSession } from "@/lib/k8s/session-actions";
import { route } from "@/lib/http/route";
import { sessionRefSchema } from "@/lib/session/schemas";

export const dynamic = "force-dynamic";

/** Continue: run the same session again, same workspace, conversation resumed (parent annotation = itself). */
export const POST = route<{ project: string; name: string }>(async ({ params, kc }) => {
  const { project, name } = sessionRefSchema.parse(params);
  return NextResponse.json(await startSession(kc, project, name, true));
});
