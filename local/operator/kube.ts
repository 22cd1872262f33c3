// The operator's only door to the cluster: @kubernetes/client-node against any API server that
// serves the AgenticSession CRD (the embedded one, kind, or a real cluster).
import { CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import {
  SESSION_API_VERSION,
  SESSION_GROUP,
  SESSION_KIND,
  SESSION_PLURAL,
  SESSION_VERSION,
  type AgenticSession,
  type AgenticSessionList,
  type AgenticSessionStatus,
} from "../../types/agentic-session";

const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL };
const mergePatch = () => setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY = "session-operator";
export const SESSION_LABEL = "vteam.ambient-code/session";

export function httpCode(e: unknown): number | undefined {
  const code = (e as { code?: unknown; statusCode?: unknown })?.code ?? (e as { statusCode?: unknown })?.statusCode;
  return typeof code === "number" ? code : undefined;
}
export const isConflict = (e: unknown) => httpCode(e) === 409;
export const isNotFound = (e: unknown) => httpCode(e) === 404;

/** Top-level merge patch turning `before` into `after` (RFC 7386: removed keys become null). */
export function statusMergePatch(before: AgenticSessionStatus | undefined, after: AgenticSessionStatus): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const b = (before ?? {}) as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const [k, v] of Object.entries(a)) if (JSON.stringify(b[k]) !== JSON.stringify(v)) patch[k] = v;
  for (const k of Object.keys(b)) if (!(k in a)) patch[k] = null;
  return patch;
}

export interface ServiceTarget {
  namespace: string;
  serviceName: string;
  session: AgenticSession;
  port: number;
}

export { pooledKubeConfig } from "../../lib/k8s/pool";

export class Kube {
  readonly custom: CustomObjectsApi;
  readonly core: CoreV1Api;
  constructor(readonly kc: KubeConfig) {
    this.custom = kc.makeApiClient(CustomObjectsApi);
    this.core = kc.makeApiClient(CoreV1Api);
  }

  async getSession(namespace: string, name: string): Promise<AgenticSession> {
    return (await this.custom.getNamespacedCustomObject({ ...base, namespace, name })) as AgenticSession;
  }

  /** Every session in every namespace, paged. */
  async listSessions(limit = 500): Promise<{ items: AgenticSession[]; resourceVersion: string }> {
    const items: AgenticSession[] = [];
    let cont: string | undefined;
    let resourceVersion = "";
    do {
      const page = (await this.custom.listClusterCustomObject({ ...base, limit, _continue: cont })) as AgenticSessionList;
      items.push(...(page.items ?? []));
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      cont = page.metadata?.continue || undefined;
    } while (cont);
    return { items, resourceVersion };
  }

  /** Status through the /status subresource, conditional on the resourceVersion read. */
  async patchStatus(s: AgenticSession, status: AgenticSessionStatus): Promise<AgenticSession> {
    const body = { metadata: { resourceVersion: s.metadata.resourceVersion }, status: statusMergePatch(s.status, status) };
    return (await this.custom.patchNamespacedCustomObjectStatus(
      { ...base, namespace: s.metadata.namespace!, name: s.metadata.name!, body },
      mergePatch(),
    )) as AgenticSession;
  }

  /** Annotations and finalizers, conditional on the resourceVersion read. */
  async patchMetadata(s: AgenticSession, changes: { annotations?: Record<string, string | null>; finalizers?: string[] }): Promise<AgenticSession> {
    const body = { metadata: { resourceVersion: s.metadata.resourceVersion, ...changes } };
    return (await this.custom.patchNamespacedCustomObject({ ...base, namespace: s.metadata.namespace!, name: s.metadata.name!, body }, mergePatch())) as AgenticSession;
  }

  /** A Service plus its Endpoints pointing at a loopback port, so the API server's service proxy reaches it. */
  async ensureService(t: ServiceTarget): Promise<void> {
    const { namespace, serviceName, session, port } = t;
    const metadata = {
      name: serviceName,
      namespace,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [SESSION_LABEL]: session.metadata.name! },
      ownerReferences: [
        { apiVersion: session.apiVersion ?? SESSION_API_VERSION, kind: session.kind ?? SESSION_KIND, name: session.metadata.name!, uid: session.metadata.uid!, controller: true },
      ],
    };
    const service = { apiVersion: "v1", kind: "Service", metadata, spec: { ports: [{ name: "http", port: 8080, targetPort: port, protocol: "TCP" }] } };
    const endpoints = { apiVersion: "v1", kind: "Endpoints", metadata, subsets: [{ addresses: [{ ip: "127.0.0.1" }], ports: [{ name: "http", port, protocol: "TCP" }] }] };
    await this.upsert(
      () => this.core.createNamespacedService({ namespace, body: service as never }),
      async () => {
        const cur = await this.core.readNamespacedService({ name: serviceName, namespace });
        await this.core.replaceNamespacedService({ name: serviceName, namespace, body: { ...service, metadata: { ...metadata, resourceVersion: cur.metadata?.resourceVersion }, spec: { ...cur.spec, ...service.spec } } as never });
      },
    );
    await this.upsert(
      () => this.core.createNamespacedEndpoints({ namespace, body: endpoints as never }),
      async () => {
        const cur = await this.core.readNamespacedEndpoints({ name: serviceName, namespace });
        await this.core.replaceNamespacedEndpoints({ name: serviceName, namespace, body: { ...endpoints, metadata: { ...metadata, resourceVersion: cur.metadata?.resourceVersion } } as never });
      },
    );
  }

  async deleteService(namespace: string, serviceName: string): Promise<void> {
    for (const del of [
      () => this.core.deleteNamespacedEndpoints({ name: serviceName, namespace }),
      () => this.core.deleteNamespacedService({ name: serviceName, namespace }),
    ]) {
      try {
        await del();
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }

  /** Services this operator registered (all point at processes of an earlier run after a restart). */
  async listManagedServices(): Promise<Array<{ namespace: string; name: string }>> {
    const list = await this.core.listServiceForAllNamespaces({ labelSelector: `${MANAGED_BY_LABEL}=${MANAGED_BY}` });
    return (list.items ?? []).map((s) => ({ namespace: s.metadata?.namespace ?? "", name: s.metadata?.name ?? "" }));
  }

  private async upsert(create: () => Promise<unknown>, replace: () => Promise<void>): Promise<void> {
    try {
      await create();
      return;
    } catch (e) {
      if (httpCode(e) !== 409) throw e;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await replace();
        return;
      } catch (e) {
        if (!isConflict(e) || attempt >= 4) throw e;
      }
    }
  }
}
