// kubectl itself against the embedded API server: get, apply, annotate, patch, get -w, delete.
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "../../lib/testing/embedded";

const kubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" });
const hasKubectl = kubectl.status === 0;
if (!hasKubectl) console.log("kubectl tests skipped: no kubectl on PATH (Debian: apt-get install kubernetes-client)");

describe.skipIf(!hasKubectl)("kubectl", () => {
  let c: TestCluster;
  // Asynchronous: the API server runs in this process and must keep answering while kubectl waits.
  const run = (...args: string[]) => runAs(c.server.kubeconfigPath, ...args);
  const runAs = (kubeconfig: string, ...args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const p = spawn("kubectl", args, { env: { ...process.env, KUBECONFIG: kubeconfig } });
      let out = "";
      let err = "";
      p.stdout.on("data", (d) => (out += String(d)));
      p.stderr.on("data", (d) => (err += String(d)));
      p.on("close", (code) => resolve({ code, out, err }));
    });
  beforeAll(async () => {
    c = await startTestCluster();
  });
  afterAll(async () => c?.close());

  it("gets namespaces and sessions with printer columns", async () => {
    const ns = await run("get", "ns");
    expect(ns.code, ns.err).toBe(0);
    expect(ns.out).toMatch(/demo\s+Active/);
    const none = await run("get", "as", "-A");
    expect(none.code, none.err).toBe(0);
  });

  it("applies, annotates, patches, watches and deletes a session", async () => {
    const file = path.join(c.dataDir, "session.yaml");
    writeFileSync(
      file,
      `apiVersion: vteam.ambient-code/v1alpha1
kind: AgenticSession
metadata:
  name: from-kubectl
  namespace: demo
spec:
  initialPrompt: Fix the flaky test
  llmSettings:
    model: claude-sonnet-4
`,
    );
    const applied = await run("apply", "-f", file);
    expect(applied.code, applied.err).toBe(0);
    expect(applied.out).toContain("agenticsession.vteam.ambient-code/from-kubectl created");
    const again = await run("apply", "-f", file);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain("unchanged");
    const got = await run("get", "as", "-n", "demo");
    expect(got.out).toMatch(/NAME\s+PHASE\s+MODEL\s+AGE/);
    expect(got.out).toMatch(/from-kubectl\s+<none>\s+claude-sonnet-4/);

    const watcher = spawn("kubectl", ["get", "as", "from-kubectl", "-n", "demo", "-w", "-o", "jsonpath={.spec.timeout}{\"\\n\"}"], {
      env: { ...process.env, KUBECONFIG: c.server.kubeconfigPath },
    });
    let seen = "";
    watcher.stdout.on("data", (d) => (seen += String(d)));
    await expect.poll(() => seen, { timeout: 10_000 }).toContain("300");
    const annotated = await run("annotate", "as", "from-kubectl", "-n", "demo", "ambient-code.io/desired-phase=Stopped");
    expect(annotated.code, annotated.err).toBe(0);
    const patched = await run("patch", "as", "from-kubectl", "-n", "demo", "--type=merge", "-p", '{"spec":{"timeout":600}}');
    expect(patched.code, patched.err).toBe(0);
    await expect.poll(() => seen, { timeout: 10_000 }).toContain("600");
    watcher.kill();
    const anno = await run("get", "as", "from-kubectl", "-n", "demo", "-o", "jsonpath={.metadata.annotations.ambient-code\\.io/desired-phase} {.metadata.generation}");
    expect(anno.out).toBe("Stopped 2");
    const invalid = await run("patch", "as", "from-kubectl", "-n", "demo", "--type=merge", "-p", '{"spec":{"timeout":-1}}');
    expect(invalid.code).not.toBe(0);
    expect(invalid.err).toContain("spec.timeout");
    const deleted = await run("delete", "as", "from-kubectl", "-n", "demo");
    expect(deleted.code, deleted.err).toBe(0);
    expect((await run("get", "as", "from-kubectl", "-n", "demo")).err).toContain("NotFound");
  });

  it("is refused for the demo user outside its project", async () => {
    const r = await runAs(c.server.demoKubeconfigPath, "get", "as", "-n", "default");
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("forbidden");
  });
});
