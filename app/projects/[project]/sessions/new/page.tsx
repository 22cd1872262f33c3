import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CreateSessionForm } from "@/components/sessions/create-session-form";
import { pageKubeConfig } from "@/lib/auth/page";
import { config } from "@/lib/config";
import { projectNameSchema } from "@/lib/session/schemas";
import { ProjectBreadcrumbs } from "@/components/common/project-breadcrumbs";

export const dynamic = "force-dynamic";

type Params = { project: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `New session · ${(await params).project}` };
}

export default async function NewSessionPage({ params }: { params: Promise<Params> }) {
  const { project } = await params;
  if (!projectNameSchema.safeParse(project).success) notFound();
  // Signed-in users only; the form itself needs no data from the cluster.
  await pageKubeConfig();
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-4">
      <div>
        <ProjectBreadcrumbs project={project} leaf="new" />
        <h1 className="text-2xl font-semibold tracking-tight">New session</h1>
      </div>
      <CreateSessionForm project={project} allowLocalRepos={config().ALLOW_LOCAL_REPOS ?? false} />
    </div>
  );
}
