// Workspace routes driven as Next calls them, against a real API server, service proxy and content
// server (see test-fixture.ts). The 50 MB download has its own file: it needs a fresh process to
// measure memory.
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANNOTATIONS } from "@/types/agentic-session";
import { SECRET, call as callAs, qs, readyTemp, ref, request, routes, startFixture, type Fixture, type ReadEndpoint } from "./test-fixture";

let fx: Fixture;
const call = (endpoint: ReadEndpoint, session: string, query = "") => callAs(fx, endpoint, session, query);
const req = (url: string, init: { method?: string } = {}) => request(fx, url, init);
const make = (name: string, status: object, annotations?: Record<string, string>) => fx.make(name, status, annotations);
const get = (name: string) => fx.get(name);
const registerService = (name: string) => fx.registerService(name);

beforeAll(async () => {
  fx = await startFixture();
  await make("ended", { phase: "Completed", conditions: [readyTemp] }, { [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: new Date().toISOString() });
  await registerService("temp-content-ended");
  await make("live", { phase: "Running" });
  await registerService("ambient-content-live");
}, 120_000);

afterAll(async () => {
  await fx?.close();
});

describe("reading an ended session's workspace through temporary access", () => {
  it("lists folders with sizes and times", async () => {
    const res = await call("list", "ended");
    expect(res.status).toBe(200);
    const { entries } = (await res.json()) as { entries: Array<{ name: string; type: string; size: number; mtime: string }> };
    expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining(["repo1", "artifacts", ".session", "escape"]));
    expect(entries.find((e) => e.name === "artifacts")).toMatchObject({ type: "dir", mtime: expect.stringMatching(/^\d{4}-/) });
    expect(entries.find((e) => e.name === "escape-file")?.type).toBe("symlink");
    expect(entries.find((e) => e.name === "escape")?.type).toBe("symlink");
    const sub = (await (await call("list", "ended", qs("artifacts"))).json()) as { entries: Array<{ name: string }> };
    expect(sub.entries.map((e) => e.name)).toEqual(["summary.md"]);
  });

  it("reads a file inline, or as an attachment, with the file's name and a sandbox", async () => {
    const inline = await call("file", "ended", qs("artifacts/summary.md"));
    expect(inline.status).toBe(200);
    expect(await inline.text()).toBe("# Summary\n");
    expect(inline.headers.get("content-disposition")).toMatch(/^inline; filename="summary.md"/);
    expect(inline.headers.get("content-security-policy")).toMatch(/sandbox/);
    expect(inline.headers.get("x-content-type-options")).toBe("nosniff");
    const dl = await call("file", "ended", qs("repo1/src/main.ts", "download=1"));
    expect(dl.headers.get("content-disposition")).toMatch(/^attachment; filename="main.ts"/);
    expect(await dl.text()).toBe("export const x = 1;\n");
  });

  it("git status and diff of a repo show the changed and the new file", async () => {
    const st = (await (await call("git-status", "ended", qs("repo1"))).json()) as { branch: string; files: Array<{ path: string; status: string }> };
    expect(st.files).toEqual(expect.arrayContaining([{ path: "README.md", status: "M" }, { path: "added.txt", status: "??" }]));
    const diff = await (await call("diff", "ended", qs("repo1"))).text();
    expect(diff).toContain("-old line");
    expect(diff).toContain("+new line");
    expect(diff).toContain("+brand new");
  });

  it("archives one repo or the whole workspace as .tar.gz", async () => {
    const res = await call("archive", "ended", qs("repo1"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/filename="ended-repo1.tar.gz"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(bytes).includes("export const x = 1;")).toBe(true);
    expect(gunzipSync(bytes).includes(SECRET)).toBe(false);
  });

  it("the transcript comes back as entries", async () => {
    const res = await call("transcript", "ended");
    expect(((await res.json()) as { entries: Array<{ role: string }> }).entries.map((e) => e.role)).toEqual(["user", "assistant"]);
  });

  it("refuses ways out with 400 (syntax here, symlinks at the content server)", async () => {
    for (const p of ["../outside/secret.txt", "/etc/passwd", "escape/secret.txt", "escape-file", "repo1/rel-escape", "a\0b"]) {
      const res = await call("file", "ended", qs(p));
      expect(res.status, p).toBe(400);
      expect(await res.text()).not.toContain(SECRET);
    }
    const list = await call("list", "ended", qs("escape"));
    expect(list.status).toBe(400);
    expect((await call("file", "ended", qs("nope.txt"))).status).toBe(404);
    expect(((await (await call("file", "ended", "?path=a&path=b")).json()) as { error: { field: string } }).error.field).toBe("path");
  });

  it("fuzz: thousands of hostile paths through every read route never leak and never 500", async () => {
    const piece = fc.constantFrom("..", ".", "/", "\\", "\0", "escape", "escape-file", "secret.txt", "repo1", "rel-escape", "outside", "%2e%2e", "%2f", "~", "é", "\u202e", "%", " ", ".session", ".git", "HEAD", "\n", "summary.md", "artifacts");
    const joined = fc.tuple(fc.array(piece, { maxLength: 8 }), fc.constantFrom("/", "", "//")).map(([parts, sep]) => parts.join(sep));
    const hostile = fc.oneof({ weight: 4, arbitrary: joined }, { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) });
    const endpoint = fc.constantFrom("list", "file", "git-status", "diff", "archive") as fc.Arbitrary<"list" | "file" | "git-status" | "diff" | "archive">;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(hostile, endpoint, async (p, ep) => {
        runs++;
        const u = new URLSearchParams();
        u.set("path", p);
        const res = await call(ep, "ended", `?${u.toString()}`);
        expect(res.status, `${ep} ${JSON.stringify(p)}`).toBeLessThan(500);
        const body = Buffer.from(await res.arrayBuffer());
        const text = ep === "archive" && res.status === 200 ? gunzipSync(body).toString("latin1") : body.toString("latin1");
        expect(text.includes(SECRET), `${ep} ${JSON.stringify(p)} leaked`).toBe(false);
      }),
      { numRuns: 2_000 },
    );
    expect(runs).toBe(2_000);
  }, 240_000);
});

