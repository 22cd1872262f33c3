// The deploy/ manifests: they render with kustomize, pass kubectl's client-side dry run, are hardened,
// grant least privilege, and the kinds the embedded API server serves apply to it for real.
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { TestCluster } from "../lib/testing/embedded";
import { BUILTIN_RESOURCES, startDiscoveryStub, type DiscoveryStub } from "./discovery-stub";
import { missingPermissions, parseManifests, podSpecOf, refOf, wildcardRules, workloadProblems, type Manifest, type PolicyRule } from "./manifests";

const root = path.resolve(import.meta.dirname, "..");
const CRD_FILE = path.join(root, "deploy/crds/agenticsessions.yaml");
const EXAMPLE_FILE = path.join(root, "deploy/examples/session.yaml");
const TARGETS = ["deploy/crds", "deploy/base", "deploy/overlays/token", "deploy/overlays/proxy", "deploy/operator"] as const;
// What the embedded API server serves (besides the CRD itself, which it loads at start).
const EMBEDDED_KINDS = new Set(["Namespace", "Event", "Secret", "ConfigMap", "Service", "Endpoints", "AgenticSession"]);

function findKubectl(): string | undefined {
  const candidates = [process.env.KUBECTL, "/usr/bin/kubectl", ...(process.env.PATH ?? "").split(path.delimiter).map((d) => path.join(d, "kubectl"))];
  for (const c of candidates) {
    if (!c) continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      /* next */
    }
  }
  return undefined;
}

const kubectl = findKubectl();
if (!kubectl) console.log("deploy.test.ts: kubectl not found (set KUBECTL or install it): skipping the kustomize and dry-run checks");
const hasEmbeddedServer = existsSync(path.join(root, "local/apiserver/index.ts"));
if (!hasEmbeddedServer) console.log("deploy.test.ts: local/apiserver/index.ts not present: skipping the apply-to-embedded-server checks");

