// Test fixture for the workspace routes: a real embedded API server, its service proxy, and real
// content servers on tmp workspaces. No operator: tests register Service/Endpoints and write the
// TempContentPodReady condition themselves, as the operator would.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { NextRequest } from "next/server";
import { vi } from "vitest";
import { pointRoutesAt, startTestCluster, type TestCluster } from "@/lib/testing/embedded";
import { startContentServer, type ContentServer } from "@/local/runner/content-server";
import { SESSION_GROUP, SESSION_PLURAL, SESSION_VERSION, type AgenticSession } from "@/types/agentic-session";

export const SECRET = "TOP-SECRET-OUTSIDE-THE-WORKSPACE";
export const BIG_BYTES = 50 * 1024 * 1024;
export const readyTemp = { type: "TempContentPodReady", status: "True", reason: "Ready", message: "Workspace browsable", lastTransitionTime: "2026-01-01T00:00:00Z" };

const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL, namespace: "demo" };

function git(cwd: string, ...args: string[]) {
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main", ...args], { cwd, stdio: "pipe" });
}

/** A workspace with one changed repo, an artifact, a transcript, symlinks leading out, and optionally a 50 MB file. */
export function makeWorkspace(root: string, opts: { big?: boolean } = {}): { dir: string; bigSha?: string } {
  const ws = path.join(root, "ws");
  const outside = path.join(root, "outside");
  mkdirSync(outside, { recursive: true });
  writeFileSync(path.join(outside, "secret.txt"), SECRET);
  mkdirSync(path.join(ws, "repo1", "src"), { recursive: true });
  writeFileSync(path.join(ws, "repo1", "README.md"), "# repo1\nold line\n");
  writeFileSync(path.join(ws, "repo1", "src", "main.ts"), "export const x = 1;\n");
  git(path.join(ws, "repo1"), "init", "-q");
  git(path.join(ws, "repo1"), "add", ".");
  git(path.join(ws, "repo1"), "commit", "-qm", "initial");
  writeFileSync(path.join(ws, "repo1", "README.md"), "# repo1\nnew line\n");
  writeFileSync(path.join(ws, "repo1", "added.txt"), "brand new\n");
  mkdirSync(path.join(ws, "artifacts"));
  writeFileSync(path.join(ws, "artifacts", "summary.md"), "# Summary\n");
  mkdirSync(path.join(ws, ".session"));
  const lines = [
    { ts: "2026-01-01T00:00:00Z", role: "user", type: "text", text: "Summarise" },
    { ts: "2026-01-01T00:00:01Z", role: "assistant", type: "text", text: "Done." },
  ];
  writeFileSync(path.join(ws, ".session", "transcript.jsonl"), lines.map((e) => JSON.stringify(e)).join("\n") + "\n");
  // Ways out that a path must never take.
  symlinkSync(outside, path.join(ws, "escape"));
  symlinkSync(path.join(outside, "secret.txt"), path.join(ws, "escape-file"));
  symlinkSync("../../outside/secret.txt", path.join(ws, "repo1", "rel-escape"));
  if (!opts.big) return { dir: ws };
  // 50 MB of pseudo-random (incompressible) bytes, written in chunks.
  const fd = openSync(path.join(ws, "big.bin"), "w");
  const hash = createHash("sha256");
  let seed = createHash("sha256").update("seed").digest();
  for (let written = 0; written < BIG_BYTES; written += 1024 * 1024) {
    const chunk = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < chunk.length; i += 32) {
      seed = createHash("sha256").update(seed).digest();
      seed.copy(chunk, i);
    }
    writeSync(fd, chunk);
    hash.update(chunk);
  }
  closeSync(fd);
  return { dir: ws, bigSha: hash.digest("hex") };
}

export interface Fixture {
  cluster: TestCluster;
  custom: CustomObjectsApi;
  core: CoreV1Api;
  bigSha?: string;
  /** Content server over the workspace; sessions are pointed at it with `registerService`. */
  content: ContentServer;
  registerService(serviceName: string): Promise<void>;
  make(name: string, status: object, annotations?: Record<string, string>): Promise<AgenticSession>;
  get(name: string): Promise<AgenticSession>;
  close(): Promise<void>;
}

export async function startFixture(opts: { big?: boolean } = {}): Promise<Fixture> {
  const cluster = await startTestCluster();
  pointRoutesAt(cluster.server.kubeconfigPath);
  vi.stubEnv("TEMP_CONTENT_IDLE_SECONDS", "600");
  const custom = cluster.admin.makeApiClient(CustomObjectsApi);
  const core = cluster.admin.makeApiClient(CoreV1Api);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "ws-route-"));
  const ws = makeWorkspace(tmp, opts);
  const content = await startContentServer({ workspaceDir: ws.dir, allowMessages: false });
  const get = (name: string) => custom.getNamespacedCustomObject({ ...base, name }) as Promise<AgenticSession>;
  return {
    cluster,
    custom,
    core,
    content,
    bigSha: ws.bigSha,
    get,
    async registerService(serviceName) {
      const metadata = { name: serviceName, namespace: "demo" };
      const port = content.port;
      await core.createNamespacedService({ namespace: "demo", body: { apiVersion: "v1", kind: "Service", metadata, spec: { ports: [{ name: "http", port: 8080, targetPort: port as never }] } } });
      await core.createNamespacedEndpoints({ namespace: "demo", body: { apiVersion: "v1", kind: "Endpoints", metadata, subsets: [{ addresses: [{ ip: "127.0.0.1" }], ports: [{ name: "http", port }] }] } });
    },
    async make(name, status, annotations) {
      await custom.createNamespacedCustomObject({ ...base, body: { apiVersion: `${SESSION_GROUP}/${SESSION_VERSION}`, kind: "AgenticSession", metadata: { name, annotations }, spec: { initialPrompt: "x" } } });
      await custom.patchNamespacedCustomObjectStatus({ ...base, name, body: { status } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
      return get(name);
    },
    async close() {
      vi.unstubAllEnvs();
      await content.close();
      await cluster.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export function request(fx: Fixture, url: string, init: { method?: string } = {}): NextRequest {
  const headers = new Headers({ "x-forwarded-access-token": fx.cluster.server.adminToken });
  return new NextRequest(new URL(url, "http://localhost:3000"), { method: init.method ?? "GET", headers });
}

export const ref = (name: string) => ({ params: Promise.resolve({ project: "demo", name }) });

export const qs = (p?: string, extra = "") => (p === undefined ? `?${extra}` : `?path=${encodeURIComponent(p)}${extra ? `&${extra}` : ""}`);

export const routes = {
  access: () => import("./route"),
  list: () => import("./list/route"),
  file: () => import("./file/route"),
  "git-status": () => import("./git-status/route"),
  diff: () => import("./diff/route"),
  archive: () => import("./archive/route"),
  transcript: () => import("./transcript/route"),
};

export type ReadEndpoint = Exclude<keyof typeof routes, "access">;

export async function call(fx: Fixture, endpoint: ReadEndpoint, session: string, query = ""): Promise<Response> {
  const { GET } = await routes[endpoint]();
  return GET(request(fx, `/api/projects/demo/sessions/${session}/workspace/${endpoint}${query}`), ref(session));
}