describe("keeping access alive", () => {
  it("a burst of reads refreshes last-accessed once (throttled), with the resourceVersion read", async () => {
    const old = new Date(Date.now() - 120_000).toISOString();
    await make("touchy", { phase: "Stopped", conditions: [readyTemp] }, { [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: old });
    await registerService("temp-content-touchy");
    // The cluster's current resourceVersion (one global counter): each write after it adds one.
    const listed = (await fx.custom.listNamespacedCustomObject({ group: "vteam.ambient-code", version: "v1alpha1", plural: "agenticsessions", namespace: "demo", limit: 1 })) as { metadata: { resourceVersion: string } };
    const before = listed.metadata.resourceVersion;
    await Promise.all(Array.from({ length: 8 }, () => call("list", "touchy").then((r) => r.arrayBuffer())));
    const after = await get("touchy");
    const last = after.metadata.annotations?.[ANNOTATIONS.tempContentLastAccessed] ?? "";
    expect(Date.parse(last)).toBeGreaterThan(Date.parse(old) + 60_000);
    // One write for eight reads.
    expect(Number(after.metadata.resourceVersion) - Number(before)).toBe(1);
    await call("list", "touchy");
    expect((await get("touchy")).metadata.resourceVersion).toBe(after.metadata.resourceVersion);
  });

  it("the running session is read through its runner's service and nothing is written", async () => {
    const before = (await get("live")).metadata.resourceVersion;
    expect((await call("file", "live", qs("artifacts/summary.md"))).status).toBe(200);
    expect((await get("live")).metadata.resourceVersion).toBe(before);
  });
});

describe("asking for access", () => {
  it("POST sets both annotations on an ended session; GET shows provisioning; reads answer 409 until ready", async () => {
    await make("closed", { phase: "Stopped", conditions: [{ type: "TempContentPodReady", status: "False", reason: "Expired", message: "No access for 600 s", lastTransitionTime: "2026-01-01T00:00:00Z" }] });
    const { GET, POST } = await routes.access();
    expect(await (await GET(req("/x"), ref("closed"))).json()).toMatchObject({ state: "expired" });
    expect((await call("list", "closed")).status).toBe(409);
    const res = await POST(req("/x", { method: "POST" }), ref("closed"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ state: "provisioning" });
    const s = await get("closed");
    expect(s.metadata.annotations).toMatchObject({ [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: expect.any(String) });
    // Asking twice at once is harmless: one write, the other sees it done (or retries on 409).
    const again = await Promise.all([POST(req("/x", { method: "POST" }), ref("closed")), POST(req("/x", { method: "POST" }), ref("closed"))]);
    expect(again.map((r) => r.status)).toEqual([200, 200]);
  });

  it("a running session needs no access; a Pending one cannot have it (409)", async () => {
    const { POST } = await routes.access();
    expect(await (await POST(req("/x", { method: "POST" }), ref("live"))).json()).toMatchObject({ state: "live" });
    await make("pending", { phase: "Pending" });
    expect((await POST(req("/x", { method: "POST" }), ref("pending"))).status).toBe(409);
    expect((await POST(req("/x", { method: "POST" }), ref("no-such-session"))).status).toBe(404);
  });

  it("ready but the service is gone (expired meanwhile): 503, not 500", async () => {
    await make("gone", { phase: "Completed", conditions: [readyTemp] }, { [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: new Date().toISOString() });
    const res = await call("list", "gone");
    expect(res.status).toBe(503);
  });

  it("bad session names are 400", async () => {
    const { GET } = await routes.list();
    const res = await GET(req("/x"), { params: Promise.resolve({ project: "demo", name: "../etc" }) });
    expect(res.status).toBe(400);
  });
});
