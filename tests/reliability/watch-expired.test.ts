// Watch resilience, 410 Gone: a client comes back with a resourceVersion the API server has already
// compacted away (a laptop that slept, a proxy that held the stream). The console's stream must say
// `reset`, the client re-reads, and no row it held goes stale: the deletion it never saw is gone too.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rawWatch } from "@/local/apiserver/testing";
import { pointRoutesAt, startTestCluster, type TestCluster } from "@/lib/testing/embedded";
import { SESSION_GROUP, SESSION_PLURAL, SESSION_VERSION, type AgenticSession } from "@/types/agentic-session";
import { ROOT } from "./lib/route-fuzz";
import { reportFigures } from "./lib/scale";
import { seedProjects } from "./lib/seed";
import { BrowserModel } from "./lib/sse-client";

const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL, namespace: "demo" };
let cluster: TestCluster;

beforeAll(async () => {
  // Superseded versions kept for one second only, so history expires while the test waits.
  cluster = await startTestCluster({ compactionWindowMs: 1000 });
  pointRoutesAt(cluster.server.kubeconfigPath);
  await seedProjects(cluster, { demo: ["w-keep", "w-change", "w-delete"] });
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await cluster?.close();
});

describe("watch resilience: 410 Gone", () => {
  it("a stream resumed from a compacted resourceVersion resets, the client re-reads, no stale rows", async () => {
    const load = async (rel: string) => (await import(pathToFileURL(path.join(ROOT, "app/api/projects/[project]/sessions", rel, "route.ts")).href)).GET;
    const model = new BrowserModel({ list: await load("."), watch: await load("watch") }, "demo", cluster.server.adminToken);
    const old = await model.refetch();
    expect(model.names()).toEqual(["w-change", "w-delete", "w-keep"]);

    // While the client is away: a change, a deletion, a new session, then enough time for compaction.
    const api = cluster.admin.makeApiClient(CustomObjectsApi);
    await api.deleteNamespacedCustomObject({ ...base, name: "w-delete" });
    await api.patchNamespacedCustomObject({ ...base, name: "w-change", body: { spec: { displayName: "changed while away" } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
    await api.createNamespacedCustomObject({ ...base, body: { apiVersion: `${SESSION_GROUP}/${SESSION_VERSION}`, kind: "AgenticSession", metadata: { name: "w-new" }, spec: { initialPrompt: "x" } } });
    const expired = await (async () => {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const w = rawWatch(cluster.server, `/apis/${SESSION_GROUP}/${SESSION_VERSION}/namespaces/demo/${SESSION_PLURAL}?watch=true&resourceVersion=${old.resourceVersion}`);
        try {
          const ev = await w.waitFor(() => true, 2000);
          if (ev.type === "ERROR" && ev.object.code === 410) return true;
        } catch {
          /* nothing yet */
        } finally {
          w.stop();
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      return false;
    })();
    expect(expired, "the API server compacted the old resourceVersion").toBe(true);

    const openedAt = Date.now();
    await model.open(old.resourceVersion);
    await model.waitFor("reset", () => model.events.some((e) => e.event === "reset"), 5_000);
    const want = ((await api.listNamespacedCustomObject(base)) as { items: AgenticSession[] }).items.map((s) => s.metadata.name!).sort();
    const consistentAt = await model.waitFor("rows match the cluster", () => JSON.stringify(model.names()) === JSON.stringify(want), 5_000);
    await model.waitFor("live", () => model.lastState() === "live", 5_000);
    reportFigures("watch-expired", { consistentAfterMs: consistentAt - openedAt, states: model.states.map((s) => s.state), events: model.events.map((e) => e.event) });
    expect(model.names()).toEqual(["w-change", "w-keep", "w-new"]);
    expect(model.displayNames()["w-change"]).toBe("changed while away");

    // And the stream stays useful after the reset: a later change arrives as an event.
    await api.deleteNamespacedCustomObject({ ...base, name: "w-keep" });
    await model.waitFor("later deletion", () => !model.names().includes("w-keep"), 5_000);
    expect(model.streamEnded).toBe(false);
    model.close();
  }, 60_000);
});
