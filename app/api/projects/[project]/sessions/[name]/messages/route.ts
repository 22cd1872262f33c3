import { NextResponse } from "next/server";
import { HttpError } from "@/lib/http/api-error";
import { postMessage } from "@/lib/k8s/content";
import { getSession } from "@/lib/k8s/sessions";
import { route, readJson } from "@/lib/http/route";
import { actionState, ALL_PERMISSIONS } from "@/lib/session/actions";
import { sendMessageSchema, sessionRefSchema } from "@/lib/session/schemas";

export const dynamic = "force-dynamic";

/** A follow-up for the agent of an interactive Running session, through the content proxy. */
export const POST = route<{ project: string; name: string }>(async ({ req, params, kc }) => {
  const { project, name } = sessionRefSchema.parse(params);
  const { text } = sendMessageSchema.parse(await readJson(req));
  const state = actionState(await getSession(kc, project, name), "message", ALL_PERMISSIONS);
  if (!state.allowed) throw new HttpError(409, "Conflict", state.reason);
  await postMessage(kc, project, name, text);
  return NextResponse.json({ message: "Message sent; it appears in the transcript when the agent takes it" }, { status: 202 });
});
