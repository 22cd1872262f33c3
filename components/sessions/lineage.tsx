"use client";

import Link from "next/link";
import { Skeleton } from "@/components/ui/skeleton";
import type { Session } from "@/lib/session/session";
import { ANNOTATIONS } from "@/types/agentic-session";
import { PhaseBadge } from "./phase-badge";
import { useSessionChildren } from "./use-session-detail";
import type { SessionPhase } from "@/types/agentic-session";

/** Parent (the annotation on this session) and children (sessions whose annotation names it). */
export function Lineage({ project, session }: { project: string; session: Session }) {
  const children = useSessionChildren(project, session.name);
  const parent = session.raw.metadata.annotations?.[ANNOTATIONS.parentSessionId];
  const href = (n: string) => `/projects/${encodeURIComponent(project)}/sessions/${encodeURIComponent(n)}`;
  return (
    <div className="flex flex-col gap-3 text-sm" data-testid="lineage">
      <div>
        <span className="text-xs text-muted-foreground">Continued from: </span>
        {parent && parent !== session.name ? (
          <Link href={href(parent)} className="font-mono text-primary hover:underline" data-testid="lineage-parent">
            {parent}
          </Link>
        ) : parent ? (
          <span className="text-muted-foreground">itself (same workspace and conversation)</span>
        ) : (
          <span className="text-muted-foreground">—</span>
        )}
      </div>
      <div className="flex flex-col gap-1">
        <span className="text-xs text-muted-foreground">Continued as:</span>
        {children.isPending ? (
          <Skeleton className="h-5 w-40" />
        ) : children.isError ? (
          <span className="text-xs text-danger">Could not list: {children.error.message}</span>
        ) : children.data.items.length === 0 ? (
          <span className="text-muted-foreground">—</span>
        ) : (
          <ul className="flex flex-col gap-1">
            {children.data.items.map((c) => (
              <li key={c.name} className="flex items-center gap-2" data-testid="lineage-child" data-name={c.name}>
                <Link href={href(c.name)} className="font-mono text-primary hover:underline">
                  {c.displayName || c.name}
                </Link>
                <PhaseBadge phase={c.phase as SessionPhase | undefined} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
