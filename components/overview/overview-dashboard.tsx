"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useMemo } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { LiveIndicator } from "@/components/sessions/live-indicator";
import { useNow, useOverviewFacts } from "@/lib/query/use-overview";
import { summarize, type AttentionKind } from "@/lib/session/overview";
import { SESSION_PHASES } from "@/types/agentic-session";
import type { OverviewData } from "@/types/overview";
import { AttentionList } from "./attention-list";

// The chart library is only needed here, and only after the numbers are on screen.
const FailuresChart = dynamic(() => import("./failures-chart"), { ssr: false, loading: () => <Skeleton className="h-56 w-full" /> });

export const ATTENTION_LABELS: Record<AttentionKind, string> = {
  failed: "Failed",
  stale: "Stale",
  "stuck-starting": "Stuck starting",
  "past-timeout": "Past timeout",
};

export function OverviewDashboard({ initial }: { initial: OverviewData }) {
  const { facts, data, state } = useOverviewFacts(initial);
  const now = useNow();
  const overview = useMemo(() => summarize(facts.values(), now), [facts, now]);
  const maxRunning = Math.max(1, ...overview.runningFor.map((b) => b.count));
  const phases = [...SESSION_PHASES, "Unknown"] as const;

  return (
    <div className="flex flex-col gap-6" data-testid="overview">
      <div className="flex flex-wrap items-center gap-3">
        <span className="text-sm text-muted-foreground">
          <span data-testid="overview-total" className="font-semibold text-foreground">
            {overview.total}
          </span>{" "}
          sessions in {data.projects.length} projects
        </span>
        <div className="ml-auto">
          <LiveIndicator state={state} />
        </div>
      </div>

      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8" aria-label="Sessions per phase">
        {phases.map((phase) => (
          <Card key={phase} className="p-3" data-testid={`phase-count-${phase}`} data-count={overview.byPhase[phase]}>
            <div className="text-xs text-muted-foreground">{phase}</div>
            <div className="text-2xl font-semibold tabular-nums">{overview.byPhase[phase]}</div>
          </Card>
        ))}
      </div>

      {Object.keys(data.errors).length ? (
        <p className="text-sm text-warning" role="alert">
          Could not read: {Object.entries(data.errors).map(([p, e]) => `${p} (${e})`).join("; ")}
        </p>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Needs attention</CardTitle>
          <CardDescription>Failed, stale, stuck in Pending/Creating, or running past the timeout. Longest first.</CardDescription>
        </CardHeader>
        <CardContent>
          <AttentionList items={overview.attention} labels={ATTENTION_LABELS} />
        </CardContent>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Projects</CardTitle>
          </CardHeader>
          <CardContent>
            <Table aria-label="Sessions per project">
              <TableHeader>
                <TableRow>
                  <TableHead>Project</TableHead>
                  <TableHead className="text-right">Total</TableHead>
                  <TableHead>Phases</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.projects.map((p) => {
                  const row = overview.byProject.find((r) => r.project === p.name);
                  return (
                    <TableRow key={p.name} data-testid="overview-project" data-project={p.name}>
                      <TableCell>
                        <Link className="font-medium hover:underline" href={`/projects/${encodeURIComponent(p.name)}/sessions`}>
                          {p.displayName}
                        </Link>
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{row?.total ?? 0}</TableCell>
                      <TableCell>
                        <div className="flex flex-wrap gap-1">
                          {Object.entries(row?.byPhase ?? {}).map(([phase, count]) => (
                            <Link key={phase} href={`/projects/${encodeURIComponent(p.name)}/sessions?phase=${phase}`} data-testid={`project-phase-${phase}`} data-count={count}>
                              <Badge tone="neutral">
                                {phase} {count}
                              </Badge>
                            </Link>
                          ))}
                        </div>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Running for</CardTitle>
            <CardDescription>How long the running sessions have been running.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-2">
            {overview.runningFor.map((b) => (
              <div key={b.label} className="flex items-center gap-3 text-sm">
                <span className="w-24 shrink-0 text-muted-foreground">{b.label}</span>
                <div className="h-4 flex-1 rounded bg-muted">
                  <div className="h-4 rounded bg-info" style={{ width: `${(b.count / maxRunning) * 100}%` }} />
                </div>
                <span className="w-10 text-right tabular-nums">{b.count}</span>
              </div>
            ))}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Failures by reason</CardTitle>
            <CardDescription>Failed sessions per hour over the last 24 hours, by the Ready condition&apos;s reason.</CardDescription>
          </CardHeader>
          <CardContent>
            {overview.failures.reasons.length ? (
              <FailuresChart failures={overview.failures} />
            ) : (
              <p className="text-sm text-muted-foreground">No failures in the last 24 hours.</p>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Sessions per user</CardTitle>
          </CardHeader>
          <CardContent>
            <Table aria-label="Sessions per user">
              <TableHeader>
                <TableRow>
                  <TableHead>User</TableHead>
                  <TableHead className="text-right">Total</TableHead>
                  <TableHead className="text-right">Running</TableHead>
                  <TableHead className="text-right">Failed</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {overview.byUser.slice(0, 25).map((u) => (
                  <TableRow key={u.user}>
                    <TableCell>{u.user}</TableCell>
                    <TableCell className="text-right tabular-nums">{u.total}</TableCell>
                    <TableCell className="text-right tabular-nums">{u.running}</TableCell>
                    <TableCell className="text-right tabular-nums">{u.failed}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
