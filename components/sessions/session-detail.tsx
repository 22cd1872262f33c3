"use client";

import Link from "next/link";
import { useMemo } from "react";
import { EmptyState } from "@/components/common/empty-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { WorkspaceTabLazy } from "@/components/workspace/lazy";
import dynamic from "next/dynamic";
import { useSessionWatch } from "@/lib/query/use-session-watch";
import { allowedActions, type SessionPermissions } from "@/lib/session/actions";
import { generationStaleness, repoDrift, workflowDrift } from "@/lib/session/drift";
import { Session } from "@/lib/session/session";
import type { AgenticSession } from "@/types/agentic-session";
import { SessionKeyboard } from "./session-keyboard";
import { ConditionTimeline } from "./condition-timeline";
import { Lineage } from "./lineage";
import { ReposPanel } from "./repos-panel";
import { ResourcesPanel } from "./resources-panel";
import { SessionActions } from "./session-actions";
import { SessionHeader } from "./session-header";
import { StaleBanner } from "./stale-banner";
import { TranscriptPanel } from "./transcript-panel";
import { useSessionDetail, useSessionEvents } from "./use-session-detail";
import { WorkflowPanel } from "./workflow-panel";

// The YAML tab brings the yaml library: fetched when that tab is first shown.
const YamlPanel = dynamic(() => import("./yaml-panel").then((m) => m.YamlPanel), { ssr: false });

/** The session page: everything derives from the one cached session the watch stream keeps current. */
export function SessionDetail({ project, initial, permissions, allowLocalRepos }: { project: string; initial: AgenticSession; permissions: SessionPermissions; allowLocalRepos: boolean }) {
  const name = initial.metadata.name ?? "";
  const stream = useSessionWatch(project, initial.metadata.resourceVersion);
  const detail = useSessionDetail(project, name, initial);
  const raw = detail.data;
  const events = useSessionEvents(project, name, raw?.metadata.resourceVersion);

  const view = useMemo(() => {
    if (!raw) return undefined;
    return {
      session: new Session(raw),
      actions: allowedActions(raw, permissions),
      staleness: generationStaleness(raw),
      repos: repoDrift(raw),
      workflow: workflowDrift(raw),
    };
  }, [raw, permissions]);

  if (!view || !raw) {
    return (
      <EmptyState title={`Session ${name} no longer exists`}>
        It was deleted.{" "}
        <Link href={`/projects/${encodeURIComponent(project)}/sessions`} className="text-primary hover:underline">
          Back to the sessions of {project}
        </Link>
        <SessionKeyboard project={project} />
      </EmptyState>
    );
  }

  const { session, actions, staleness } = view;
  const generation = raw.metadata.generation ?? 0;

  return (
    <div className="flex flex-col gap-4" data-testid="session-detail" data-name={name}>
      <SessionKeyboard project={project} />
      <SessionHeader project={project} session={session} stream={stream} actions={<SessionActions project={project} name={name} states={actions} />} />
      <StaleBanner staleness={staleness} />
      <Tabs defaultValue="overview">
        <TabsList>
          <TabsTrigger value="overview">Overview</TabsTrigger>
          <TabsTrigger value="transcript">Transcript</TabsTrigger>
          <TabsTrigger value="workspace">Workspace</TabsTrigger>
          <TabsTrigger value="yaml">YAML</TabsTrigger>
          <TabsTrigger value="resources">Resources</TabsTrigger>
        </TabsList>
        <TabsContent value="overview" className="flex flex-col gap-4">
          <Card>
            <CardHeader>
              <CardTitle>Prompt</CardTitle>
            </CardHeader>
            <CardContent>
              <pre className="max-h-48 overflow-auto font-sans text-sm whitespace-pre-wrap" data-testid="session-prompt">
                {session.spec.initialPrompt || <span className="text-muted-foreground">No prompt.</span>}
              </pre>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Repositories</CardTitle>
              <CardDescription>Desired (spec) beside observed (status.reconciledRepos).</CardDescription>
            </CardHeader>
            <CardContent>
              <ReposPanel project={project} name={name} rows={view.repos} edit={actions["edit-repos"]} allowLocalRepos={allowLocalRepos} />
            </CardContent>
          </Card>
          <div className="grid items-start gap-4 xl:grid-cols-2">
            <Card>
              <CardHeader>
                <CardTitle>Conditions</CardTitle>
                <CardDescription>As the operator reports them, each with its history from the session&apos;s events.</CardDescription>
              </CardHeader>
              <CardContent>
                <ConditionTimeline conditions={raw.status?.conditions ?? []} events={events.data?.events ?? []} generation={generation} />
              </CardContent>
            </Card>
            <div className="flex flex-col gap-4">
              <Card>
                <CardHeader>
                  <CardTitle>Workflow</CardTitle>
                </CardHeader>
                <CardContent>
                  <WorkflowPanel key={JSON.stringify(view.workflow.desired ?? null)} project={project} name={name} row={view.workflow} edit={actions["edit-workflow"]} allowLocalRepos={allowLocalRepos} />
                </CardContent>
              </Card>
              <Card>
                <CardHeader>
                  <CardTitle>Lineage</CardTitle>
                </CardHeader>
                <CardContent>
                  <Lineage project={project} session={session} />
                </CardContent>
              </Card>
            </div>
          </div>
        </TabsContent>
        <TabsContent value="transcript">
          <TranscriptPanel project={project} name={name} phase={raw.status?.phase} message={actions.message} />
        </TabsContent>
        <TabsContent value="workspace">
          <WorkspaceTabLazy project={project} session={raw} />
        </TabsContent>
        <TabsContent value="yaml" className="grid gap-4 lg:grid-cols-2">
          <YamlPanel title="Spec" value={raw.spec} />
          <YamlPanel title="Status" value={raw.status} />
          <div className="lg:col-span-2">
            <YamlPanel title="Metadata" value={raw.metadata} />
          </div>
        </TabsContent>
        <TabsContent value="resources">
          <ResourcesPanel owned={events.data?.owned ?? []} events={events.data?.events ?? []} />
        </TabsContent>
      </Tabs>
    </div>
  );
}
