import Link from "next/link";
import { ErrorState } from "@/components/common/error-state";
import { EmptyState } from "@/components/common/empty-state";
import { CreateProjectForm } from "@/components/projects/create-project-form";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { load, pageKubeConfig } from "@/lib/auth/page";
import { listProjects } from "@/lib/k8s/projects";

export const dynamic = "force-dynamic";

export default async function ProjectsPage() {
  const kc = await pageKubeConfig();
  const projects = await load(() => listProjects(kc));
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Projects</h1>
          <p className="text-sm text-muted-foreground">Namespaces labelled as projects that you may use.</p>
        </div>
        <CreateProjectForm />
      </div>
      {!projects.ok ? (
        <ErrorState error={projects.error} what="Could not list projects" />
      ) : projects.data.length === 0 ? (
        <EmptyState title="No projects yet">Create one above, or ask a cluster admin for access to an existing project.</EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Projects">
          {projects.data.map((p) => (
            <li key={p.name}>
              <Link href={`/projects/${encodeURIComponent(p.name)}/sessions`} className="block rounded-lg focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
                <Card className="transition-colors hover:bg-accent">
                  <CardHeader>
                    <CardTitle>{p.displayName}</CardTitle>
                    <CardDescription className="font-mono text-xs">{p.name}</CardDescription>
                  </CardHeader>
                </Card>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
