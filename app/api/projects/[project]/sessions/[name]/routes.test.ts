// Session page routes driven as Next calls them, against a real embedded API server. No operator
// runs here: the test writes status through the status subresource, as the operator would.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pointRoutesAt, startTestCluster, type TestCluster } from "@/lib/testing/embedded";
import { ANNOTATIONS, SESSION_GROUP, SESSION_PLURAL, SESSION_VERSION, type AgenticSession } from "@/types/agentic-session";

let cluster: TestCluster;
let custom: CustomObjectsApi;
const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL, namespace: "demo" };

beforeAll(async () => {
  cluster = await startTestCluster();
  pointRoutesAt(cluster.server.kubeconfigPath);
  vi.stubEnv("ALLOW_LOCAL_REPOS", "true");
  custom = cluster.admin.makeApiClient(CustomObjectsApi);
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await cluster?.close();
});

function req(url: string, init: { method?: string; json?: unknown; as?: "admin" | "demo" } = {}) {
  const headers = new Headers({ "x-forwarded-access-token": init.as === "demo" ? cluster.server.demoToken : cluster.server.adminToken });
  if (init.json !== undefined) headers.set("content-type", "application/json");
  return new NextRequest(new URL(url, "http://localhost:3000"), { method: init.method ?? "GET", headers, body: init.json !== undefined ? JSON.stringify(init.json) : undefined });
}
const params = <P>(p: P) => ({ params: Promise.resolve(p) });
const ref = (name: string) => params({ project: "demo", name });

async function make(name: string, spec: object, status?: object, annotations?: Record<string, string>): Promise<AgenticSession> {
  await custom.createNamespacedCustomObject({ ...base, body: { apiVersion: `${SESSION_GROUP}/${SESSION_VERSION}`, kind: "AgenticSession", metadata: { name, annotations }, spec } });
  if (status) await setStatus(name, status);
  return get(name);
}
const get = (name: string) => custom.getNamespacedCustomObject({ ...base, name }) as Promise<AgenticSession>;
const setStatus = (name: string, status: object) =>
  custom.patchNamespacedCustomObjectStatus({ ...base, name, body: { status } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));

describe("POST /api/projects/:project/sessions", () => {
  it("creates with a generated name and the caller's userContext, never the form's", async () => {
    const { POST } = await import("../route");
    const res = await POST(
      req("/api/projects/demo/sessions", {
        method: "POST",
        json: { initialPrompt: "fix it", repos: [{ url: "file:///tmp/x.git" }], userContext: { userId: "mallory" } },
        as: "demo",
      }),
      params({ project: "demo" }),
    );
    expect(res.status).toBe(201);
    const s = (await res.json()) as AgenticSession;
    expect(s.metadata.name).toMatch(/^session-[a-z0-9]{5}$/);
    expect(s.spec.userContext?.userId).not.toBe("mallory");
    expect(s.spec.userContext?.userId).toBeTruthy();
    expect(s.spec).toMatchObject({ interactive: true, timeout: 300, repos: [{ url: "file:///tmp/x.git", branch: "main" }] });
  });

  it("answers 400 naming each bad field", async () => {
    const { POST } = await import("../route");
    const res = await POST(
      req("/api/projects/demo/sessions", { method: "POST", json: { initialPrompt: "", repos: [{ url: "http://h/o/r" }], llmSettings: { temperature: 9 } } }),
      params({ project: "demo" }),
    );
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.causes.map((c: { field: string }) => c.field).sort()).toEqual(["initialPrompt", "llmSettings.temperature", "repos[0].url"]);
  });

  it("answers 409 for a taken name", async () => {
    const { POST } = await import("../route");
    const body = { name: "taken-name", initialPrompt: "x" };
    expect((await POST(req("/api/projects/demo/sessions", { method: "POST", json: body }), params({ project: "demo" }))).status).toBe(201);
    expect((await POST(req("/api/projects/demo/sessions", { method: "POST", json: body }), params({ project: "demo" }))).status).toBe(409);
  });
});