// Async on purpose: the discovery stub answers kubectl from this same process.
function run(args: string[], input = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectl as string, args, { cwd: root, env: { ...process.env, KUBECONFIG: "" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

function toYaml(manifests: Manifest[]): string {
  return manifests.map((m) => stringify(m)).join("---\n");
}

function crdResource(crd: Manifest) {
  const spec = crd.spec as { group: string; scope: string; names: { kind: string; plural: string }; versions: { name: string; served: boolean }[] };
  return spec.versions
    .filter((v) => v.served)
    .map((v) => ({ group: spec.group, version: v.name, kind: spec.names.kind, plural: spec.names.plural, namespaced: spec.scope === "Namespaced" }));
}

describe.skipIf(!kubectl)("deploy manifests (kubectl kustomize + client dry run)", () => {
  const rendered = new Map<string, Manifest[]>();
  const renderedText = new Map<string, string>();
  let tmp: string;
  let stub: DiscoveryStub;
  const crd = parseManifests(readFileSync(CRD_FILE, "utf8"));

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "sc-deploy-"));
    for (const t of TARGETS) {
      const res = await run(["kustomize", t]);
      if (res.code !== 0) throw new Error(`kubectl kustomize ${t} failed: ${res.stderr}`);
      renderedText.set(t, res.stdout);
      rendered.set(t, parseManifests(res.stdout));
    }
    stub = await startDiscoveryStub([...BUILTIN_RESOURCES, ...crdResource(crd[0])], path.join(tmp, "kubeconfig"));
  });
  afterAll(async () => {
    await stub?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const get = (t: (typeof TARGETS)[number]) => rendered.get(t) as Manifest[];
  const find = (ms: Manifest[], kind: string, name: string) => ms.find((m) => m.kind === kind && m.metadata.name === name);
  const consoleDeployment = (t: (typeof TARGETS)[number]) => find(get(t), "Deployment", "session-console") as Manifest;
  const rulesOf = (t: (typeof TARGETS)[number], name: string) => ((find(get(t), "ClusterRole", name) as Manifest | undefined)?.rules ?? []) as PolicyRule[];

  it("renders every kustomization to parseable YAML", () => {
    for (const t of TARGETS) expect(get(t).length, t).toBeGreaterThan(0);
    expect(crd).toHaveLength(1);
    expect(crd[0].kind).toBe("CustomResourceDefinition");
  });

  it("the base has the CRD, namespace, service account, roles, Deployment and Service, all namespaced to session-console", () => {
    const base = get("deploy/base");
    const refs = base.map(refOf);
    for (const want of [
      "CustomResourceDefinition/agenticsessions.vteam.ambient-code",
      "Namespace/session-console",
      "ServiceAccount/session-console/session-console",
      "ClusterRole/session-viewer",
      "ClusterRole/session-editor",
      "ClusterRole/project-admin",
      "ClusterRole/session-console-user",
      "Deployment/session-console/session-console",
      "Service/session-console/session-console",
    ])
      expect(refs).toContain(want);
  });

  it("sets AUTH_MODE per overlay and runs the standalone server with probes on /api/healthz", () => {
    for (const [t, mode] of [["deploy/base", "token"], ["deploy/overlays/token", "token"], ["deploy/overlays/proxy", "proxy"]] as const) {
      const c = podSpecOf(consoleDeployment(t))?.containers?.find((x) => x.name === "console") as unknown as {
        env: { name: string; value?: string }[];
        readinessProbe: { httpGet: { path: string } };
        livenessProbe: { httpGet: { path: string } };
        volumeMounts: { mountPath: string }[];
      };
      expect(c, t).toBeDefined();
      expect(c.env.filter((e) => e.name === "AUTH_MODE").map((e) => e.value), t).toEqual([mode]);
      expect(c.env.find((e) => e.name === "HOSTNAME")?.value, t).toBe("0.0.0.0");
      expect(c.readinessProbe.httpGet.path).toBe("/api/healthz");
      expect(c.livenessProbe.httpGet.path).toBe("/api/healthz");
      // readOnlyRootFilesystem: these must be writable.
      expect(c.volumeMounts.map((v) => v.mountPath).sort()).toEqual(["/app/.next/cache", "/tmp"]);
    }
  });

  it("every workload container runs non-root, read-only, without capabilities, with resources", () => {
    let workloads = 0;
    for (const t of TARGETS)
      for (const m of get(t)) {
        if (!podSpecOf(m)) continue;
        workloads += 1;
        expect(workloadProblems(m), refOf(m)).toEqual([]);
      }
    expect(workloads).toBeGreaterThanOrEqual(3);
  });

  it("the hardening check itself catches a root container without limits", () => {
    const bad = parseManifests(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad}\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          securityContext: {runAsUser: 0}\n",
    )[0];
    const problems = workloadProblems(bad);
    expect(problems.some((p) => p.includes("runAsNonRoot"))).toBe(true);
    expect(problems.some((p) => p.includes("runAsUser is 0"))).toBe(true);
    expect(problems.some((p) => p.includes("memory limit"))).toBe(true);
  });

  it("the Service targets a named port some container exposes (the proxy in proxy mode)", () => {
    for (const [t, port] of [["deploy/base", "http"], ["deploy/overlays/proxy", "proxy"]] as const) {
      const svc = find(get(t), "Service", "session-console") as Manifest;
      const target = (svc.spec as { ports: { targetPort: string }[] }).ports[0].targetPort;
      expect(target, t).toBe(port);
      const ports = (podSpecOf(consoleDeployment(t))?.containers ?? []).flatMap((c) => (c as unknown as { ports?: { name: string }[] }).ports ?? []);
      expect(ports.map((p) => p.name)).toContain(port);
    }
  });

  it("project roles nest (viewer ⊆ editor ⊆ project-admin), use no wildcards, and viewers cannot write", () => {
    const viewer = rulesOf("deploy/base", "session-viewer");
    const editor = rulesOf("deploy/base", "session-editor");
    const admin = rulesOf("deploy/base", "project-admin");
    expect(viewer.length).toBeGreaterThan(0);
    expect(missingPermissions(editor, viewer)).toEqual([]);
    expect(missingPermissions(admin, editor)).toEqual([]);
    for (const rules of [viewer, editor, admin, rulesOf("deploy/operator", "session-operator")]) expect(wildcardRules(rules)).toEqual([]);
    expect(viewer.flatMap((r) => r.verbs).filter((v) => !["get", "list", "watch"].includes(v))).toEqual([]);
    // Editors may change spec but never status (the operator's alone).
    expect(missingPermissions(editor, [{ apiGroups: ["vteam.ambient-code"], resources: ["agenticsessions/status"], verbs: ["patch"] }])).toHaveLength(1);
    expect(missingPermissions(editor, [{ apiGroups: ["vteam.ambient-code"], resources: ["agenticsessions"], verbs: ["create", "patch", "delete"] }])).toEqual([]);
    expect(missingPermissions(admin, [{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings"], verbs: ["create"] }])).toEqual([]);
    expect(missingPermissions(editor, [{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings"], verbs: ["create"] }])).toHaveLength(1);
  });

  it("the console's service account is bound to nothing; the operator's only to its own role", () => {
    const all = TARGETS.flatMap((t) => get(t));
    const bindings = all.filter((m) => m.kind === "RoleBinding" || m.kind === "ClusterRoleBinding");
    const subjectsOf = (m: Manifest) => (m.subjects ?? []) as { kind: string; name: string }[];
    expect(bindings.filter((b) => subjectsOf(b).some((s) => s.kind === "ServiceAccount" && s.name === "session-console"))).toEqual([]);
    const op = bindings.filter((b) => subjectsOf(b).some((s) => s.kind === "ServiceAccount" && s.name === "session-operator"));
    expect(op.map((b) => (b.roleRef as { name: string }).name)).toEqual(["session-operator"]);
    const operator = rulesOf("deploy/operator", "session-operator");
    expect(missingPermissions(operator, [{ apiGroups: ["vteam.ambient-code"], resources: ["agenticsessions/status"], verbs: ["update", "patch"] }])).toEqual([]);
    // The operator never creates or deletes sessions, and only reads Secrets.
    expect(missingPermissions(operator, [{ apiGroups: ["vteam.ambient-code"], resources: ["agenticsessions"], verbs: ["create", "delete"] }])).toHaveLength(2);
    expect(missingPermissions(operator, [{ apiGroups: [""], resources: ["secrets"], verbs: ["list", "create", "update", "delete"] }])).toHaveLength(4);
  });

  it("every rendered manifest, the CRD and the example pass `kubectl apply --dry-run=client`", async () => {
    const inputs: [string, string, number][] = [
      ...TARGETS.map((t) => [t, renderedText.get(t) as string, get(t).length] as [string, string, number]),
      ["CRD file", readFileSync(CRD_FILE, "utf8"), 1],
      ["example", readFileSync(EXAMPLE_FILE, "utf8"), parseManifests(readFileSync(EXAMPLE_FILE, "utf8")).length],
    ];
    for (const [name, text, count] of inputs) {
      const res = await run(["--kubeconfig", stub.kubeconfigPath, "--cache-dir", path.join(tmp, "cache"), "apply", "--dry-run=client", "--validate=false", "-f", "-"], text);
      expect(res.stderr, name).toBe("");
      expect(res.code, name).toBe(0);
      expect(res.stdout.split("\n").filter((l) => l.endsWith("created (dry run)")), name).toHaveLength(count);
    }
    // A client dry run reads, never writes.
    expect(stub.requests.filter((r) => !r.startsWith("GET "))).toEqual([]);
  });

  it("the dry run rejects a kind the cluster does not serve (so the check can fail)", async () => {
    const res = await run(
      ["--kubeconfig", stub.kubeconfigPath, "--cache-dir", path.join(tmp, "cache"), "apply", "--dry-run=client", "--validate=false", "-f", "-"],
      "apiVersion: apps/v1beta1\nkind: Deployment\nmetadata: {name: old, namespace: default}\nspec: {}\n",
    );
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/no matches for kind|resource mapping not found/);
  });
});

describe.skipIf(!kubectl || !hasEmbeddedServer)("deploy manifests on the embedded API server", () => {
  let cluster: TestCluster;
  let cacheDir: string;

  beforeAll(async () => {
    // Loaded only when present: the server is written in another room.
    const { startTestCluster } = await import("../lib/testing/embedded");
    cluster = await startTestCluster();
    cacheDir = mkdtempSync(path.join(os.tmpdir(), "sc-deploy-cache-"));
  });
  afterAll(async () => {
    await cluster?.close();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  });

  const k = (args: string[], input = "") => run(["--kubeconfig", cluster.server.kubeconfigPath, "--cache-dir", cacheDir, ...args], input);

  it("applies the served kinds of the base, the proxy overlay and the example, idempotently", async () => {
    // Later sources win (the proxy overlay's Service replaces the base's), as applying them in turn would.
    const byRef = new Map<string, Manifest>();
    for (const t of ["deploy/base", "deploy/overlays/proxy"]) {
      const res = await run(["kustomize", t]);
      expect(res.code, res.stderr).toBe(0);
      for (const m of parseManifests(res.stdout)) if (EMBEDDED_KINDS.has(m.kind)) byRef.set(refOf(m), m);
    }
    for (const m of parseManifests(readFileSync(EXAMPLE_FILE, "utf8"))) byRef.set(refOf(m), m);
    const pieces = [...byRef.values()];
    // Namespaces first, as a real apply of several files would need.
    pieces.sort((a, b) => Number(b.kind === "Namespace") - Number(a.kind === "Namespace"));
    expect(pieces.map((p) => p.kind)).toEqual(expect.arrayContaining(["Namespace", "Service", "ConfigMap", "AgenticSession"]));

    // --validate=false: the embedded server publishes no /openapi documents; it validates against the CRD schema itself.
    const first = await k(["apply", "--validate=false", "-f", "-"], toYaml(pieces));
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout.split("\n").filter((l) => l.endsWith(" created"))).toHaveLength(pieces.length);

    const again = await k(["apply", "--validate=false", "-f", "-"], toYaml(pieces));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.split("\n").filter((l) => l.endsWith(" unchanged"))).toHaveLength(pieces.length);

    const got = await k(["get", "agenticsessions.vteam.ambient-code", "fix-readme-typos", "-n", "team-demo", "-o", "json"]);
    expect(got.code, got.stderr).toBe(0);
    const session = JSON.parse(got.stdout) as { spec: Record<string, unknown>; metadata: { generation: number; annotations?: Record<string, string> } };
    expect(session.spec.initialPrompt).toMatch(/spelling mistakes/);
    expect(session.spec.timeout).toBe(600);
    expect(session.metadata.generation).toBe(1);
    expect(session.metadata.annotations?.["kubectl.kubernetes.io/last-applied-configuration"]).toBeTruthy();

    const svc = await k(["get", "service", "session-console", "-n", "session-console", "-o", "jsonpath={.spec.ports[0].targetPort}"]);
    expect(svc.code, svc.stderr).toBe(0);
    expect(svc.stdout).toBe("proxy");
  });
});
