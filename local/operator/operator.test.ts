// The operator against the embedded API server, with the real runner and local bare git repos.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "../../lib/testing/embedded";
import { ANNOTATIONS } from "../../types/agentic-session";
import { rawClient } from "../apiserver/testing";
import { seedBareRepo } from "../seed";
import { startOperator, type RunningOperator } from "./index";
import { Kube } from "./kube";
import { condition, recordPhases, sessions, waitFor } from "./testing/helpers";
import { workspaceDir } from "./workspace";

const NS = "demo";
let cluster: TestCluster;
let operator: RunningOperator;
let api: ReturnType<typeof sessions>;
let codeUrl: string;
let otherUrl: string;
let catalogUrl: string;
let recorder: Awaited<ReturnType<typeof recordPhases>>;

beforeAll(async () => {
  cluster = await startTestCluster();
  const git = path.join(cluster.dataDir, "test-git");
  seedBareRepo(path.join(git, "code.git"), { "README.md": "# code\n", "src/a.ts": "export const a = 1;\n" }, "code");
  seedBareRepo(path.join(git, "other.git"), { "README.md": "# other\n" }, "other");
  seedBareRepo(path.join(git, "catalog.git"), { "workflows/fix/.ambient/ambient.json": JSON.stringify({ name: "Fix", description: "d", startupPrompt: "Fix it." }) }, "catalog");
  codeUrl = pathToFileURL(path.join(git, "code.git")).href;
  otherUrl = pathToFileURL(path.join(git, "other.git")).href;
  catalogUrl = pathToFileURL(path.join(git, "catalog.git")).href;
  const env = { ...process.env };
  delete env.ANTHROPIC_API_KEY; // the offline runner: deterministic, no network
  operator = await startOperator({ kubeConfig: cluster.admin, dataDir: cluster.dataDir, logger: pino({ level: "silent" }), tempContentIdleSeconds: 3, runnerEnv: env });
  api = sessions(cluster.admin, NS);
  recorder = await recordPhases(cluster.admin, NS);
});

afterAll(async () => {
  recorder?.stop();
  await operator?.stop();
  await cluster?.close();
});

const phaseOf = async (name: string) => (await api.get(name)).status?.phase;

