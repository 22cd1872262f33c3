// Failure modes: timeouts, non-zero exits, crashes (fake runner), and kill -9 of the whole stack
// followed by a restart (real runner, separate process).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { KubeConfig } from "@kubernetes/client-node";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "../../lib/testing/embedded";
import { EventRecorder } from "./events";
import { DEFAULT_RUNNER_ENTRY, REPO_ROOT, startOperator, type RunningOperator } from "./index";
import { killOrphanRunners } from "./runner-process";
import { condition, sessions, waitFor } from "./testing/helpers";
import { workspaceDir, workspacesRoot } from "./workspace";

const NS = "demo";

/** Running (not gone, not a zombie waiting for a parent that is no more to reap it). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

describe("runner failures (fake runner)", () => {
  let cluster: TestCluster;
  let operator: RunningOperator;
  let api: ReturnType<typeof sessions>;
  beforeAll(async () => {
    cluster = await startTestCluster();
    operator = await startOperator({
      kubeConfig: cluster.admin,
      dataDir: cluster.dataDir,
      logger: pino({ level: "warn" }, pino.destination(2)),
      runnerEntry: path.join(REPO_ROOT, "local/operator/testing/fake-runner.ts"),
      maxRestarts: 2,
    });
    api = sessions(cluster.admin, NS);
  });
  afterAll(async () => {
    await operator?.stop();
    await cluster?.close();
  });

  it("batch past spec.timeout → Failed Timeout, runner ended", async () => {
    await api.create("slow-1", { initialPrompt: "hang", interactive: false, timeout: 2 });
    const s = await waitFor("Failed", async () => {
      const cur = await api.get("slow-1");
      return cur.status?.phase === "Failed" && cur;
    });
    expect(condition(s, "Ready")).toMatchObject({ status: "False", reason: "Timeout" });
    const started = Date.parse(s.status!.startTime!);
    // completionTime has second precision: at least the 2 s timeout, less the truncation.
    expect(Date.parse(s.status!.completionTime!) - started).toBeGreaterThanOrEqual(1000);
    await waitFor("runner gone", async () => operator.controller.liveRunners() === 0);
  });

  it("runner exits non-zero → Failed RunnerExit with its stderr in the message", async () => {
    await api.create("exit-1", { initialPrompt: "exit:3", interactive: false });
    const s = await waitFor("Failed", async () => {
      const cur = await api.get("exit-1");
      return cur.status?.phase === "Failed" && cur;
    });
    expect(condition(s, "Ready")).toMatchObject({ reason: "RunnerExit" });
    expect(condition(s, "Ready")?.message).toMatch(/code 3: fake runner: failing on purpose/);
  });

  it("a runner that crashes is restarted (sdkRestartCount) until the limit, then Failed RunnerLost", async () => {
    await api.create("crash-1", { initialPrompt: "crash", interactive: true });
    const s = await waitFor("Failed", async () => {
      const cur = await api.get("crash-1");
      return cur.status?.phase === "Failed" && cur;
    });
    expect(s.status?.sdkRestartCount).toBe(2);
    expect(condition(s, "Ready")).toMatchObject({ reason: "RunnerLost" });
    const events = await api.core.listNamespacedEvent({ namespace: NS, fieldSelector: "involvedObject.name=crash-1" });
    expect(events.items.filter((e) => e.reason === "Restarting" && e.type === "Normal").length).toBeGreaterThanOrEqual(1);
    expect(events.items.find((e) => e.reason === "RunnerLost")?.type).toBe("Warning");
  });

  it("a repeated event bumps count on one Event object instead of adding objects", async () => {
    const s = await api.create("evt-1", { initialPrompt: "hang", interactive: true });
    const recorder = new EventRecorder(api.core);
    const input = { reason: "Probe", message: "same words", eventType: "Normal" as const };
    await recorder.record(s, input);
    await recorder.record(s, input);
    await recorder.record(s, input);
    const list = await api.core.listNamespacedEvent({ namespace: NS, fieldSelector: "involvedObject.name=evt-1" });
    const probes = list.items.filter((e) => e.reason === "Probe");
    expect(probes).toHaveLength(1);
    expect(probes[0]).toMatchObject({ count: 3, message: "same words", source: { component: "session-operator" } });
    expect(probes[0].involvedObject).toMatchObject({ kind: "AgenticSession", name: "evt-1", uid: s.metadata.uid });
  });
});

describe("kill -9 of the whole stack, then restart", () => {
  let dataDir: string;
  let stack: ChildProcess | undefined;

  async function startStack(): Promise<KubeConfig> {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "local/operator/testing/stack.ts"), dataDir], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] });
    stack = child;
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`stack exited with ${code}`)));
    });
    const kc = new KubeConfig();
    kc.loadFromFile((JSON.parse(line) as { kubeconfig: string }).kubeconfig);
    return kc;
  }

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "op-crash-"));
  });
  afterAll(async () => {
    if (stack && stack.exitCode === null) {
      stack.kill("SIGTERM");
      await new Promise((r) => stack!.once("exit", r));
    }
    // A stopped operator leaves interactive runners to its successor; no successor comes here.
    await killOrphanRunners(workspacesRoot(dataDir), DEFAULT_RUNNER_ENTRY, pino({ level: "silent" }));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("the operator finds the runner gone, ends the orphan and converges (restart, sdkRestartCount 1)", async () => {
    let kc = await startStack();
    let api = sessions(kc, NS);
    await api.create("survivor", { initialPrompt: "hi", interactive: true });
    await api.create("finished", { initialPrompt: "hi", interactive: false });
    await waitFor("Running", async () => (await api.get("survivor")).status?.phase === "Running");
    await waitFor("Completed", async () => (await api.get("finished")).status?.phase === "Completed");
    const ws = workspaceDir(dataDir, NS, "survivor");
    const oldPid = Number(readFileSync(path.join(ws, ".session", "runner.pid"), "utf8"));

    stack!.kill("SIGKILL");
    await new Promise((r) => stack!.once("exit", r));

    kc = await startStack();
    api = sessions(kc, NS);
    const s = await waitFor(
      "converged",
      async () => {
        const cur = await api.get("survivor");
        return cur.status?.phase === "Running" && cur.status.sdkRestartCount === 1 && cur;
      },
      30_000,
    );
    expect(condition(s, "RunnerStarted")).toMatchObject({ status: "True" });
    const newPid = Number(readFileSync(path.join(ws, ".session", "runner.pid"), "utf8"));
    expect(newPid).not.toBe(oldPid);
    expect(alive(oldPid)).toBe(false);
    expect((await api.get("finished")).status?.phase).toBe("Completed");
    // The content service points at the new runner, not the dead one.
    const eps = await waitFor("endpoints", async () => {
      const e = await api.core.readNamespacedEndpoints({ name: "ambient-content-survivor", namespace: NS });
      return e.subsets?.[0]?.ports?.[0]?.port ? e : undefined;
    });
    const res = await fetch(`http://127.0.0.1:${eps.subsets![0].ports![0].port}/content/list?path=`);
    expect(res.status).toBe(200);
  }, 90_000);
});
