// Test helpers for the operator: sessions through client-node, a phase recorder fed by a real
// watch, and polling with a deadline.
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, Watch, type KubeConfig } from "@kubernetes/client-node";
import { SESSION_API_VERSION, SESSION_GROUP, SESSION_KIND, SESSION_PLURAL, SESSION_VERSION, type AgenticSession, type AgenticSessionSpec } from "../../../types/agentic-session";

const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL };

export function sessions(kc: KubeConfig, namespace: string) {
  const api = kc.makeApiClient(CustomObjectsApi);
  return {
    api,
    core: kc.makeApiClient(CoreV1Api),
    async create(name: string, spec: AgenticSessionSpec, annotations?: Record<string, string>): Promise<AgenticSession> {
      return (await api.createNamespacedCustomObject({
        ...base,
        namespace,
        body: { apiVersion: SESSION_API_VERSION, kind: SESSION_KIND, metadata: { name, ...(annotations ? { annotations } : {}) }, spec },
      })) as AgenticSession;
    },
    async get(name: string): Promise<AgenticSession> {
      return (await api.getNamespacedCustomObject({ ...base, namespace, name })) as AgenticSession;
    },
    /** Merge patch carrying the resourceVersion read (what the console does); retried on 409. */
    async patch(name: string, change: (s: AgenticSession) => Record<string, unknown>): Promise<AgenticSession> {
      for (let i = 0; ; i++) {
        const cur = await this.get(name);
        const p = change(cur) as { metadata?: Record<string, unknown> };
        try {
          return (await api.patchNamespacedCustomObject(
            { ...base, namespace, name, body: { ...p, metadata: { ...(p.metadata ?? {}), resourceVersion: cur.metadata.resourceVersion } } },
            setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
          )) as AgenticSession;
        } catch (e) {
          if ((e as { code?: number }).code !== 409 || i > 20) throw e;
        }
      }
    },
    async annotate(name: string, annotations: Record<string, string | null>): Promise<AgenticSession> {
      return this.patch(name, () => ({ metadata: { annotations } }));
    },
    async remove(name: string): Promise<void> {
      await api.deleteNamespacedCustomObject({ ...base, namespace, name });
    },
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Records every phase (and repo status) a watch shows per session, in order, without repeats. */
export async function recordPhases(kc: KubeConfig, namespace: string) {
  const phases = new Map<string, string[]>();
  const repoStates = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, k: string, v: string) => {
    const l = m.get(k) ?? [];
    if (l.at(-1) !== v) l.push(v);
    m.set(k, l);
  };
  const ac = await new Watch(kc).watch(
    `/apis/${SESSION_GROUP}/${SESSION_VERSION}/namespaces/${namespace}/${SESSION_PLURAL}`,
    { allowWatchBookmarks: true },
    (type, obj: AgenticSession) => {
      if (type === "BOOKMARK" || type === "ERROR") return;
      const name = obj.metadata.name!;
      if (obj.status?.phase) push(phases, name, obj.status.phase);
      for (const r of obj.status?.reconciledRepos ?? []) push(repoStates, `${name}/${r.name}`, r.status);
    },
    () => {},
  );
  return { phases: (name: string) => phases.get(name) ?? [], repos: (name: string, repo: string) => repoStates.get(`${name}/${repo}`) ?? [], stop: () => ac.abort() };
}

export const condition = (s: AgenticSession | undefined, type: string) => s?.status?.conditions?.find((c) => c.type === type);
