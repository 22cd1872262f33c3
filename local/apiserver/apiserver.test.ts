// The embedded API server through @kubernetes/client-node (as the console uses it) and raw HTTPS
// (for wire details): the behaviour KUBE-API-NOTES.md asks for.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "../../lib/testing/embedded";
import { rawClient, rawWatch } from "./testing";

const G = "vteam.ambient-code";
const V = "v1alpha1";
const P = "agenticsessions";
const base = `/apis/${G}/${V}/namespaces`;

let c: TestCluster;
let raw: ReturnType<typeof rawClient>;
let custom: CustomObjectsApi;
let core: CoreV1Api;

function session(name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
  return { apiVersion: `${G}/${V}`, kind: "AgenticSession", metadata: { name, ...metadata }, spec: { initialPrompt: "do it", ...spec } };
}

async function create(ns: string, name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
  const r = await raw("POST", `${base}/${ns}/${P}`, session(name, spec, metadata));
  expect(r.status, r.text).toBe(201);
  return r.json;
}

beforeAll(async () => {
  c = await startTestCluster({ bookmarkIntervalMs: 300 });
  raw = rawClient(c.server);
  custom = c.admin.makeApiClient(CustomObjectsApi);
  core = c.admin.makeApiClient(CoreV1Api);
});
afterAll(async () => c?.close());

describe("discovery", () => {
  it("answers /version, /api, /apis and the group's resource list", async () => {
    expect((await raw("GET", "/version")).json.major).toBe("1");
    expect((await raw("GET", "/api")).json).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const groups = (await raw("GET", "/apis")).json;
    expect(groups.kind).toBe("APIGroupList");
    expect(groups.groups.map((g: { name: string }) => g.name)).toContain(G);
    const list = (await raw("GET", `/apis/${G}/${V}`)).json;
    const res = list.resources.find((r: { name: string }) => r.name === P);
    expect(res).toMatchObject({ kind: "AgenticSession", namespaced: true, shortNames: ["as"] });
    expect(list.resources.map((r: { name: string }) => r.name)).toContain(`${P}/status`);
    expect((await raw("GET", "/apis/nope/v1")).status).toBe(404);
  });
});

describe("authentication and authorization", () => {
  it("answers 401 Status without a valid token", async () => {
    for (const token of [undefined, "wrong"]) {
      const r = await rawClient(c.server, token ?? "")("GET", "/api/v1/namespaces");
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ kind: "Status", reason: "Unauthorized", code: 401 });
    }
  });

  it("lets the demo user work in demo only, with a Forbidden Status elsewhere", async () => {
    const demo = rawClient(c.server, c.server.demoToken);
    expect((await demo("GET", `${base}/demo/${P}`)).status).toBe(200);
    const denied = await demo("GET", `${base}/default/${P}`);
    expect(denied.status).toBe(403);
    expect(denied.json.reason).toBe("Forbidden");
    expect(denied.json.message).toContain('User "demo" cannot list resource "agenticsessions" in API group "vteam.ambient-code" in the namespace "default"');
    expect((await demo("POST", `${base}/default/${P}`, session("x"))).status).toBe(403);
    expect((await demo("GET", "/api/v1/namespaces")).status).toBe(200);
    expect((await demo("POST", "/api/v1/namespaces", { metadata: { name: "sneaky" } })).status).toBe(403);
  });

  it("answers SelfSubjectAccessReview, SelfSubjectRulesReview and SelfSubjectReview", async () => {
    const demo = rawClient(c.server, c.server.demoToken);
    const ask = async (namespace: string, verb: string) =>
      (await demo("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", { spec: { resourceAttributes: { namespace, verb, group: G, resource: P } } })).json.status.allowed;
    expect(await ask("demo", "create")).toBe(true);
    expect(await ask("default", "list")).toBe(false);
    const rules = await demo("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", { spec: { namespace: "demo" } });
    expect(rules.status).toBe(201);
    expect(rules.json.status.resourceRules.length).toBeGreaterThan(0);
    const who = await demo("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", {});
    expect(who.json.status.userInfo.username).toBe("demo");
    const bad = await demo("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", { spec: {} });
    expect(bad.status).toBe(422);
  });
});

