// Authorization: the demo user (ABAC policy: project `demo`) against project `other`, through every
// console route (found on disk) and straight at the API server. All 403; nothing of `other` leaks;
// nothing of `other` changes.
import { CustomObjectsApi } from "@kubernetes/client-node";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rawClient } from "@/local/apiserver/testing";
import { pointRoutesAt, startTestCluster, type TestCluster } from "@/lib/testing/embedded";
import { SESSION_GROUP, SESSION_PLURAL, SESSION_VERSION, type AgenticSession } from "@/types/agentic-session";
import { discoverHandlers, SAMPLES, type RouteHandler } from "./lib/route-fuzz";
import { reportFigures } from "./lib/scale";
import { seedProjects } from "./lib/seed";

const SECRET_PROMPT = "TOP-SECRET-PROMPT-7f3a";
// Names the attacker does not know; they must never show up in anything the demo user gets.
const HIDDEN = ["hidden-roadmap-q3", "hidden-merger-plan"];
// A name the attacker guesses; echoing it back is fine, answering differently than for a missing one is not.
const GUESSED = "guessed-plan";

let cluster: TestCluster;
let before: AgenticSession[];

async function otherSessions(): Promise<AgenticSession[]> {
  const custom = cluster.admin.makeApiClient(CustomObjectsApi);
  const list = (await custom.listNamespacedCustomObject({ group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL, namespace: "other" })) as { items: AgenticSession[] };
  return list.items.sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
}

beforeAll(async () => {
  cluster = await startTestCluster();
  pointRoutesAt(cluster.server.kubeconfigPath);
  await seedProjects(cluster, { demo: ["mine"], other: [...HIDDEN, GUESSED] }, { initialPrompt: SECRET_PROMPT, interactive: true });
  before = await otherSessions();
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await cluster?.close();
});

interface Probe {
  route: string;
  name: string;
  status: number;
  text: string;
}

