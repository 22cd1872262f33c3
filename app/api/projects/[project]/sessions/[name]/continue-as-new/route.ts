import { NextResponse } from "next/server";
import { copySession, withFormFields } from "@/lib/k8s/session-actions";
import { route } from "@/lib/http/route";
import { copySessionSchema, sessionRefSchema } from "@/lib/session/schemas";
import { readOptionalJson } from "../body";

export const dynamic = "force-dynamic";

/** A new session linked to this one by the parent annotation; its workspace starts as a copy of the parent's. */
export const POST = route<{ project: string; name: string }>(async ({ req, params, kc }) => {
  const { project, name } = sessionRefSchema.parse(params);
  const input = copySessionSchema.parse(await readOptionalJson(req));
  const child = await withFormFields(() => copySession(kc, project, name, { linkParent: true, ...input }));
  return NextResponse.json({ session: child, message: `Continued as ${child.metadata.name}` }, { status: 201 });
});
