import { NextResponse } from "next/server";
import { createProject, listProjects } from "@/lib/k8s/projects";
import { readJson, route } from "@/lib/http/route";
import { createProjectSchema } from "@/lib/session/schemas";

export const dynamic = "force-dynamic";

export const GET = route(async ({ kc }) => NextResponse.json({ items: await listProjects(kc) }));

export const POST = route(async ({ req, kc }) => {
  const input = createProjectSchema.parse(await readJson(req));
  return NextResponse.json(await createProject(kc, input), { status: 201 });
});