describe("operator (embedded API server, real runner)", () => {
  it("batch: create → Pending → Creating → Running → Completed, repos cloned, workflow active, generation applied", async () => {
    await api.create("batch-1", { initialPrompt: "Summarise the code", interactive: false, repos: [{ url: codeUrl }], activeWorkflow: { gitUrl: catalogUrl, branch: "main", path: "workflows/fix" } });
    const done = await waitFor("Completed", async () => {
      const s = await api.get("batch-1");
      return s.status?.phase === "Completed" && s;
    });
    expect(recorder.phases("batch-1")).toEqual(["Pending", "Creating", "Running", "Completed"]);
    expect(done.metadata.finalizers).toContain("vteam.ambient-code/session-cleanup");
    expect(done.status?.completionTime).toBeTruthy();
    expect(done.status?.reconciledRepos).toEqual([expect.objectContaining({ url: codeUrl, name: "code", status: "Ready", clonedAt: expect.any(String) })]);
    expect(done.status?.reconciledWorkflow).toMatchObject({ status: "Active", appliedAt: expect.any(String) });
    expect(done.status?.observedGeneration).toBe(1);
    expect(condition(done, "Reconciled")).toMatchObject({ status: "True", reason: "SpecApplied" });
    expect(condition(done, "Ready")).toMatchObject({ status: "False", reason: "Completed" });
    expect(condition(done, "PodScheduled")).toMatchObject({ status: "True", reason: "Local" });
    expect(done.status?.sdkSessionId).toMatch(/^offline-/);
    expect(done.metadata.annotations?.[ANNOTATIONS.sdkSessionId]).toBe(done.status?.sdkSessionId);
    const ws = workspaceDir(cluster.dataDir, NS, "batch-1");
    expect(existsSync(path.join(ws, "code", "src", "a.ts"))).toBe(true);
    expect(existsSync(path.join(ws, ".session", "transcript.jsonl"))).toBe(true);
    // Every condition change is an Event on the session, from the operator.
    const events = await waitFor("events", async () => {
      const list = await api.core.listNamespacedEvent({ namespace: NS, fieldSelector: "involvedObject.name=batch-1" });
      return list.items.some((e) => e.reason === "Completed") && list.items;
    });
    expect(events.every((e) => e.source?.component === "session-operator" && e.involvedObject.uid === done.metadata.uid)).toBe(true);
    expect(events.map((e) => e.reason)).toEqual(expect.arrayContaining(["Bound", "JobCreated", "ContainerRunning", "Running", "Completed", "SpecApplied"]));
  });

  it("interactive: runs, serves its workspace through the service proxy, stops, starts again, continues", async () => {
    await api.create("chat-1", { initialPrompt: "Hello", interactive: true, repos: [{ url: codeUrl }] });
    await waitFor("Running", async () => (await phaseOf("chat-1")) === "Running");
    // The runner's content server, registered for the API server's service proxy.
    const eps = await waitFor("endpoints", async () => {
      const e = await api.core.readNamespacedEndpoints({ name: "ambient-content-chat-1", namespace: NS });
      return e.subsets?.[0]?.ports?.[0]?.port ? e : undefined;
    });
    const svc = await api.core.readNamespacedService({ name: "ambient-content-chat-1", namespace: NS });
    expect(svc.spec?.ports?.[0]).toMatchObject({ name: "http", port: 8080, targetPort: eps.subsets![0].ports![0].port });
    expect(svc.metadata?.ownerReferences?.[0]).toMatchObject({ kind: "AgenticSession", name: "chat-1" });
    // …and reachable the way the console reaches it: the API server's service proxy.
    const viaProxy = await waitFor("workspace listed through the proxy", async () => {
      const r = await rawClient(cluster.server)("GET", `/api/v1/namespaces/${NS}/services/ambient-content-chat-1:http/proxy/content/list?path=`);
      return r.status === 200 && r.text.includes('"code"') && r;
    });
    expect(viaProxy.json.entries.map((e: { name: string }) => e.name)).toContain("code");

    await api.annotate("chat-1", { [ANNOTATIONS.desiredPhase]: "Stopped" });
    const stopped = await waitFor("Stopped", async () => {
      const s = await api.get("chat-1");
      return s.status?.phase === "Stopped" && s;
    });
    expect(recorder.phases("chat-1").slice(-2)).toEqual(["Stopping", "Stopped"]);
    expect(stopped.metadata.annotations?.[ANNOTATIONS.desiredPhase]).toBeUndefined();
    expect(condition(stopped, "Ready")).toMatchObject({ reason: "UserStopped" });
    expect(condition(stopped, "RunnerStarted")).toMatchObject({ status: "False", reason: "UserStopped" });
    await waitFor("service removed", async () => {
      try {
        await api.core.readNamespacedService({ name: "ambient-content-chat-1", namespace: NS });
        return false;
      } catch (e) {
        return (e as { code?: number }).code === 404;
      }
    });

    // Start again: Pending (Restarting), workspace kept, no completionTime.
    await api.annotate("chat-1", { [ANNOTATIONS.desiredPhase]: "Running", [ANNOTATIONS.startRequestedAt]: new Date().toISOString() });
    const restarted = await waitFor("Running again", async () => {
      const s = await api.get("chat-1");
      return s.status?.phase === "Running" && s.status.startTime !== stopped.status?.startTime && s;
    });
    expect(restarted.status?.completionTime).toBeUndefined();
    expect(restarted.metadata.annotations?.[ANNOTATIONS.startRequestedAt]).toBeUndefined();
    expect(condition(restarted, "PVCReady")).toMatchObject({ reason: "Reused" });
    expect(recorder.phases("chat-1").slice(-4)).toEqual(["Stopped", "Pending", "Creating", "Running"]);

    // Continue: stop, then start with parent-session-id = own name → the SDK conversation resumes.
    await api.annotate("chat-1", { [ANNOTATIONS.desiredPhase]: "Stopped" });
    await waitFor("Stopped again", async () => (await phaseOf("chat-1")) === "Stopped");
    const sdkId = (await api.get("chat-1")).status?.sdkSessionId;
    expect(sdkId).toBeTruthy();
    await api.annotate("chat-1", { [ANNOTATIONS.desiredPhase]: "Running", [ANNOTATIONS.parentSessionId]: "chat-1" });
    await waitFor("continued", async () => (await phaseOf("chat-1")) === "Running");
    const cfg = JSON.parse(readFileSync(path.join(workspaceDir(cluster.dataDir, NS, "chat-1"), ".session", "runner-config.json"), "utf8"));
    expect(cfg).toMatchObject({ resumeSdkSessionId: sdkId, interactive: true, prompt: "" });
  });

  it("continue as new: a new session starts from a copy of the parent's workspace", async () => {
    await waitFor("batch-1 done", async () => (await phaseOf("batch-1")) === "Completed");
    await api.create("batch-1-next", { initialPrompt: "Carry on", interactive: false }, { [ANNOTATIONS.parentSessionId]: "batch-1" });
    await waitFor("Completed", async () => (await phaseOf("batch-1-next")) === "Completed");
    const ws = workspaceDir(cluster.dataDir, NS, "batch-1-next");
    expect(existsSync(path.join(ws, "code", "src", "a.ts"))).toBe(true);
    const cfg = JSON.parse(readFileSync(path.join(ws, ".session", "runner-config.json"), "utf8"));
    expect(cfg.resumeSdkSessionId).toBe((await api.get("batch-1")).status?.sdkSessionId);
  });

  it("add a repo at runtime → Cloning → Ready; observedGeneration and Reconciled follow", async () => {
    await api.create("grow-1", { initialPrompt: "Hi", interactive: true, repos: [{ url: codeUrl }] });
    await waitFor("Running and reconciled", async () => {
      const s = await api.get("grow-1");
      return s.status?.phase === "Running" && s.status.observedGeneration === 1;
    });
    const patched = await api.patch("grow-1", (s) => ({ spec: { repos: [...(s.spec.repos ?? []), { url: otherUrl, branch: "main" }] } }));
    expect(patched.metadata.generation).toBe(2);
    const s = await waitFor("other Ready", async () => {
      const cur = await api.get("grow-1");
      return cur.status?.reconciledRepos?.find((r) => r.name === "other")?.status === "Ready" && cur;
    });
    expect(recorder.repos("grow-1", "other")).toEqual(["Cloning", "Ready"]);
    expect(s.status?.observedGeneration).toBe(2);
    expect(condition(s, "Reconciled")).toMatchObject({ status: "True", reason: "SpecApplied", observedGeneration: 2 });
    expect(condition(s, "ReposReconciled")).toMatchObject({ status: "True", observedGeneration: 2 });
    expect(existsSync(path.join(workspaceDir(cluster.dataDir, NS, "grow-1"), "other", "README.md"))).toBe(true);

    // And away again: the entry and the folder go.
    await api.patch("grow-1", () => ({ spec: { repos: [{ url: codeUrl, branch: "main" }] } }));
    const shrunk = await waitFor("other removed", async () => {
      const cur = await api.get("grow-1");
      return cur.status?.observedGeneration === 3 && cur;
    });
    expect(shrunk.status?.reconciledRepos?.map((r) => r.name)).toEqual(["code"]);
    await waitFor("folder removed", async () => !existsSync(path.join(workspaceDir(cluster.dataDir, NS, "grow-1"), "other")));

    // Select a workflow at runtime: Cloning → Active, applied to the live workspace.
    await api.patch("grow-1", () => ({ spec: { activeWorkflow: { gitUrl: catalogUrl, branch: "main", path: "workflows/fix" } } }));
    const withWf = await waitFor("workflow Active", async () => {
      const cur = await api.get("grow-1");
      return cur.status?.reconciledWorkflow?.status === "Active" && cur.status.observedGeneration === 4 && cur;
    });
    expect(condition(withWf, "WorkflowReconciled")).toMatchObject({ status: "True", reason: "Reconciled", observedGeneration: 4 });
    expect(existsSync(path.join(workspaceDir(cluster.dataDir, NS, "grow-1"), "workflows", "fix", ".ambient", "ambient.json"))).toBe(true);
  });

  it("status and metadata writes carry the resourceVersion read: a stale one is refused with 409", async () => {
    const kube = new Kube(cluster.admin);
    const stale = await api.get("grow-1");
    await api.annotate("grow-1", { "example.com/bump": "1" });
    await expect(kube.patchStatus(stale, { ...stale.status, sdkRestartCount: 99 })).rejects.toMatchObject({ code: 409 });
    await expect(kube.patchMetadata(stale, { annotations: { "example.com/x": "y" } })).rejects.toMatchObject({ code: 409 });
    expect((await api.get("grow-1")).status?.sdkRestartCount).not.toBe(99);
  });

  it("a bad repo URL → the repo is Failed with git's message, ReposReconciled=False CloneFailed", async () => {
    const bad = pathToFileURL(path.join(cluster.dataDir, "no-such.git")).href;
    await api.create("bad-1", { initialPrompt: "x", interactive: false, repos: [{ url: bad }] });
    const s = await waitFor("repo Failed", async () => {
      const cur = await api.get("bad-1");
      return cur.status?.reconciledRepos?.[0]?.status === "Failed" && cur;
    });
    expect(s.status?.reconciledRepos?.[0].message).toMatch(/does not appear to be a git repository/);
    expect(condition(s, "ReposReconciled")).toMatchObject({ status: "False", reason: "CloneFailed" });
    expect(s.status?.observedGeneration).toBeUndefined();
    const cloneFailed = await waitFor("CloneFailed event", async () => {
      const events = await api.core.listNamespacedEvent({ namespace: NS, fieldSelector: "involvedObject.name=bad-1" });
      return events.items.find((e) => e.reason === "CloneFailed");
    });
    expect(cloneFailed.type).toBe("Warning");
    expect(cloneFailed.message).toMatch(/does not appear to be a git repository/);
  });

  it("temporary access to an ended session: Provisioning → Ready, served, then Expired when idle", async () => {
    await waitFor("batch-1 done", async () => (await phaseOf("batch-1")) === "Completed");
    await api.annotate("batch-1", { [ANNOTATIONS.tempContentRequested]: "true" });
    const ready = await waitFor("TempContentPodReady True", async () => {
      const s = await api.get("batch-1");
      return condition(s, "TempContentPodReady")?.status === "True" && s;
    });
    expect(condition(ready, "TempContentPodReady")?.reason).toBe("Ready");
    const eps = await api.core.readNamespacedEndpoints({ name: "temp-content-batch-1", namespace: NS });
    const port = eps.subsets![0].ports![0].port;
    const list = await fetch(`http://127.0.0.1:${port}/content/list?path=`);
    expect(list.status).toBe(200);
    expect(JSON.stringify(await list.json())).toContain("code");
    // Reads refresh last-accessed (the console does this): access outlives the 3 s idle limit.
    for (let i = 0; i < 4; i++) {
      await api.annotate("batch-1", { [ANNOTATIONS.tempContentLastAccessed]: new Date().toISOString() });
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(condition(await api.get("batch-1"), "TempContentPodReady")?.reason).toBe("Ready");
    const expired = await waitFor(
      "Expired",
      async () => {
        const s = await api.get("batch-1");
        // Status first, then the annotations: both within one reconcile.
        return condition(s, "TempContentPodReady")?.reason === "Expired" && !s.metadata.annotations?.[ANNOTATIONS.tempContentRequested] && s;
      },
      15_000,
    );
    expect(expired.metadata.annotations?.[ANNOTATIONS.tempContentLastAccessed]).toBeUndefined();
    expect(condition(expired, "TempContentPodReady")?.status).toBe("False");
    await waitFor("temp service removed", async () => {
      try {
        await api.core.readNamespacedService({ name: "temp-content-batch-1", namespace: NS });
        return false;
      } catch (e) {
        return (e as { code?: number }).code === 404;
      }
    });
  });

  it("annotation writes from a second client while the operator reconciles are never lost", async () => {
    await api.create("busy-1", { initialPrompt: "x", interactive: false, repos: [{ url: codeUrl }] });
    const other = sessions(cluster.demo, NS);
    const written: string[] = [];
    for (let i = 0; i < 15; i++) {
      const key = `example.com/note-${i}`;
      await other.annotate("busy-1", { [key]: String(i) });
      written.push(key);
      await new Promise((r) => setTimeout(r, 20));
    }
    const s = await waitFor("Completed", async () => {
      const cur = await api.get("busy-1");
      return cur.status?.phase === "Completed" && cur;
    });
    for (const key of written) expect(s.metadata.annotations?.[key]).toBeDefined();
    expect(s.metadata.annotations?.[ANNOTATIONS.sdkSessionId]).toBe(s.status?.sdkSessionId);
  });

  it("deleting a session ends its runner and removes its workspace", async () => {
    await api.create("gone-1", { initialPrompt: "x", interactive: true });
    await waitFor("Running", async () => (await phaseOf("gone-1")) === "Running");
    const ws = workspaceDir(cluster.dataDir, NS, "gone-1");
    const pid = Number(readFileSync(path.join(ws, ".session", "runner.pid"), "utf8"));
    await api.remove("gone-1");
    await waitFor("object gone", async () => {
      try {
        await api.get("gone-1");
        return false;
      } catch (e) {
        return (e as { code?: number }).code === 404;
      }
    });
    expect(existsSync(ws)).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
