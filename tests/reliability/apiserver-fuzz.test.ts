// Bad input against the embedded API server over raw HTTPS: never a 5xx, every error a Status.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "@/lib/testing/embedded";
import { fuzzApiServer, sendCase } from "./lib/apiserver-fuzz";
import { budgetMs, reportFigures, SCALE } from "./lib/scale";
import { seedProjects } from "./lib/seed";

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
  await seedProjects(cluster, { demo: ["s0", "s1"], other: ["secret-plan"] });
}, 60_000);

afterAll(async () => {
  await cluster?.close();
});

describe("embedded API server under bad input", () => {
  it("answers a few known-bad requests with the right Status", async () => {
    const base = "/apis/vteam.ambient-code/v1alpha1/namespaces/demo/agenticsessions";
    const cases = [
      { method: "PATCH", path: `${base}/s0`, query: [], contentType: "application/strategic-merge-patch+json", body: "{}", as: "admin" as const, want: 415 },
      { method: "POST", path: base, query: [], contentType: "application/json", body: '{"apiVersion":', as: "admin" as const, want: 400 },
      { method: "GET", path: base, query: [["continue", "garbage"]] as Array<[string, string]>, as: "admin" as const, want: 400 },
      { method: "GET", path: base, query: [["labelSelector", "a in (b"]] as Array<[string, string]>, as: "admin" as const, want: 400 },
      { method: "POST", path: base, query: [], contentType: "application/json", body: JSON.stringify({ apiVersion: "vteam.ambient-code/v1alpha1", kind: "AgenticSession", metadata: { name: "Bad_Name" }, spec: {} }), as: "admin" as const, want: 422 },
      { method: "GET", path: base.replace("demo", "other"), query: [], as: "demo" as const, want: 403 },
      { method: "GET", path: base, query: [], as: "bad" as const, want: 401 },
      // Found by the fuzzer: these ended the API server process (URIError / TypeError outside the handler's catch).
      { method: "GET", path: "//", query: [], as: "none" as const, want: 400 },
      { method: "GET", path: "/api/v1/namespaces/a%zz", query: [], as: "admin" as const, want: 400 },
      { method: "PATCH", path: "/api/v1/namespaces/demo/services", query: [], contentType: "application/merge-patch+json", body: "{}", as: "admin" as const, want: 405 },
      { method: "DELETE", path: `${base}/s1`, query: [], contentType: "application/json", body: "null", as: "admin" as const, want: 400 },
      // A HEAD on a watch held its kept-alive connection open, so the next request on it hung.
      { method: "HEAD", path: base, query: [["watch", "1"]] as Array<[string, string]>, as: "admin" as const, want: 200 },
      { method: "GET", path: base, query: [["limit", "1"]] as Array<[string, string]>, as: "admin" as const, want: 200 },
      // A 413 left the unread rest of the body on the kept-alive connection: the next request hung.
      { method: "POST", path: base, query: [], contentType: "application/json", body: JSON.stringify({ spec: { initialPrompt: "p".repeat(3_200_000) } }), as: "admin" as const, want: 413 },
      { method: "GET", path: base, query: [["limit", "1"]] as Array<[string, string]>, as: "admin" as const, want: 200 },
      // Deep nesting overflowed the stack (500) in stringify/validation.
      { method: "POST", path: base, query: [], contentType: "application/json", body: '{"a":'.repeat(5000) + "1" + "}".repeat(5000), as: "admin" as const, want: 400 },
    ];
    for (const { want, ...c } of cases) {
      const a = await sendCase(cluster.server, c);
      expect(a.problems, JSON.stringify(c)).toEqual([]);
      expect([want, c.query.length ? 410 : want], `${c.method} ${c.path} ${JSON.stringify(c.query)}`).toContain(a.status);
    }
  });

  it(
    "never answers 5xx and every error is a meta/v1 Status",
    async () => {
      const figures = await fuzzApiServer(cluster.server, SCALE.apiFuzzRuns);
      reportFigures("apiserver-fuzz", { seed: figures.seed, cases: figures.cases, fiveXX: figures.fiveXX, proxyUnavailable: figures.proxyUnavailable, parserRejected: figures.parserRejected, watchesOpened: figures.watchesOpened, slow: figures.slow, byStatus: figures.byStatus, problems: figures.problems.length, examples: figures.problems.slice(0, 10) });
      // Still serving after all of it.
      expect((await sendCase(cluster.server, { method: "GET", path: "/version", query: [], as: "admin" })).status).toBe(200);
      expect(figures.fiveXX, JSON.stringify(figures.problems.slice(0, 5), null, 1)).toBe(0);
      expect(figures.problems, JSON.stringify(figures.problems.slice(0, 10), null, 1)).toEqual([]);
    },
    budgetMs(180_000, 1_800_000),
  );
});