describe("objects", () => {
  it("creates with uid, timestamps, generation 1, defaults and pruning", async () => {
    const o = await create("demo", "create-1", { bogus: true, repos: [{ url: "https://example.com/a/b.git" }] });
    expect(o.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(o.metadata.generation).toBe(1);
    expect(Number(o.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(o.spec).toMatchObject({ timeout: 300, interactive: true, autoPushOnComplete: false, llmSettings: { model: "claude-3-7-sonnet-latest", temperature: 0.7, maxTokens: 4000 } });
    expect(o.spec.repos[0].branch).toBe("main");
    expect(o.spec.bogus).toBeUndefined();
    const got = await custom.getNamespacedCustomObject({ group: G, version: V, namespace: "demo", plural: P, name: "create-1" });
    expect(got.metadata.uid).toBe(o.metadata.uid);
  });

  it("ignores status on create, names generateName objects, refuses duplicates and bad names", async () => {
    const r = await raw("POST", `${base}/demo/${P}`, { ...session(""), metadata: { generateName: "gen-" }, status: { phase: "Running" } });
    expect(r.status).toBe(201);
    expect(r.json.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(r.json.status).toBeUndefined();
    await create("demo", "dup");
    const dup = await raw("POST", `${base}/demo/${P}`, session("dup"));
    expect(dup.status).toBe(409);
    expect(dup.json).toMatchObject({ reason: "AlreadyExists", details: { name: "dup", group: G, kind: P } });
    const bad = await raw("POST", `${base}/demo/${P}`, session("Bad_Name"));
    expect(bad.status).toBe(422);
    expect(bad.json.details.causes[0].field).toBe("metadata.name");
    expect((await raw("POST", `${base}/nowhere/${P}`, session("x"))).status).toBe(404);
  });

  it("validates against the CRD schema, naming each bad field", async () => {
    const r = await raw("POST", `${base}/demo/${P}`, session("invalid", { timeout: 0, llmSettings: { temperature: 5 }, interactive: "yes" }));
    expect(r.status).toBe(422);
    expect(r.json.reason).toBe("Invalid");
    const fields = r.json.details.causes.map((x: { field: string }) => x.field).sort();
    expect(fields).toEqual(["spec.interactive", "spec.llmSettings.temperature", "spec.timeout"]);
    const big = await raw("POST", `${base}/demo/${P}`, session("big", { initialPrompt: "x".repeat(100_001) }));
    expect(big.status).toBe(422);
    expect(big.json.details.causes[0]).toMatchObject({ field: "spec.initialPrompt", reason: "FieldValueTooLong" });
    expect((await raw("POST", `${base}/demo/${P}`, "{not json")).status).toBe(400);
  });

  it("refuses objects over 1.5 MiB with 413", async () => {
    const r = await raw("POST", `/api/v1/namespaces/demo/configmaps`, { metadata: { name: "huge" }, data: { a: "x".repeat(1_700_000) } });
    expect(r.status).toBe(413);
    expect(r.json.reason).toBe("RequestEntityTooLarge");
  });

  it("answers 404 NotFound as a Status", async () => {
    const r = await raw("GET", `${base}/demo/${P}/missing`);
    expect(r.status).toBe(404);
    expect(r.json).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'agenticsessions.vteam.ambient-code "missing" not found',
      reason: "NotFound",
      details: { name: "missing", group: G, kind: P },
      code: 404,
    });
  });

  it("bumps generation only for spec changes and keeps status out of main-resource writes", async () => {
    const o = await create("demo", "gen-rules");
    const annotated = await raw("PATCH", `${base}/demo/${P}/gen-rules`, { metadata: { annotations: { a: "1" } }, status: { phase: "Failed" } }, { "Content-Type": "application/merge-patch+json" });
    expect(annotated.json.metadata.generation).toBe(1);
    expect(annotated.json.status).toBeUndefined();
    const changed = await raw("PATCH", `${base}/demo/${P}/gen-rules`, { spec: { timeout: 42 } }, { "Content-Type": "application/merge-patch+json" });
    expect(changed.json.metadata.generation).toBe(2);
    expect(Number(changed.json.metadata.resourceVersion)).toBeGreaterThan(Number(o.metadata.resourceVersion));
    const status = await raw("PUT", `${base}/demo/${P}/gen-rules/status`, { ...changed.json, spec: { timeout: 1 }, status: { phase: "Running", observedGeneration: 2 } });
    expect(status.status).toBe(200);
    expect(status.json.status.phase).toBe("Running");
    expect(status.json.spec.timeout).toBe(42);
    expect(status.json.metadata.generation).toBe(2);
    const put = await raw("PUT", `${base}/demo/${P}/gen-rules`, { ...status.json, status: { phase: "Failed" } });
    expect(put.json.status.phase).toBe("Running");
    const statusPatch = await raw("PATCH", `${base}/demo/${P}/gen-rules/status`, { status: { phase: "Stopped" }, spec: { timeout: 7 } }, { "Content-Type": "application/merge-patch+json" });
    expect(statusPatch.json.status.phase).toBe("Stopped");
    expect(statusPatch.json.spec.timeout).toBe(42);
  });

  it("answers 409 Conflict for a stale resourceVersion on update and patch, 422 for an update without one", async () => {
    const o = await create("demo", "conflicts");
    await raw("PATCH", `${base}/demo/${P}/conflicts`, { spec: { timeout: 5 } }, { "Content-Type": "application/merge-patch+json" });
    const stale = await raw("PUT", `${base}/demo/${P}/conflicts`, { ...o, spec: { ...o.spec, timeout: 6 } });
    expect(stale.status).toBe(409);
    expect(stale.json.reason).toBe("Conflict");
    expect(stale.json.message).toBe(
      'Operation cannot be fulfilled on agenticsessions.vteam.ambient-code "conflicts": the object has been modified; please apply your changes to the latest version and try again',
    );
    const stalePatch = await raw("PATCH", `${base}/demo/${P}/conflicts`, { metadata: { resourceVersion: o.metadata.resourceVersion }, spec: { timeout: 8 } }, { "Content-Type": "application/merge-patch+json" });
    expect(stalePatch.status).toBe(409);
    const { resourceVersion: _rv, ...meta } = o.metadata;
    const unconditional = await raw("PUT", `${base}/demo/${P}/conflicts`, { ...o, metadata: meta });
    expect(unconditional.status).toBe(422);
  });

  it("applies JSON patches, refuses strategic merge and server-side apply on custom resources with 415", async () => {
    await create("demo", "patches");
    const jp = await raw("PATCH", `${base}/demo/${P}/patches`, [{ op: "replace", path: "/spec/timeout", value: 11 }, { op: "add", path: "/metadata/labels", value: { team: "a" } }], {
      "Content-Type": "application/json-patch+json",
    });
    expect(jp.status).toBe(200);
    expect(jp.json.spec.timeout).toBe(11);
    const failedTest = await raw("PATCH", `${base}/demo/${P}/patches`, [{ op: "test", path: "/spec/timeout", value: 99 }], { "Content-Type": "application/json-patch+json" });
    expect(failedTest.status).toBe(422);
    const smp = await raw("PATCH", `${base}/demo/${P}/patches`, { spec: { timeout: 1 } }, { "Content-Type": "application/strategic-merge-patch+json" });
    expect(smp.status).toBe(415);
    expect(smp.json.reason).toBe("UnsupportedMediaType");
    const apply = await raw("PATCH", `${base}/demo/${P}/patches`, "spec: {}", { "Content-Type": "application/apply-patch+yaml" });
    expect(apply.status).toBe(415);
    // client-node's merge patch path
    const viaClient = await custom.patchNamespacedCustomObject(
      { group: G, version: V, namespace: "demo", plural: P, name: "patches", body: { spec: { displayName: "Patched" } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(viaClient.spec.displayName).toBe("Patched");
  });

  it("honours delete preconditions and finalizers", async () => {
    const o = await create("demo", "final", {}, { finalizers: ["example.com/hold"] });
    const pre = await raw("DELETE", `${base}/demo/${P}/final`, { preconditions: { resourceVersion: "1" } });
    expect(pre.status, pre.text).toBe(409);
    const del = await raw("DELETE", `${base}/demo/${P}/final`, { preconditions: { uid: o.metadata.uid } });
    expect(del.status).toBe(200);
    expect(del.json.metadata.deletionTimestamp).toBeTruthy();
    expect((await raw("GET", `${base}/demo/${P}/final`)).status).toBe(200);
    const released = await raw("PATCH", `${base}/demo/${P}/final`, { metadata: { finalizers: null } }, { "Content-Type": "application/merge-patch+json" });
    expect(released.status).toBe(200);
    expect((await raw("GET", `${base}/demo/${P}/final`)).status).toBe(404);
  });

  it("deletes dependents through ownerReferences", async () => {
    const owner = await create("demo", "owner");
    const ref = { apiVersion: `${G}/${V}`, kind: "AgenticSession", name: "owner", uid: owner.metadata.uid };
    await core.createNamespacedConfigMap({ namespace: "demo", body: { metadata: { name: "owned", ownerReferences: [ref] }, data: { a: "b" } } });
    await core.createNamespacedService({ namespace: "demo", body: { metadata: { name: "owned-svc", ownerReferences: [ref] }, spec: { ports: [{ port: 80 }] } } });
    await custom.deleteNamespacedCustomObject({ group: G, version: V, namespace: "demo", plural: P, name: "owner" });
    await expect.poll(async () => (await raw("GET", "/api/v1/namespaces/demo/configmaps/owned")).status).toBe(404);
    await expect.poll(async () => (await raw("GET", "/api/v1/namespaces/demo/services/owned-svc")).status).toBe(404);
  });

  it("converts secrets' stringData and deletes a namespace with its contents", async () => {
    await core.createNamespace({ body: { metadata: { name: "doomed" } } });
    const s = await core.createNamespacedSecret({ namespace: "doomed", body: { metadata: { name: "k" }, stringData: { key: "v" } } });
    expect(s.data?.key).toBe(Buffer.from("v").toString("base64"));
    await create("doomed", "inside");
    await core.deleteNamespace({ name: "doomed" });
    expect((await raw("GET", "/api/v1/namespaces/doomed")).status).toBe(404);
    expect((await raw("GET", `${base}/doomed/${P}/inside`)).status).toBe(404);
  });
});

describe("lists", () => {
  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: "paging" } } });
    for (let i = 0; i < 25; i++) await create("paging", `p-${String(i).padStart(2, "0")}`, {}, { labels: { parity: i % 2 ? "odd" : "even", tier: i < 5 ? "gold" : "std" } });
  });

  it("pages with limit and continue over one consistent snapshot", async () => {
    const first = await raw("GET", `${base}/paging/${P}?limit=10`);
    expect(first.json.kind).toBe("AgenticSessionList");
    expect(first.json.items).toHaveLength(10);
    expect(first.json.items[0]).toMatchObject({ apiVersion: `${G}/${V}`, kind: "AgenticSession" });
    expect(first.json.metadata.remainingItemCount).toBe(15);
    // Changes after the first page do not leak into later pages.
    await create("paging", "p-99");
    await raw("DELETE", `${base}/paging/${P}/p-24`);
    const names: string[] = first.json.items.map((i: { metadata: { name: string } }) => i.metadata.name);
    let token = first.json.metadata.continue;
    while (token) {
      const page = await raw("GET", `${base}/paging/${P}?limit=10&continue=${encodeURIComponent(token)}`);
      expect(page.status).toBe(200);
      expect(page.json.metadata.resourceVersion).toBe(first.json.metadata.resourceVersion);
      names.push(...page.json.items.map((i: { metadata: { name: string } }) => i.metadata.name));
      token = page.json.metadata.continue;
    }
    expect(names).toHaveLength(25);
    expect(names).toContain("p-24");
    expect(names).not.toContain("p-99");
    expect((await raw("GET", `${base}/paging/${P}?continue=garbage`)).status).toBe(400);
  });

  it("filters by label and field selectors and refuses unsupported fields", async () => {
    const odd = await raw("GET", `${base}/paging/${P}?labelSelector=${encodeURIComponent("parity=odd,tier in (gold)")}`);
    expect(odd.json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["p-01", "p-03"]);
    const notGold = await raw("GET", `${base}/paging/${P}?labelSelector=${encodeURIComponent("tier,tier!=gold,!missing")}`);
    expect(notGold.json.items.every((i: { metadata: { labels: { tier: string } } }) => i.metadata.labels.tier === "std")).toBe(true);
    const byName = await raw("GET", `${base}/paging/${P}?fieldSelector=metadata.name%3Dp-07`);
    expect(byName.json.items).toHaveLength(1);
    expect((await raw("GET", `${base}/paging/${P}?fieldSelector=spec.timeout%3D1`)).status).toBe(400);
    expect((await raw("GET", `${base}/paging/${P}?labelSelector=${encodeURIComponent("a in b")}`)).status).toBe(400);
    const all = await custom.listClusterCustomObject({ group: G, version: V, plural: P, labelSelector: "tier=gold" });
    expect((all as { items: unknown[] }).items).toHaveLength(5);
  });

  it("prints a Table with the CRD's printer columns for kubectl", async () => {
    const t = await raw("GET", `${base}/paging/${P}?limit=2`, undefined, { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" });
    expect(t.json.kind).toBe("Table");
    const cols = t.json.columnDefinitions.map((x: { name: string }) => x.name);
    expect(cols).toEqual(expect.arrayContaining(["Name", "Phase", "Model", "Age"]));
    expect(t.json.rows[0].cells[0]).toBe("p-00");
    expect(t.json.rows[0].object.kind).toBe("PartialObjectMetadata");
  });
});

describe("watch", () => {
  it("streams changes after a resourceVersion, in order", async () => {
    const o = await create("demo", "watched");
    const w = rawWatch(c.server, `${base}/demo/${P}?watch=true&resourceVersion=${o.metadata.resourceVersion}`);
    await raw("PATCH", `${base}/demo/${P}/watched`, { spec: { timeout: 9 } }, { "Content-Type": "application/merge-patch+json" });
    await raw("DELETE", `${base}/demo/${P}/watched`);
    await w.waitFor((e) => e.type === "DELETED");
    const mine = w.events.filter((e) => e.object.metadata?.name === "watched");
    expect(mine.map((e) => e.type)).toEqual(["MODIFIED", "DELETED"]);
    const rvs = mine.map((e) => Number(e.object.metadata.resourceVersion));
    expect(rvs[1]).toBeGreaterThan(rvs[0]);
    w.stop();
  });

  it("replays history missed by a client that resumes from an older version", async () => {
    const o = await create("demo", "resume");
    await raw("PATCH", `${base}/demo/${P}/resume`, { spec: { timeout: 10 } }, { "Content-Type": "application/merge-patch+json" });
    await raw("PATCH", `${base}/demo/${P}/resume`, { spec: { timeout: 11 } }, { "Content-Type": "application/merge-patch+json" });
    const w = rawWatch(c.server, `${base}/demo/${P}?watch=true&resourceVersion=${o.metadata.resourceVersion}&fieldSelector=metadata.name%3Dresume`);
    await w.waitFor((e) => e.object.spec?.timeout === 11);
    expect(w.events.map((e) => e.object.spec.timeout)).toEqual([10, 11]);
    w.stop();
  });

  it("sends current objects as ADDED without a resourceVersion, and bookmarks when allowed", async () => {
    await create("demo", "initial");
    const w = rawWatch(c.server, `${base}/demo/${P}?watch=true&allowWatchBookmarks=true&labelSelector=&fieldSelector=metadata.name%3Dinitial`);
    await w.waitFor((e) => e.type === "ADDED" && e.object.metadata.name === "initial");
    const bm = await w.waitFor((e) => e.type === "BOOKMARK", 3000);
    expect(bm.object).toMatchObject({ kind: "AgenticSession", apiVersion: `${G}/${V}` });
    expect(Object.keys(bm.object.metadata)).toEqual(["resourceVersion"]);
    w.stop();
  });

  it("turns label changes into ADDED/DELETED for a selector watch", async () => {
    const o = await create("demo", "relabel");
    const w = rawWatch(c.server, `${base}/demo/${P}?watch=true&resourceVersion=${o.metadata.resourceVersion}&labelSelector=watch%3Dme`);
    await raw("PATCH", `${base}/demo/${P}/relabel`, { metadata: { labels: { watch: "me" } } }, { "Content-Type": "application/merge-patch+json" });
    await w.waitFor((e) => e.type === "ADDED");
    await raw("PATCH", `${base}/demo/${P}/relabel`, { metadata: { labels: { watch: null } } }, { "Content-Type": "application/merge-patch+json" });
    await w.waitFor((e) => e.type === "DELETED");
    w.stop();
  });

  it("answers a too-old resourceVersion with a 410 Expired ERROR event, not an HTTP error", async () => {
    const small = await startTestCluster({ compactionWindowMs: 1000 });
    try {
      const r = rawClient(small.server);
      const first = await r("POST", `${base}/demo/${P}`, session("old"));
      for (let i = 0; i < 5; i++) await r("PATCH", `${base}/demo/${P}/old`, { spec: { timeout: 20 + i } }, { "Content-Type": "application/merge-patch+json" });
      await new Promise((res) => setTimeout(res, 1800));
      await r("PATCH", `${base}/demo/${P}/old`, { spec: { timeout: 99 } }, { "Content-Type": "application/merge-patch+json" });
      await new Promise((res) => setTimeout(res, 1800));
      const w = rawWatch(small.server, `${base}/demo/${P}?watch=true&resourceVersion=${first.json.metadata.resourceVersion}`);
      const err = await w.waitFor((e) => e.type === "ERROR");
      expect(err.object).toMatchObject({ kind: "Status", code: 410, reason: "Expired" });
      expect(err.object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
      await expect.poll(() => w.ended).toBe(true);
    } finally {
      await small.close();
    }
  });
});

describe("service proxy", () => {
  it("forwards to the service's endpoints with RBAC on services/proxy", async () => {
    const upstream = http.createServer((req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ path: req.url, auth: req.headers.authorization ?? null }));
    });
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", () => r()));
    const port = (upstream.address() as AddressInfo).port;
    try {
      await core.createNamespacedService({ namespace: "demo", body: { metadata: { name: "content" }, spec: { ports: [{ name: "http", port: 8080 }] } } });
      const missing = await raw("GET", "/api/v1/namespaces/demo/services/content:http/proxy/x");
      expect(missing.status).toBe(503);
      await core.createNamespacedEndpoints({
        namespace: "demo",
        body: { metadata: { name: "content" }, subsets: [{ addresses: [{ ip: "127.0.0.1" }], ports: [{ name: "http", port }] }] },
      });
      const demo = rawClient(c.server, c.server.demoToken);
      const ok = await demo("GET", "/api/v1/namespaces/demo/services/content:http/proxy/content/list?path=a%20b");
      expect(ok.status).toBe(200);
      expect(ok.json).toEqual({ path: "/content/list?path=a%20b", auth: null });
      const denied = await demo("GET", "/api/v1/namespaces/default/services/content:http/proxy/content/list");
      expect(denied.status).toBe(403);
    } finally {
      upstream.close();
    }
  });
});