describe("start / stop / continue", () => {
  it("stop sets only the desired-phase annotation, status untouched", async () => {
    await make("stop-me", { initialPrompt: "x" }, { phase: "Running" });
    const { POST } = await import("./stop/route");
    const res = await POST(req("/api/projects/demo/sessions/stop-me/stop", { method: "POST" }), ref("stop-me"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ changed: true });
    const s = await get("stop-me");
    expect(s.metadata.annotations?.[ANNOTATIONS.desiredPhase]).toBe("Stopped");
    expect(s.status?.phase).toBe("Running");
  });

  it("start from Stopped sets desired Running and the request time; twice is a no-op; from Stopping a 409 saying why", async () => {
    await make("start-me", { initialPrompt: "x", interactive: false }, { phase: "Stopped" });
    const { POST } = await import("./start/route");
    const first = await (await POST(req("/x", { method: "POST" }), ref("start-me"))).json();
    expect(first.changed).toBe(true);
    const s = await get("start-me");
    expect(s.metadata.annotations).toMatchObject({ [ANNOTATIONS.desiredPhase]: "Running", [ANNOTATIONS.startRequestedAt]: expect.any(String) });
    expect(s.spec.interactive).toBe(true);
    const again = await (await POST(req("/x", { method: "POST" }), ref("start-me"))).json();
    expect(again.changed).toBe(false);

    await make("stopping", { initialPrompt: "x" }, { phase: "Stopping" });
    const conflict = await POST(req("/x", { method: "POST" }), ref("stopping"));
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error.message).toMatch(/Stopping/);
  });

  it("continue names the session itself as parent", async () => {
    await make("cont", { initialPrompt: "x" }, { phase: "Completed" });
    const { POST } = await import("./continue/route");
    expect((await POST(req("/x", { method: "POST" }), ref("cont"))).status).toBe(200);
    expect((await get("cont")).metadata.annotations?.[ANNOTATIONS.parentSessionId]).toBe("cont");
  });

  it("two browsers starting and stopping at once end consistent, with no 500", async () => {
    await make("race", { initialPrompt: "x" }, { phase: "Running" });
    const stop = (await import("./stop/route")).POST;
    const start = (await import("./start/route")).POST;
    const answers = await Promise.all([
      stop(req("/x", { method: "POST" }), ref("race")),
      stop(req("/x", { method: "POST" }), ref("race")),
      start(req("/x", { method: "POST" }), ref("race")),
      start(req("/x", { method: "POST" }), ref("race")),
    ]);
    for (const a of answers) expect([200, 409]).toContain(a.status);
    expect((await get("race")).metadata.annotations?.[ANNOTATIONS.desiredPhase]).toBe("Stopped");
  });
});

describe("runtime repo and workflow changes", () => {
  it("adds and removes a repo while Running; 409 with the phase otherwise", async () => {
    await make("live", { initialPrompt: "x", repos: [{ input: { url: "https://h/o/legacy.git" }, output: { url: "https://h/f/legacy.git" } }] }, { phase: "Running" });
    const { POST, DELETE } = await import("./repos/route");
    const added = await POST(req("/x", { method: "POST", json: { url: "file:///tmp/more.git" } }), ref("live"));
    expect(added.status).toBe(200);
    let s = await get("live");
    // The legacy entry is written back as stored (the CRD may default fields on it), never converted.
    expect(s.spec.repos).toMatchObject([{ input: { url: "https://h/o/legacy.git" }, output: { url: "https://h/f/legacy.git" } }, { url: "file:///tmp/more.git", branch: "main" }]);
    expect(s.metadata.generation).toBe(2);
    const removed = await DELETE(req(`/x?url=${encodeURIComponent("https://h/o/legacy.git")}`, { method: "DELETE" }), ref("live"));
    expect(removed.status).toBe(200);
    s = await get("live");
    expect(s.spec.repos).toEqual([{ url: "file:///tmp/more.git", branch: "main" }]);

    await make("ended", { initialPrompt: "x" }, { phase: "Stopped" });
    const refused = await POST(req("/x", { method: "POST", json: { url: "https://h/o/r" } }), ref("ended"));
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toMatch(/Stopped/);
    const bad = await POST(req("/x", { method: "POST", json: { url: "nope" } }), ref("live"));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe("url");
  });

  it("selects and clears the workflow", async () => {
    await make("wf", { initialPrompt: "x" }, { phase: "Running" });
    const { PUT } = await import("./workflow/route");
    const wf = { gitUrl: "file:///tmp/cat.git", branch: "main", path: "workflows/a" };
    expect((await PUT(req("/x", { method: "PUT", json: { activeWorkflow: wf } }), ref("wf"))).status).toBe(200);
    expect((await get("wf")).spec.activeWorkflow).toEqual(wf);
    expect((await PUT(req("/x", { method: "PUT", json: { activeWorkflow: null } }), ref("wf"))).status).toBe(200);
    expect((await get("wf")).spec.activeWorkflow).toBeUndefined();
  });
});

