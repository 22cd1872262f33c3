import "server-only";
import type { KubeConfig, V1Namespace } from "@kubernetes/client-node";
import { PROJECT_DISPLAY_NAME_ANNOTATION, PROJECT_LABEL, SESSION_GROUP, SESSION_PLURAL } from "../../types/agentic-session";
import type { Project } from "../../types/project";
import { apis } from "./api";

function toProject(ns: V1Namespace): Project {
  const name = ns.metadata?.name ?? "";
  return {
    name,
    displayName: ns.metadata?.annotations?.[PROJECT_DISPLAY_NAME_ANNOTATION] || name,
    createdAt: ns.metadata?.creationTimestamp ? new Date(ns.metadata.creationTimestamp).toISOString() : undefined,
    phase: ns.status?.phase,
  };
}

/** Whether the caller may `verb` sessions in `namespace` (SelfSubjectAccessReview: RBAC decides). */
export async function canOnSessions(kc: KubeConfig, namespace: string, verb: string): Promise<boolean> {
  const review = await apis(kc).authz.createSelfSubjectAccessReview({
    body: {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: { resourceAttributes: { namespace, verb, group: SESSION_GROUP, resource: SESSION_PLURAL } },
    },
  });
  return review.status?.allowed === true;
}

/** Projects (managed namespaces) in which the caller may list sessions. */
export async function listProjects(kc: KubeConfig): Promise<Project[]> {
  const list = await apis(kc).core.listNamespace({ labelSelector: `${PROJECT_LABEL}=true` });
  const candidates = list.items.map(toProject);
  const allowed = await Promise.all(candidates.map((p) => canOnSessions(kc, p.name, "list")));
  return candidates.filter((_, i) => allowed[i]).sort((a, b) => a.name.localeCompare(b.name));
}

export async function getProject(kc: KubeConfig, name: string): Promise<Project> {
  return toProject(await apis(kc).core.readNamespace({ name }));
}

export async function createProject(kc: KubeConfig, input: { name: string; displayName?: string }): Promise<Project> {
  const ns = await apis(kc).core.createNamespace({
    body: {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: input.name,
        labels: { [PROJECT_LABEL]: "true" },
        ...(input.displayName ? { annotations: { [PROJECT_DISPLAY_NAME_ANNOTATION]: input.displayName } } : {}),
      },
    },
  });
  return toProject(ns);
}
