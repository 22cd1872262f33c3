import { NextResponse } from "next/server";
import { config } from "@/lib/config";
import { applyDecision } from "@/lib/k8s/session-actions";
import { route, readJson } from "@/lib/http/route";
import { decideAddRepo, decideRemoveRepo } from "@/lib/session/actions";
import { addRepoSchema, removeRepoSchema, sessionRefSchema } from "@/lib/session/schemas";

export const dynamic = "force-dynamic";

/** Add a repo while an interactive session runs (409 with the phase otherwise). */
export const POST = route<{ project: string; name: string }>(async ({ req, params, kc }) => {
  const { project, name } = sessionRefSchema.parse(params);
  const repo = addRepoSchema({ allowLocalRepos: config().ALLOW_LOCAL_REPOS ?? false }).parse(await readJson(req));
  return NextResponse.json(await applyDecision(kc, project, name, (s) => decideAddRepo(s, repo), `Added ${repo.url}`));
});

/** Remove a repo by URL (`?url=`), same rules as adding. */
export const DELETE = route<{ project: string; name: string }>(async ({ req, params, kc }) => {
  const { project, name } = sessionRefSchema.parse(params);
  const { url } = removeRepoSchema.parse({ url: req.nextUrl.searchParams.get("url") ?? "" });
  return NextResponse.json(await applyDecision(kc, project, name, (s) => decideRemoveRepo(s, url), `Removed ${url}`));
});
