import Link from "next/link";
import type { ReactNode } from "react";

/** Projects / <project> [/ leaf]: the project links to its sessions unless it is the current page. */
export function ProjectBreadcrumbs({ project, leaf }: { project: string; leaf?: ReactNode }) {
  return (
    <nav className="text-sm text-muted-foreground" aria-label="Breadcrumb">
      <Link href="/" className="hover:underline">
        Projects
      </Link>{" "}
      /{" "}
      {leaf === undefined ? (
        <span className="font-mono">{project}</span>
      ) : (
        <>
          <Link href={`/projects/${encodeURIComponent(project)}/sessions`} className="font-mono hover:underline">
            {project}
          </Link>{" "}
          / {leaf}
        </>
      )}
    </nav>
  );
}
