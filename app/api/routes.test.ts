// Route handlers driven as Next calls them, against a real embedded API server (client-node over HTTPS).
import { CoreV1Api, CustomObjectsApi } from "@kubernetes/client-node";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pointRoutesAt, startTestCluster, type TestCluster } from "@/lib/testing/embedded";
import { SESSION_GROUP, SESSION_PLURAL, SESSION_VERSION } from "@/types/agentic-session";

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
  pointRoutesAt(cluster.server.kubeconfigPath);
  const core = cluster.admin.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: "other", labels: { "ambient-code.io/managed": "true" } } } });
  await core.createNamespace({ body: { metadata: { name: "unmanaged" } } });
  const custom = cluster.admin.makeApiClient(CustomObjectsApi);
  for (let i = 0; i < 7; i++) {
    await custom.createNamespacedCustomObject({
      group: SESSION_GROUP,
      version: SESSION_VERSION,
      plural: SESSION_PLURAL,
      namespace: "demo",
      body: {
        apiVersion: `${SESSION_GROUP}/${SESSION_VERSION}`,
        kind: "AgenticSession",
        metadata: { name: `s${i}` },
        spec: { initialPrompt: i % 2 ? "fix the login bug" : "write docs", displayName: `Session ${i}` },
      },
    });
  }
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await cluster?.close();
});

const token = (kind: "admin" | "demo") => (kind === "admin" ? cluster.server.adminToken : cluster.server.demoToken);

function req(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; as?: "admin" | "demo" | null } = {}) {
  const headers = new Headers(init.headers);
  if (init.as !== null) headers.set("x-forwarded-access-token", token(init.as ?? "admin"));
  return new NextRequest(new URL(url, "http://localhost:3000"), { method: init.method ?? "GET", headers, body: init.body });
}

const params = <P>(p: P) => ({ params: Promise.resolve(p) });

describe("GET /api/projects", () => {
  it("lists the managed namespaces the caller may use", async () => {
    const { GET } = await import("./projects/route");
    const admin = await (await GET(req("/api/projects"), params({}))).json();
    expect(admin.items.map((p: { name: string }) => p.name)).toEqual(["demo", "other"]);
    const demo = await (await GET(req("/api/projects", { as: "demo" }), params({}))).json();
    expect(demo.items.map((p: { name: string }) => p.name)).toEqual(["demo"]);
  });

  it("answers 401 JSON without a token", async () => {
    const { GET } = await import("./projects/route");
    const res = await GET(req("/api/projects", { as: null }), params({}));
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatchObject({ code: 401, reason: "Unauthorized" });
  });

  it("maps a token the cluster rejects to 401, not 500", async () => {
    const { GET } = await import("./projects/route");
    const res = await GET(req("/api/projects", { as: null, headers: { "x-forwarded-access-token": "not-a-real-token" } }), params({}));
    expect(res.status).toBe(401);
  });
});

describe("POST /api/projects", () => {
  it("creates a labelled namespace, names the bad field, and refuses cross-site posts", async () => {
    const { POST } = await import("./projects/route");
    const body = JSON.stringify({ name: "team-x", displayName: "Team X" });
    const created = await POST(req("/api/projects", { method: "POST", body, headers: { "content-type": "application/json" } }), params({}));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: "team-x", displayName: "Team X" });

    const bad = await POST(req("/api/projects", { method: "POST", body: JSON.stringify({ name: "Bad_Name" }), headers: { "content-type": "application/json" } }), params({}));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe("name");

    const dup = await POST(req("/api/projects", { method: "POST", body, headers: { "content-type": "application/json" } }), params({}));
    expect(dup.status).toBe(409);

    const cross = await POST(
      req("/api/projects", { method: "POST", body, headers: { "content-type": "application/json", origin: "https://evil.example" } }),
      params({}),
    );
    expect(cross.status).toBe(403);

    const forbidden = await POST(
      req("/api/projects", { method: "POST", as: "demo", body: JSON.stringify({ name: "demo-made" }), headers: { "content-type": "application/json" } }),
      params({}),
    );
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.reason).toBe("Forbidden");
  });
});

describe("GET /api/projects/:project/sessions", () => {
  it("pages with limit/continue and filters by text", async () => {
    const { GET } = await import("./projects/[project]/sessions/route");
    const first = await (await GET(req("/api/projects/demo/sessions?limit=5"), params({ project: "demo" }))).json();
    expect(first.items).toHaveLength(5);
    expect(first.continue).toBeTruthy();
    const second = await (await GET(req(`/api/projects/demo/sessions?limit=5&continue=${encodeURIComponent(first.continue)}`), params({ project: "demo" }))).json();
    expect(second.items.length).toBeGreaterThanOrEqual(2);
    const names = [...first.items, ...second.items].map((s: { metadata: { name: string } }) => s.metadata.name);
    expect(new Set(names).size).toBe(names.length);

    const filtered = await (await GET(req("/api/projects/demo/sessions?limit=50&q=login"), params({ project: "demo" }))).json();
    expect(filtered.items.map((s: { metadata: { name: string } }) => s.metadata.name).sort()).toEqual(["s1", "s3", "s5"]);
  });

  it("rejects bad query values with the field named", async () => {
    const { GET } = await import("./projects/[project]/sessions/route");
    const res = await GET(req("/api/projects/demo/sessions?limit=0"), params({ project: "demo" }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe("limit");
    const badProject = await GET(req("/api/projects/NOT_A_NS/sessions"), params({ project: "NOT_A_NS" }));
    expect(badProject.status).toBe(400);
  });

  it("answers 403 to a user listing another project's sessions", async () => {
    const { GET } = await import("./projects/[project]/sessions/route");
    const res = await GET(req("/api/projects/other/sessions", { as: "demo" }), params({ project: "other" }));
    expect(res.status).toBe(403);
  });
});

describe("GET /api/projects/:project/sessions/watch (SSE)", () => {
  it("streams a change made through the API, with the resourceVersion as event id", async () => {
    const { GET } = await import("./projects/[project]/sessions/watch/route");
    const abort = new AbortController();
    const request = new NextRequest(new URL("http://localhost:3000/api/projects/demo/sessions/watch"), {
      headers: { "x-forwarded-access-token": token("admin") },
      signal: abort.signal,
    });
    const res = await GET(request, params({ project: "demo" }));
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    let text = "";
    const readUntil = async (pattern: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!pattern.test(text)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in ${text}`);
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        text += new TextDecoder().decode(value);
      }
    };
    await readUntil(/"state":"live"/);
    const custom = cluster.admin.makeApiClient(CustomObjectsApi);
    const created = (await custom.createNamespacedCustomObject({
      group: SESSION_GROUP,
      version: SESSION_VERSION,
      plural: SESSION_PLURAL,
      namespace: "demo",
      body: { apiVersion: `${SESSION_GROUP}/${SESSION_VERSION}`, kind: "AgenticSession", metadata: { name: "streamed" }, spec: { initialPrompt: "x" } },
    })) as { metadata: { resourceVersion: string } };
    await readUntil(/"name":"streamed"/);
    expect(text).toContain(`id: ${created.metadata.resourceVersion}\nevent: change`);
    abort.abort();
    await reader.cancel().catch(() => undefined);
  });
});
