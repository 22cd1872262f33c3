// Watch resilience, API server restart: the API server runs as its own process and is killed and
// started again on the same port while a client follows the console's SSE stream. The stream says
// reconnecting, then live within 5 s of the server being back; the rows match the cluster (changes
// made around the restart included); the stream itself never ends (no reload).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SESSION_API_VERSION, SESSION_GROUP, SESSION_KIND, SESSION_PLURAL, SESSION_VERSION, type AgenticSession } from "@/types/agentic-session";
import { ROOT } from "./lib/route-fuzz";
import { reportFigures } from "./lib/scale";
import { BrowserModel } from "./lib/sse-client";
import { pointRoutesAt } from "@/lib/testing/embedded";

const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL, namespace: "demo" };
let dataDir: string;
let port: number;
let server: ChildProcess | undefined;

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const p = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return p;
}

async function startServer(): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "local/apiserver/main.ts"), dataDir, String(port)], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, LOG_LEVEL: "silent" } });
  server = child;
  await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`API server exited with ${code}`)));
  });
}

async function killServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
}

const admin = () => {
  const kc = new KubeConfig();
  kc.loadFromFile(path.join(dataDir, "kubeconfig"));
  return kc.makeApiClient(CustomObjectsApi);
};
const create = (name: string) =>
  admin().createNamespacedCustomObject({ ...base, body: { apiVersion: SESSION_API_VERSION, kind: SESSION_KIND, metadata: { name }, spec: { initialPrompt: "x", displayName: name } } });
const serverNames = async () => ((await admin().listNamespacedCustomObject(base)) as { items: AgenticSession[] }).items.map((s) => s.metadata.name!).sort();

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "rel-watch-restart-"));
  port = await freePort();
  await startServer();
  pointRoutesAt(path.join(dataDir, "kubeconfig"));
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await killServer();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("watch resilience: the API server restarts under a watching client", () => {
  it("shows reconnecting, then live within 5 s of the server being back, with no stale rows and no reload", async () => {
    for (const n of ["keep", "change-me", "delete-me"]) await create(n);
    const load = async (rel: string) => (await import(pathToFileURL(path.join(ROOT, "app/api/projects/[project]/sessions", rel, "route.ts")).href)).GET;
    const token = readFileSync(path.join(dataDir, "tokens.csv"), "utf8").split("\n")[0].split(",")[0];
    const model = new BrowserModel({ list: await load("."), watch: await load("watch") }, "demo", token);
    const first = await model.refetch();
    await model.open(first.resourceVersion);
    await model.waitFor("live", () => model.lastState() === "live", 10_000);

    const killedAt = Date.now();
    await killServer();
    await model.waitFor("reconnecting", () => model.lastState() === "reconnecting", 10_000);
    const reconnectingAfterMs = Date.now() - killedAt;
    await new Promise((r) => setTimeout(r, 1000)); // down for a while, as a real restart is

    await startServer();
    const backAt = Date.now();
    // Changes right after the restart, before the console's watch is back: they must arrive, in order.
    await admin().patchNamespacedCustomObject({ ...base, name: "change-me", body: { spec: { displayName: "changed after restart" } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
    await admin().deleteNamespacedCustomObject({ ...base, name: "delete-me" });
    await create("added-after-restart");

    const liveAt = await model.waitFor("live again", () => model.lastState() === "live" && model.states.some((s) => s.state === "reconnecting"), 5_000);
    const want = await serverNames();
    const consistentAt = await model.waitFor("rows match the cluster", () => JSON.stringify(model.names()) === JSON.stringify(want) && model.displayNames()["change-me"] === "changed after restart", 5_000);
    reportFigures("watch-restart", { reconnectingAfterMs, liveAfterRestartMs: liveAt - backAt, consistentAfterRestartMs: consistentAt - backAt, states: model.states.map((s) => s.state) });
    expect(model.names()).toEqual(["added-after-restart", "change-me", "keep"]);
    expect(consistentAt - backAt).toBeLessThanOrEqual(5_000);
    expect(model.streamEnded).toBe(false); // the same stream throughout: nothing to reload
    model.close();
  }, 60_000);
});