describe("clone, continue as new, children, delete", () => {
  it("continue-as-new links the child to the parent; children lists it; clone has no link", async () => {
    await make("parent", { prompt: "legacy prompt", displayName: "P" }, { phase: "Completed" });
    const { POST } = await import("./continue-as-new/route");
    const res = await POST(req("/x", { method: "POST" }), ref("parent"));
    expect(res.status).toBe(201);
    const child = (await res.json()).session as AgenticSession;
    expect(child.metadata.annotations?.[ANNOTATIONS.parentSessionId]).toBe("parent");
    expect(child.spec.initialPrompt).toBe("legacy prompt");
    const parentSpec = (await get("parent")).spec;
    expect(parentSpec).toMatchObject({ prompt: "legacy prompt", displayName: "P" });
    expect(parentSpec.initialPrompt).toBeUndefined();

    const children = await (await (await import("./children/route")).GET(req("/x"), ref("parent"))).json();
    expect(children.items.map((c: { name: string }) => c.name)).toEqual([child.metadata.name]);

    const clone = await (await (await import("./clone/route")).POST(req("/x", { method: "POST", json: { name: "parent-copy" } }), ref("parent"))).json();
    expect(clone.session.metadata.name).toBe("parent-copy");
    expect(clone.session.metadata.annotations?.[ANNOTATIONS.parentSessionId]).toBeUndefined();

    await make("busy", { initialPrompt: "x" }, { phase: "Running" });
    expect((await POST(req("/x", { method: "POST" }), ref("busy"))).status).toBe(409);
  });

  it("deletes, then 404", async () => {
    await make("doomed", { initialPrompt: "x" });
    const { DELETE, GET } = await import("./route");
    expect((await DELETE(req("/x", { method: "DELETE" }), ref("doomed"))).status).toBe(200);
    expect((await GET(req("/x"), ref("doomed"))).status).toBe(404);
  });
});

describe("permissions", () => {
  it("reflect the caller's RBAC per namespace", async () => {
    const { sessionPermissions } = await import("@/lib/k8s/session-actions");
    expect(await sessionPermissions(cluster.admin, "demo")).toEqual({ patch: true, create: true, delete: true, proxy: true });
    const core = cluster.admin.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: "elsewhere", labels: { "ambient-code.io/managed": "true" } } } });
    expect(await sessionPermissions(cluster.demo, "elsewhere")).toEqual({ patch: false, create: false, delete: false, proxy: false });
  });
});

