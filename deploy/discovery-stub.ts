// A stand-in API server that only answers discovery (and 404 for every object), so that
// `kubectl apply --dry-run=client` can run offline: kubectl needs discovery to map kinds to
// resources and GETs each object to decide create vs patch, but writes nothing in a client dry run.
// The resource table lists what a real cluster serves, so a wrong apiVersion or kind still fails.
import { writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StubResource {
  group: string; // "" for core
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

/** Built-in kinds (Kubernetes 1.32) a manifest in deploy/ may use. */
export const BUILTIN_RESOURCES: StubResource[] = [
  ...[
    ["Namespace", "namespaces", false],
    ["ServiceAccount", "serviceaccounts", true],
    ["Service", "services", true],
    ["Endpoints", "endpoints", true],
    ["ConfigMap", "configmaps", true],
    ["Secret", "secrets", true],
    ["Event", "events", true],
    ["Pod", "pods", true],
    ["PersistentVolumeClaim", "persistentvolumeclaims", true],
  ].map(([kind, plural, namespaced]) => ({ group: "", version: "v1", kind, plural, namespaced }) as StubResource),
  { group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true },
  { group: "apps", version: "v1", kind: "StatefulSet", plural: "statefulsets", namespaced: true },
  { group: "batch", version: "v1", kind: "Job", plural: "jobs", namespaced: true },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", namespaced: true },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings", namespaced: true },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles", namespaced: false },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings", namespaced: false },
  { group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition", plural: "customresourcedefinitions", namespaced: false },
  { group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy", plural: "networkpolicies", namespaced: true },
  { group: "networking.k8s.io", version: "v1", kind: "Ingress", plural: "ingresses", namespaced: true },
  { group: "policy", version: "v1", kind: "PodDisruptionBudget", plural: "poddisruptionbudgets", namespaced: true },
];

export interface DiscoveryStub {
  url: string;
  kubeconfigPath: string;
  /** `METHOD path` of every request, for asserting that nothing was written. */
  requests: string[];
  close(): Promise<void>;
}

function gv(r: StubResource): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

function resourceList(groupVersion: string, resources: StubResource[]) {
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion,
    resources: resources.map((r) => ({
      name: r.plural,
      singularName: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: VERBS,
    })),
  };
}

/** Start the stub on 127.0.0.1 and write a kubeconfig for it to `kubeconfigPath`. */
export async function startDiscoveryStub(resources: StubResource[], kubeconfigPath: string): Promise<DiscoveryStub> {
  const byGv = new Map<string, StubResource[]>();
  for (const r of resources) byGv.set(gv(r), [...(byGv.get(gv(r)) ?? []), r]);
  const groups = new Map<string, string[]>();
  for (const r of resources) if (r.group) groups.set(r.group, [...new Set([...(groups.get(r.group) ?? []), r.version])]);

  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://stub").pathname.replace(/\/$/, "");
    requests.push(`${req.method} ${path}`);
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && path === "/api") return send(200, { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] });
    if (req.method === "GET" && path === "/apis") {
      return send(200, {
        kind: "APIGroupList",
        apiVersion: "v1",
        groups: [...groups].map(([name, versions]) => ({
          name,
          versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
          preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
        })),
      });
    }
    const listed = req.method === "GET" && (path.startsWith("/api/") || path.startsWith("/apis/")) ? byGv.get(path.replace(/^\/apis?\//, "")) : undefined;
    if (listed) return send(200, resourceList(path.replace(/^\/apis?\//, ""), listed));
    // Every object is absent: apply then reports "created (dry run)".
    send(404, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "NotFound", code: 404, message: `${path} not found` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(
    kubeconfigPath,
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters: [{name: stub, cluster: {server: " + JSON.stringify(url) + "}}]",
      "users: [{name: stub, user: {}}]",
      "contexts: [{name: stub, context: {cluster: stub, user: stub, namespace: default}}]",
      "current-context: stub",
      "",
    ].join("\n"),
  );
  return {
    url,
    kubeconfigPath,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
