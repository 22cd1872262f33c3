import { route } from "@/lib/http/route";
import { getSession } from "@/lib/k8s/sessions";
import { sessionRefSchema } from "@/lib/session/schemas";
import { accessJson, requestAccess } from "@/lib/workspace/read";

export const dynamic = "force-dynamic";

type Params = { project: string; name: string };

/** Who serves the workspace now (live / closed / provisioning / ready / expired …). */
export const GET = route<Params>(async ({ params, kc }) => {
  const { project, name } = sessionRefSchema.parse(params);
  return accessJson(await getSession(kc, project, name));
});

/** Ask for temporary access to an ended session's workspace (CONTRACT.md §6); idempotent. */
export const POST = route<Params>(async ({ params, kc }) => {
  const { project, name } = sessionRefSchema.parse(params);
  return accessJson(await requestAccess(kc, project, name));
});
