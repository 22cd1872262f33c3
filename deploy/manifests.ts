// Pure checks over rendered Kubernetes manifests, used by deploy.test.ts. No I/O here.
import { parseAllDocuments } from "yaml";

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** Every document of a multi-document YAML stream; throws on a YAML error or a document without apiVersion/kind/name. */
export function parseManifests(text: string): Manifest[] {
  const out: Manifest[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`YAML error: ${doc.errors[0].message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value)) throw new Error("a YAML document is not a mapping");
    const m = value as Partial<Manifest>;
    if (typeof m.apiVersion !== "string" || typeof m.kind !== "string" || typeof m.metadata?.name !== "string") {
      throw new Error(`manifest without apiVersion/kind/metadata.name: ${JSON.stringify(value).slice(0, 200)}`);
    }
    out.push(m as Manifest);
  }
  return out;
}

/** `kind/name` or `kind/namespace/name`, for messages and lookups. */
export function refOf(m: Manifest): string {
  return m.metadata.namespace ? `${m.kind}/${m.metadata.namespace}/${m.metadata.name}` : `${m.kind}/${m.metadata.name}`;
}

interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
}
interface Container {
  name: string;
  image?: string;
  securityContext?: SecurityContext;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface PodSpec {
  securityContext?: SecurityContext;
  containers?: Container[];
  initContainers?: Container[];
}

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]);

/** The pod template's spec of a workload, or undefined for other kinds. */
export function podSpecOf(m: Manifest): PodSpec | undefined {
  if (m.kind === "Pod") return m.spec as PodSpec;
  if (m.kind === "CronJob") return (m.spec as { jobTemplate?: { spec?: { template?: { spec?: PodSpec } } } })?.jobTemplate?.spec?.template?.spec;
  if (!WORKLOAD_KINDS.has(m.kind)) return undefined;
  return (m.spec as { template?: { spec?: PodSpec } })?.template?.spec;
}

/**
 * What keeps a workload's containers from running hardened: non-root (a non-zero uid, from the
 * container or the pod), no privilege escalation, read-only root filesystem, all capabilities dropped,
 * CPU and memory requests and a memory limit. Empty when all is well.
 */
export function workloadProblems(m: Manifest): string[] {
  const pod = podSpecOf(m);
  if (!pod) return [];
  const problems: string[] = [];
  const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  if (containers.length === 0) problems.push(`${refOf(m)}: no containers`);
  for (const c of containers) {
    const at = `${refOf(m)} container ${c.name}`;
    const sc = c.securityContext ?? {};
    const podSc = pod.securityContext ?? {};
    const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
    const uid = sc.runAsUser ?? podSc.runAsUser;
    if (nonRoot !== true) problems.push(`${at}: runAsNonRoot is not true`);
    if (uid === 0) problems.push(`${at}: runAsUser is 0`);
    if (sc.privileged) problems.push(`${at}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem is not true`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) problems.push(`${at}: capabilities do not drop ALL`);
    if ((sc.capabilities?.add ?? []).length > 0) problems.push(`${at}: adds capabilities`);
    if (!c.resources?.requests?.cpu) problems.push(`${at}: no CPU request`);
    if (!c.resources?.requests?.memory) problems.push(`${at}: no memory request`);
    if (!c.resources?.limits?.memory) problems.push(`${at}: no memory limit`);
  }
  return problems;
}

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** One permission: `group|resource|verb|resourceName` ("*" for any name). */
function permissions(rules: PolicyRule[]): Set<string> {
  const out = new Set<string>();
  for (const r of rules) {
    for (const g of r.apiGroups ?? [])
      for (const res of r.resources ?? [])
        for (const v of r.verbs)
          for (const n of r.resourceNames?.length ? r.resourceNames : ["*"]) out.add(`${g}|${res}|${v}|${n}`);
  }
  return out;
}

/** Permissions in `inner` that `outer` does not grant (exact match; wildcards are not expanded). */
export function missingPermissions(outer: PolicyRule[], inner: PolicyRule[]): string[] {
  const have = permissions(outer);
  return [...permissions(inner)].filter((p) => !have.has(p) && !have.has(p.replace(/\|[^|]*$/, "|*")));
}

/** Whether any rule grants a wildcard group, resource or verb (never wanted in these roles). */
export function wildcardRules(rules: PolicyRule[]): PolicyRule[] {
  return rules.filter((r) => [...(r.apiGroups ?? []), ...(r.resources ?? []), ...r.verbs].includes("*"));
}
