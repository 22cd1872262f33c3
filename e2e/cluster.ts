import { CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import type { AgenticSession } from "../types/agentic-session";
import { SESSION_GROUP, SESSION_PLURAL, SESSION_VERSION } from "../types/agentic-session";
import { E2E } from "./env";

/** client-node against the e2e stack's embedded cluster: how a second user (or kubectl) would act. */
export function clusterClient(kubeconfig = E2E.kubeconfig) {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL };
  return {
    kc,
    createSession: (namespace: string, body: Partial<AgenticSession> & { metadata: AgenticSession["metadata"] }) =>
      custom.createNamespacedCustomObject({
        ...base,
        namespace,
        body: { apiVersion: `${SESSION_GROUP}/${SESSION_VERSION}`, kind: "AgenticSession", spec: {}, ...body },
      }) as Promise<AgenticSession>,
    getSession: (namespace: string, name: string) => custom.getNamespacedCustomObject({ ...base, namespace, name }) as Promise<AgenticSession>,
    patchStatus: (namespace: string, name: string, status: object) =>
      custom.patchNamespacedCustomObjectStatus({ ...base, namespace, name, body: { status } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch)),
    patch: (namespace: string, name: string, body: object) =>
      custom.patchNamespacedCustomObject({ ...base, namespace, name, body }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch)),
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;
}
