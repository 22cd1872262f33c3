// The bulk route driven as Next calls it, against a real embedded API server (no operator: status is
// written through the status subresource here, as the operator would).
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
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
  custom = cluster.admin.makeApiClient(CustomObjectsApi);
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await cluster?.close();
});

function req(json: unknown, init: { raw?: string; contentType?: string } = {}) {
  const headers = new Headers({ "x-forwarded-access-token": cluster.server.adminToken, "content-type": init.contentType ?? "application/json" });
  return new NextRequest(new URL("/api/projects/demo/bulk", "http://localhost:3000"), { method: "POST", headers, body: init.raw ?? JSON.stringify(json) });
}
const params = { params: Promise.resolve({ project: "demo" }) };

async function make(name: string, phase?: string): Promise<void> {
  await custom.createNamespacedCustomObject({ ...base, body: { apiVersion: `${SESSION_GROUP}/${SESSION_VERSION}`, kind: "AgenticSession", metadata: { name }, spec: { initialPrompt: "x" } } });
  if (phase) await custom.patchNamespacedCustomObjectStatus({ ...base, name, body: { status: { phase } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
}
const get = (name: string) => custom.getNamespacedCustomObject({ ...base, name }) as Promise<AgenticSession>;

interface BulkBody {
  action: string;
  results: Array<{ name: string; ok: boolean; code?: number; message?: string }>;
  succeeded: number;
  failed: number;
}

describe("POST /api/projects/:project/bulk", () => {
  it("stops many: desired-phase Stopped on each, one result per name in order", async () => {
    const names = Array.from({ length: 12 }, (_, i) => `bulk-stop-${i}`);
    for (const n of names) await make(n, "Running");
    const { POST } = await import("./route");
    const res = await POST(req({ action: "stop", names }), params);
    expect(res.status).toBe(200);
    const body = (await res.json()) as BulkBody;
    expect(body.results.map((r) => r.name)).toEqual(names);
    expect(body).toMatchObject({ succeeded: 12, failed: 0 });
    for (const n of names) expect((await get(n)).metadata.annotations?.[ANNOTATIONS.desiredPhase]).toBe("Stopped");
  });

  it("reports partial failures per item: one deleted meanwhile, one with nothing to stop", async () => {
    await make("bulk-p-ok", "Running");
    await make("bulk-p-done", "Completed");
    const { POST } = await import("./route");
    const body = (await (await POST(req({ action: "stop", names: ["bulk-p-ok", "bulk-p-gone", "bulk-p-done"] }), params)).json()) as BulkBody;
    expect(body.results).toEqual([
      { name: "bulk-p-ok", ok: true, message: "Stop requested" },
      { name: "bulk-p-gone", ok: false, code: 404, message: expect.stringContaining("not found") },
      { name: "bulk-p-done", ok: false, code: 409, message: expect.stringContaining("Completed") },
    ]);
    expect(body).toMatchObject({ succeeded: 1, failed: 2 });
  });

  it("counts an already requested stop as done (two leads clicking at once)", async () => {
    await make("bulk-twice", "Running");
    const { POST } = await import("./route");
    await POST(req({ action: "stop", names: ["bulk-twice"] }), params);
    const body = (await (await POST(req({ action: "stop", names: ["bulk-twice"] }), params)).json()) as BulkBody;
    expect(body.results[0]).toMatchObject({ name: "bulk-twice", ok: true });
  });

  it("deletes many, duplicates once, and reports the missing one", async () => {
    await make("bulk-del-a");
    await make("bulk-del-b");
    const { POST } = await import("./route");
    const body = (await (await POST(req({ action: "delete", names: ["bulk-del-a", "bulk-del-b", "bulk-del-a", "bulk-del-none"] }), params)).json()) as BulkBody;
    expect(body.results.map((r) => [r.name, r.ok])).toEqual([
      ["bulk-del-a", true],
      ["bulk-del-b", true],
      ["bulk-del-none", false],
    ]);
    await expect(get("bulk-del-a")).rejects.toMatchObject({ code: 404 });
  });

  it.each([
    [{ action: "restart", names: ["a"] }, "action"],
    [{ action: "stop", names: [] }, "names"],
    [{ action: "stop", names: ["Not_A_Name"] }, "names[0]"],
    [{ action: "stop", names: Array.from({ length: 501 }, (_, i) => `s-${i}`) }, "names"],
    [{ action: "stop" }, "names"],
  ])("answers 400 naming the field for %j", async (json, field) => {
    const { POST } = await import("./route");
    const res = await POST(req(json), params);
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe(field);
  });

  it("answers 400 for bad JSON and 415 for another content type", async () => {
    const { POST } = await import("./route");
    expect((await POST(req(null, { raw: "{" }), params)).status).toBe(400);
    expect((await POST(req(null, { raw: "x", contentType: "text/plain" }), params)).status).toBe(415);
  });
});
