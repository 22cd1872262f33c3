"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { RelativeTime } from "@/components/common/relative-time";
import { Badge } from "@/components/ui/badge";
import { desiredPhaseOf } from "@/lib/session/actions";
import { formatAbsolute, formatDuration } from "@/lib/session/format";
import type { Session } from "@/lib/session/session";
import { ANNOTATIONS } from "@/types/agentic-session";
import { LiveIndicator } from "./live-indicator";
import { PhaseBadge } from "./phase-badge";
import type { StreamState } from "@/lib/query/use-session-watch";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

function Absolute({ iso }: { iso?: string }) {
  if (!iso) return <span className="text-muted-foreground">—</span>;
  return (
    <span title={formatAbsolute(iso)}>
      <RelativeTime iso={iso} />
    </span>
  );
}

/** Duration of the current run: start to completion, or to now while it runs (ticking). */
function Duration({ start, end }: { start?: string; end?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (end || !start) return;
    const t = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(t);
  }, [start, end]);
  if (!start) return <span className="text-muted-foreground">—</span>;
  // Timestamps may have different precision (second vs millisecond): never show a negative run.
  const seconds = Math.max(0, ((end ? Date.parse(end) : now) - Date.parse(start)) / 1000);
  return <span suppressHydrationWarning>{formatDuration(seconds)}</span>;
}

export function SessionHeader({ project, session, stream, actions }: { project: string; session: Session; stream: { state: StreamState; error?: string }; actions: React.ReactNode }) {
  const raw = session.raw;
  const parent = raw.metadata.annotations?.[ANNOTATIONS.parentSessionId];
  const desired = desiredPhaseOf(raw);
  return (
    <header className="flex flex-col gap-4">
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-2xl font-semibold tracking-tight" data-testid="session-title">
            {session.displayName}
          </h1>
          <p className="font-mono text-xs text-muted-foreground" data-testid="session-name">
            {session.name}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <PhaseBadge phase={raw.status?.phase} />
          {desired ? (
            <Badge tone="info" data-testid="desired-phase" title="Requested; the operator clears this once it is carried out">
              → {desired} requested
            </Badge>
          ) : null}
          <Badge tone="neutral" data-testid="session-mode">
            {session.spec.interactive ? "interactive" : "batch"}
          </Badge>
          {session.spec.legacy ? (
            <Badge tone="warning" title="Stored with legacy fields (prompt or input/output repos); shown normalised, not rewritten">
              legacy spec
            </Badge>
          ) : null}
          <LiveIndicator state={stream.state} error={stream.error} />
        </div>
      </div>
      <dl className="grid grid-cols-2 gap-3 rounded-lg border bg-card p-3 sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Model">
          <span className="font-mono text-xs">{session.spec.llmSettings.model}</span>
        </Fact>
        <Fact label="Age">
          <Absolute iso={raw.metadata.creationTimestamp} />
        </Fact>
        <Fact label="Started">
          <Absolute iso={raw.status?.startTime} />
        </Fact>
        <Fact label="Completed">
          <Absolute iso={raw.status?.completionTime} />
        </Fact>
        <Fact label="Duration">
          <Duration start={raw.status?.startTime} end={raw.status?.completionTime} />
        </Fact>
        <Fact label="Parent">
          {parent && parent !== session.name ? (
            <Link href={`/projects/${encodeURIComponent(project)}/sessions/${encodeURIComponent(parent)}`} className="font-mono text-xs text-primary hover:underline" data-testid="parent-link">
              {parent}
            </Link>
          ) : parent ? (
            <span className="text-xs text-muted-foreground" title="Continued: resumes its own workspace and conversation">
              itself (continued)
            </span>
          ) : (
            <span className="text-muted-foreground">—</span>
          )}
        </Fact>
      </dl>
      {actions}
    </header>
  );
}