describe("events", () => {
  it("lists the session's events, newest first, not another object's", async () => {
    const s = await make("evented", { initialPrompt: "x" });
    const core = cluster.admin.makeApiClient(CoreV1Api);
    const ev = (name: string, involved: string, reason: string, t: string) =>
      core.createNamespacedEvent({
        namespace: "demo",
        body: {
          metadata: { name },
          involvedObject: { apiVersion: `${SESSION_GROUP}/${SESSION_VERSION}`, kind: "AgenticSession", name: involved, namespace: "demo", uid: involved === "evented" ? s.metadata.uid : undefined },
          reason,
          message: `${reason} happened`,
          type: "Normal",
          firstTimestamp: new Date(t),
          lastTimestamp: new Date(t),
          count: 1,
        },
      });
    await ev("e1", "evented", "Restarting", "2026-11-25T09:00:00Z");
    await ev("e2", "evented", "Running", "2026-11-25T09:01:00Z");
    await ev("e3", "someone-else", "Running", "2026-11-25T09:02:00Z");
    const { GET } = await import("./events/route");
    const body = await (await GET(req("/x"), ref("evented"))).json();
    expect(body.events.map((e: { reason: string }) => e.reason)).toEqual(["Running", "Restarting"]);
  });
});

describe("transcript and messages through the service proxy", () => {
  let content: http.Server;
  const received: string[] = [];

  beforeAll(async () => {
    content = http.createServer((rq, rs) => {
      if (rq.method === "POST" && rq.url === "/content/messages") {
        let b = "";
        rq.on("data", (c) => (b += c));
        rq.on("end", () => {
          received.push(JSON.parse(b).text);
          rs.writeHead(202, { "content-type": "application/json" }).end("{}");
        });
        return;
      }
      if (rq.url?.startsWith("/content/file?path=.session%2Ftranscript.jsonl")) {
        rs.writeHead(200, { "content-type": "application/x-ndjson" }).end(`{"ts":"2026-11-25T09:00:00Z","role":"user","type":"text","text":"hi"}\n{"role":"assistant","type":"text","text":"hello"}\n`);
        return;
      }
      rs.writeHead(404).end('{"error":"not found"}');
    });
    await new Promise<void>((r) => content.listen(0, "127.0.0.1", r));
    const port = (content.address() as AddressInfo).port;
    const core = cluster.admin.makeApiClient(CoreV1Api);
    await core.createNamespacedService({ namespace: "demo", body: { metadata: { name: "ambient-content-talky" }, spec: { ports: [{ name: "http", port: 80 }] } } });
    await core.createNamespacedEndpoints({
      namespace: "demo",
      body: { metadata: { name: "ambient-content-talky" }, subsets: [{ addresses: [{ ip: "127.0.0.1" }], ports: [{ name: "http", port }] }] },
    });
  });
  afterAll(() => new Promise<void>((r) => content.close(() => r())));

  it("reads the transcript of a running session and sends it a message", async () => {
    await make("talky", { initialPrompt: "x", interactive: true }, { phase: "Running" });
    const t = await (await (await import("./transcript/route")).GET(req("/x"), ref("talky"))).json();
    expect(t).toMatchObject({ state: "live", entries: [{ text: "hi" }, { text: "hello" }] });
    const { POST } = await import("./messages/route");
    const sent = await POST(req("/x", { method: "POST", json: { text: "and the tests?" } }), ref("talky"));
    expect(sent.status).toBe(202);
    expect(received).toEqual(["and the tests?"]);
  });

  it("answers unavailable when the runner has no endpoints, 409 for messages to an ended session", async () => {
    await make("quiet", { initialPrompt: "x" }, { phase: "Running" });
    const t = await (await (await import("./transcript/route")).GET(req("/x"), ref("quiet"))).json();
    expect(t.state).toBe("unavailable");
    await make("over", { initialPrompt: "x" }, { phase: "Completed" });
    const { POST } = await import("./messages/route");
    expect((await POST(req("/x", { method: "POST", json: { text: "hi" } }), ref("over"))).status).toBe(409);
  });

  it("asks for temporary access to an ended session's workspace", async () => {
    await make("archived", { initialPrompt: "x" }, { phase: "Stopped" });
    const t = await (await (await import("./transcript/route")).GET(req("/x"), ref("archived"))).json();
    expect(t.state).toBe("provisioning");
    expect((await get("archived")).metadata.annotations).toMatchObject({ [ANNOTATIONS.tempContentRequested]: "true" });
  });
});
