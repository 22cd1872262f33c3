import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ErrorState } from "@/components/common/error-state";
import { SessionList } from "@/components/sessions/session-list";
import { load, pageKubeConfig } from "@/lib/auth/page";
import { listSessions } from "@/lib/k8s/sessions";
import { SESSION_PAGE_SIZE } from "@/lib/query/session-list-constants";
import { sessionFilter } from "@/lib/session/filters";
import { projectNameSchema } from "@/lib/session/schemas";
import { SESSION_PHASES } from "@/types/agentic-session";
import { ProjectBreadcrumbs } from "@/components/common/project-breadcrumbs";

export const dynamic = "force-dynamic";

type Params = { project: string };
type Search = { phase?: string | string[]; q?: string | string[] };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Sessions · ${(await params).project}` };
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export default async function SessionsPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Search> }) {
  const { project } = await params;
  if (!projectNameSchema.safeParse(project).success) notFound();
  const search = await searchParams;
  // Unknown phases in a hand-edited URL are dropped rather than failing the page.
  const phase = (first(search.phase) ?? "")
    .split(",")
    .filter((p): p is (typeof SESSION_PHASES)[number] => (SESSION_PHASES as readonly string[]).includes(p));
  const q = first(search.q)?.slice(0, 200) || undefined;
  const filters = { ...(phase.length ? { phase } : {}), ...(q ? { q } : {}) };

  const kc = await pageKubeConfig();
  const page = await load(() => listSessions(kc, project, { limit: SESSION_PAGE_SIZE, filter: sessionFilter(filters) }));

  return (
    <div className="flex flex-col gap-4">
      <div>
        <ProjectBreadcrumbs project={project} />
        <h1 className="text-2xl font-semibold tracking-tight">Sessions</h1>
      </div>
      {page.ok ? (
        <SessionList project={project} filters={filters} initialPage={page.data} />
      ) : (
        <ErrorState error={page.error} what={`Could not list the sessions of ${project}`} />
      )}
    </div>
  );
}
