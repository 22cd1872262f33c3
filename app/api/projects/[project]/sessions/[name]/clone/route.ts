import { NextResponse } from "next/server";
import { copySession, withFormFields } from "@/lib/k8s/session-actions";
import { route } from "@/lib/http/route";
import { copySessionSchema, sessionRefSchema } from "@/lib/session/schemas";
import { readOptionalJson } from "../body";

export const dynamic = "force-dynamic";

/** A copy of the spec under a new name, with a fresh workspace and no lineage. */
export const POST = route<{ project: string; name: string }>(async ({ req, params, kc }) => {
  const { project, name } = sessionRefSchema.parse(params);
  const input = copySessionSchema.parse(await readOptionalJson(req));
  const copy = await withFormFields(() => copySession(kc, project, name, { linkParent: false, ...input }));
  return NextResponse.json({ session: copy, message: `Cloned as ${copy.metadata.name}` }, { status: 201 });
});
