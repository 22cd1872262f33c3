import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ErrorState } from "@/components/common/error-state";
import { SessionDetail } from "@/components/sessions/session-detail";
import { load, pageKubeConfig } from "@/lib/auth/page";
import { config } from "@/lib/config";
import { sessionPermissions } from "@/lib/k8s/session-actions";
import { getSession } from "@/lib/k8s/sessions";
import { sessionRefSchema } from "@/lib/session/schemas";
import { ProjectBreadcrumbs } from "@/components/common/project-breadcrumbs";

export const dynamic = "force-dynamic";

type Params = { project: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { project, name } = await params;
  return { title: `${name} · ${project}` };
}

export default async function SessionPage({ params }: { params: Promise<Params> }) {
  const ref = sessionRefSchema.safeParse(await params);
  if (!ref.success) notFound();
  const { project, name } = ref.data;
  const kc = await pageKubeConfig();
  const loaded = await load(() => Promise.all([getSession(kc, project, name), sessionPermissions(kc, project)]));
  if (!loaded.ok && loaded.error.code === 404) notFound();

  return (
    <div className="flex flex-col gap-4">
      <ProjectBreadcrumbs project={project} leaf={<span className="font-mono">{name}</span>} />
      {loaded.ok ? (
        <SessionDetail project={project} initial={loaded.data[0]} permissions={loaded.data[1]} allowLocalRepos={config().ALLOW_LOCAL_REPOS ?? false} />
      ) : (
        <ErrorState error={loaded.error} what={`Could not read session ${name}`} />
      )}
    </div>
  );
}
