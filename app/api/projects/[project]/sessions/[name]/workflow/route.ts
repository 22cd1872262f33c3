import { NextResponse } from "next/server";
import { config } from "@/lib/config";
import { applyDecision } from "@/lib/k8s/session-actions";
import { route, readJson } from "@/lib/http/route";
import { decideSetWorkflow } from "@/lib/session/actions";
import { sessionRefSchema, setWorkflowSchema } from "@/lib/session/schemas";

export const dynamic = "force-dynamic";

/** Select the active workflow (`{activeWorkflow: {gitUrl, branch, path}}`) or clear it (`null`). */
export const PUT = route<{ project: string; name: string }>(async ({ req, params, kc }) => {
  const { project, name } = sessionRefSchema.parse(params);
  const { activeWorkflow } = setWorkflowSchema({ allowLocalRepos: config().ALLOW_LOCAL_REPOS ?? false }).parse(await readJson(req));
  const done = activeWorkflow ? `Workflow set to ${activeWorkflow.path || activeWorkflow.gitUrl}` : "Workflow cleared";
  return NextResponse.json(await applyDecision(kc, project, name, (s) => decideSetWorkflow(s, activeWorkflow), done));
});