/** Call a handler as the demo user for project `other`; SSE streams are read for a moment. */
async function probe(r: RouteHandler, name: string): Promise<Probe> {
  const params = Object.fromEntries(r.params.map((p) => [p, p === "project" ? "other" : name]));
  const path = r.template.replace(/\[(\w+)\]/g, (_, k: string) => params[k] ?? "other");
  const url = new URL(`http://localhost:3000${path}`);
  url.searchParams.set("path", "README.md");
  url.searchParams.set("url", "https://github.com/org/repo");
  const headers = new Headers({ "x-forwarded-access-token": cluster.server.demoToken });
  let body: string | undefined;
  if (r.method !== "GET" && r.method !== "HEAD") {
    headers.set("content-type", "application/json");
    body = JSON.stringify(SAMPLES[`${r.method} ${r.template}`] ?? (r.template.endsWith("/bulk") ? { action: "stop", names: [GUESSED, name] } : {}));
  }
  const abort = new AbortController();
  try {
    const res = await r.handler(new NextRequest(url, { method: r.method, headers, body, signal: abort.signal }), { params: Promise.resolve(params) });
    let text = "";
    if ((res.headers.get("content-type") ?? "").includes("text/event-stream")) {
      const reader = res.body!.getReader();
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline && !/event: (fatal|change)/.test(text)) {
        const chunk = await Promise.race([reader.read(), new Promise<{ done: true; value: undefined }>((r2) => setTimeout(() => r2({ done: true, value: undefined }), deadline - Date.now()))]);
        if (chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
      await reader.cancel().catch(() => undefined);
    } else text = await res.text();
    return { route: `${r.method} ${r.template}`, name, status: res.status, text };
  } finally {
    abort.abort();
  }
}

/** Denied: HTTP 403, or a stream that ends in a 403 `fatal` event, or a bulk answer whose every item is 403. */
function denied(p: Probe): boolean {
  if (p.status === 403) return true;
  if (p.status === 200 && p.text.includes("event: fatal")) return /"code":403/.test(p.text) && !p.text.includes("event: change");
  if (p.status === 200 && p.route.endsWith("/bulk")) {
    const items = (JSON.parse(p.text) as { results?: Array<{ ok: boolean; code?: number; error?: { code?: number } }> }).results ?? [];
    return items.length > 0 && items.every((i) => !i.ok && (i.code ?? i.error?.code) === 403);
  }
  return false;
}

const leaks = (p: Probe) => [...HIDDEN, SECRET_PROMPT].filter((s) => p.text.includes(s));

describe("authorization: demo user against project `other`", () => {
  it("every console route that takes a project answers 403, leaks nothing, and is the same for a real and a missing name", async () => {
    const routes = (await discoverHandlers()).filter((r) => r.params.includes("project"));
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const problems: string[] = [];
    let probes = 0;
    for (const r of routes) {
      const real = await probe(r, GUESSED);
      const missing = await probe(r, "no-such-session");
      probes += 2;
      for (const p of [real, missing]) {
        if (!denied(p)) problems.push(`${p.route} (${p.name}): ${p.status} ${p.text.slice(0, 160)}`);
        if (leaks(p).length) problems.push(`${p.route} (${p.name}) leaks ${leaks(p).join(", ")}`);
      }
      // No existence oracle: a guessed name that exists must look like one that does not.
      if (real.status !== missing.status) problems.push(`${real.route}: ${real.status} for an existing session, ${missing.status} for a missing one`);
    }
    reportFigures("authorization-routes", { routes: routes.length, probes, problems: problems.length, examples: problems.slice(0, 10) });
    expect(problems).toEqual([]);
    // Nothing the demo user sent changed project `other`.
    const after = await otherSessions();
    expect(after.map((s) => [s.metadata.name, s.metadata.resourceVersion])).toEqual(before.map((s) => [s.metadata.name, s.metadata.resourceVersion]));
  }, 120_000);

  it("the project-less routes (projects, overview, overview stream) show the demo user nothing of `other`", async () => {
    const routes = (await discoverHandlers()).filter((r) => r.params.length === 0 && r.method === "GET");
    for (const r of routes) {
      const p = await probe(r, "");
      expect(p.status, p.route).toBeLessThan(500);
      expect(leaks(p), p.route).toEqual([]);
      expect(p.text.includes('"other"'), `${p.route} names project other: ${p.text.slice(0, 200)}`).toBe(false);
    }
  });

  it("straight at the API server: list, get, create, patch, delete, watch, status, events, service proxy → 403 Status without other's data", async () => {
    const raw = rawClient(cluster.server, cluster.server.demoToken);
    const base = `/apis/${SESSION_GROUP}/${SESSION_VERSION}/namespaces/other/${SESSION_PLURAL}`;
    const body = { apiVersion: `${SESSION_GROUP}/${SESSION_VERSION}`, kind: "AgenticSession", metadata: { name: "intruder" }, spec: { initialPrompt: "x" } };
    const merge = { "Content-Type": "application/merge-patch+json" };
    const calls: Array<[string, string, unknown?, Record<string, string>?]> = [
      ["GET", base],
      ["GET", `${base}/${GUESSED}`],
      ["GET", `${base}/no-such-session`],
      ["POST", base, body],
      ["PUT", `${base}/${GUESSED}`, { ...body, metadata: { name: GUESSED } }],
      ["PATCH", `${base}/${GUESSED}`, { metadata: { annotations: { "ambient-code.io/desired-phase": "Stopped" } } }, merge],
      ["PATCH", `${base}/${GUESSED}/status`, { status: { phase: "Failed" } }, merge],
      ["DELETE", `${base}/${GUESSED}`],
      ["DELETE", base],
      ["GET", `${base}?watch=true&timeoutSeconds=1`],
      ["GET", `/apis/${SESSION_GROUP}/${SESSION_VERSION}/${SESSION_PLURAL}`],
      ["GET", "/api/v1/namespaces/other/events"],
      ["GET", "/api/v1/namespaces/other/secrets"],
      ["GET", `/api/v1/namespaces/other/services/ambient-content-${GUESSED}:8080/proxy/content/list?path=`],
      ["GET", `/api/v1/namespaces/other/services/temp-content-${GUESSED}/proxy/content/file?path=.session/transcript.jsonl`],
      ["DELETE", "/api/v1/namespaces/other"],
      ["PATCH", "/api/v1/namespaces/other", { metadata: { labels: { x: "y" } } }, merge],
    ];
    for (const [method, path, b, h] of calls) {
      const res = await raw(method, path, b, h);
      expect(res.status, `${method} ${path}: ${res.text.slice(0, 200)}`).toBe(403);
      expect(res.json).toMatchObject({ kind: "Status", code: 403, reason: "Forbidden" });
      for (const s of [...HIDDEN, SECRET_PROMPT]) expect(res.text.includes(s), `${method} ${path} leaks ${s}`).toBe(false);
    }
    const after = await otherSessions();
    expect(after.map((s) => [s.metadata.name, s.metadata.resourceVersion])).toEqual(before.map((s) => [s.metadata.name, s.metadata.resourceVersion]));
  });
});
