// The runner as the operator sees it: a child process, JSON events on stdout, real git clones.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeBareRepo, startRunner, tmpDir, type Event } from "./testing/runner-harness";

const transcriptOf = (ws: string) =>
  readFileSync(path.join(ws, ".session", "transcript.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { ts: string; role: string; type: string; text?: string });

const baseCfg = (ws: string, extra: Record<string, unknown> = {}) => ({
  namespace: "demo",
  sessionName: "s1",
  workspaceDir: ws,
  prompt: "Fix the flaky test\nin src/app.ts\nthen report.",
  interactive: false,
  repos: [],
  llmSettings: { model: "claude-test", temperature: 0.5, maxTokens: 1000 },
  ...extra,
});

describe("runner (offline)", () => {
  let base: string;
  let codeUrl: string;
  let catalogUrl: string;
  beforeAll(() => {
    base = tmpDir("runner-e2e-");
    codeUrl = makeBareRepo(base, "code", { "README.md": "# code\n", "src/app.ts": "export const x = 1;\n" });
    catalogUrl = makeBareRepo(base, "catalog", {
      "workflows/triage/.ambient/ambient.json": JSON.stringify({ name: "Triage", description: "d", systemPrompt: "Be brief.", startupPrompt: "Start triage." }),
      "workflows/triage/README.md": "triage\n",
      "workflows/review/.ambient/ambient.json": JSON.stringify({ name: "Review", description: "r" }),
    });
  });

  it("batch: clones, applies the workflow, summarises, reports events in order and exits 0", async () => {
    const ws = path.join(base, "ws-batch");
    const r = startRunner(base, baseCfg(ws, { repos: [{ url: codeUrl, branch: "main", name: "code" }], workflow: { gitUrl: catalogUrl, branch: "main", path: "workflows/triage" } }));
    const { code } = await r.exited;
    expect(code, r.stderr()).toBe(0);
    const kinds = r.events.map((e) => (e.event === "repo" || e.event === "workflow" ? `${e.event}:${String(e.status)}` : e.event));
    expect(kinds.slice(0, 7)).toEqual(["started", "content-server", "repo:Cloning", "repo:Ready", "workflow:Cloning", "workflow:Active", "sdk-session"]);
    expect(kinds.at(-1)).toBe("done");
    expect(kinds).toContain("message");
    expect(String(r.events.find((e) => e.event === "sdk-session")?.id)).toMatch(/^offline-[0-9a-f-]{36}$/);
    expect(existsSync(path.join(ws, "code", "src", "app.ts"))).toBe(true);
    expect(existsSync(path.join(ws, "workflows", "triage", ".ambient", "ambient.json"))).toBe(true);
    expect(existsSync(path.join(ws, "workflows", "triage", ".git"))).toBe(false);
    const summary = readFileSync(path.join(ws, "artifacts", "summary.md"), "utf8");
    expect(summary).toContain("offline runner");
    expect(summary).toContain("Fix the flaky test");
    expect(summary).toMatch(/`code` ← file:\/\/.*: Ready/);
    expect(summary).toContain("`triage`");
    const t = transcriptOf(ws);
    expect(t[0]).toMatchObject({ role: "system", type: "offline" });
    expect(t[0].text).toContain("no model credentials");
    expect(t.find((e) => e.role === "user")?.text).toContain("Start triage.");
    for (const e of t) expect(Number.isNaN(Date.parse(e.ts))).toBe(false);
  });

  it("a bad repo URL is Failed with git's message, and the run still completes", async () => {
    const ws = path.join(base, "ws-bad");
    const bad = `file://${path.join(base, "missing.git")}`;
    const r = startRunner(base, baseCfg(ws, { repos: [{ url: bad, branch: "main", name: "missing" }, { url: codeUrl, branch: "no-such-branch", name: "code" }] }));
    expect((await r.exited).code).toBe(0);
    const failed = r.events.filter((e) => e.event === "repo" && e.status === "Failed");
    expect(failed.map((e) => e.name)).toEqual(["missing", "code"]);
    expect(String(failed[0].message)).toMatch(/does not appear to be a git repository/);
    expect(String(failed[1].message)).toMatch(/no-such-branch/);
    expect(existsSync(path.join(ws, "missing"))).toBe(false);
  });

  it("a missing workflow path is Failed", async () => {
    const ws = path.join(base, "ws-wf-bad");
    const r = startRunner(base, baseCfg(ws, { workflow: { gitUrl: catalogUrl, branch: "main", path: "workflows/nope" } }));
    expect((await r.exited).code).toBe(0);
    const wf = r.events.filter((e) => e.event === "workflow");
    expect(wf.map((e) => e.status)).toEqual(["Cloning", "Failed"]);
    expect(String(wf[1].message)).toContain("workflows/nope");
  });

  it("rejects a bad config with exit 2", async () => {
    const r = startRunner(base, { namespace: "x" });
    expect((await r.exited).code).toBe(2);
    expect(r.events).toEqual([]);
  });

  it("keeps a clone across restarts, and continue-as-new copies the parent's workspace", async () => {
    const ws = path.join(base, "ws-keep");
    const cfg = baseCfg(ws, { repos: [{ url: codeUrl, branch: "main", name: "code" }] });
    expect((await startRunner(base, cfg).exited).code).toBe(0);
    writeFileSync(path.join(ws, "code", "local-change.txt"), "keep me\n");
    const again = startRunner(base, { ...cfg, resumeSdkSessionId: "offline-keep-1" });
    expect((await again.exited).code).toBe(0);
    expect(again.events.find((e) => e.event === "repo" && e.status === "Ready")?.message).toBe("already cloned");
    expect(existsSync(path.join(ws, "code", "local-change.txt"))).toBe(true);
    expect(again.events.find((e) => e.event === "sdk-session")?.id).toBe("offline-keep-1");

    const child = path.join(base, "ws-child");
    // As the operator does: its launch files are in .session/ before the runner starts.
    mkdirSync(path.join(child, ".session"), { recursive: true });
    writeFileSync(path.join(child, ".session", "runner.pid"), "12345");
    writeFileSync(path.join(ws, ".session", "runner.pid"), "999");
    const cont = startRunner(base, baseCfg(child, { sessionName: "s2", parentWorkspaceDir: ws, repos: [{ url: codeUrl, branch: "main", name: "code" }] }));
    expect((await cont.exited).code).toBe(0);
    expect(readFileSync(path.join(child, "code", "local-change.txt"), "utf8")).toBe("keep me\n");
    expect(readFileSync(path.join(child, ".session", "runner.pid"), "utf8")).toBe("12345");
    // The parent's transcript came along and this run's entries follow it.
    expect(transcriptOf(child).length).toBeGreaterThan(transcriptOf(ws).length);
  });

  describe("interactive", () => {
    it("takes messages from the content server into the transcript, applies stdin commands, stops fast on SIGTERM", async () => {
      const ws = path.join(base, "ws-chat");
      const r = startRunner(base, baseCfg(ws, { interactive: true }));
      const cs = await r.waitFor((e) => e.event === "content-server");
      await r.waitFor((e) => e.event === "message" && e.role === "assistant");
      const res = await fetch(`http://127.0.0.1:${String(cs.port)}/content/messages`, { method: "POST", body: JSON.stringify({ text: "and also the README" }) });
      expect(res.status).toBe(202);
      await r.waitFor((e) => e.event === "message" && e.role === "user" && e.text === "and also the README");
      await r.waitFor((e) => e.event === "message" && e.role === "assistant" && String(e.text).includes("received your message"));
      const t = transcriptOf(ws);
      expect(t.filter((e) => e.role === "user").map((e) => e.text)).toContain("and also the README");

      // Files are served while running.
      const list = (await (await fetch(`http://127.0.0.1:${String(cs.port)}/content/list?path=artifacts`)).json()) as { entries: Array<{ name: string }> };
      expect(list.entries.map((e) => e.name)).toContain("summary.md");

      r.send({ cmd: "add-repo", url: codeUrl, branch: "main", name: "code" });
      await r.waitFor((e) => e.event === "repo" && e.name === "code" && e.status === "Ready");
      expect(existsSync(path.join(ws, "code", "README.md"))).toBe(true);
      r.send({ cmd: "remove-repo", name: "code" });
      await r.waitFor((e) => e.event === "repo" && e.name === "code" && e.status === "Removed");
      expect(existsSync(path.join(ws, "code"))).toBe(false);
      r.send({ cmd: "remove-repo", name: "../etc" });
      r.send({ cmd: "workflow", gitUrl: catalogUrl, branch: "main", path: "workflows/review" });
      await r.waitFor((e) => e.event === "workflow" && e.status === "Active");
      expect(existsSync(path.join(ws, "workflows", "review", ".ambient", "ambient.json"))).toBe(true);
      expect(r.stderr()).toContain("ignored stdin command");

      const t0 = Date.now();
      r.child.kill("SIGTERM");
      const { code } = await r.exited;
      expect(code).toBe(0);
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(r.events.some((e: Event) => e.event === "done")).toBe(false);

      // Continue: same workspace, same offline conversation id, the first prompt is not replayed.
      const id = String(r.events.find((e) => e.event === "sdk-session")?.id);
      const again = startRunner(base, baseCfg(ws, { interactive: true, resumeSdkSessionId: id }));
      expect((await again.waitFor((e) => e.event === "sdk-session")).id).toBe(id);
      await again.waitFor((e) => e.event === "message" && e.type === "resume");
      again.child.kill("SIGTERM");
      expect((await again.exited).code).toBe(0);
      expect(readFileSync(path.join(ws, "artifacts", "summary.md"), "utf8")).toContain("Fix the flaky test");
      expect(transcriptOf(ws).filter((e) => e.role === "user" && e.text?.startsWith("Fix the flaky test"))).toHaveLength(1);
    });

    it("a batch session refuses messages with 409", async () => {
      const ws = path.join(base, "ws-batch-409");
      mkdirSync(ws, { recursive: true });
      const r = startRunner(base, baseCfg(ws, { prompt: "", interactive: false }));
      const cs = await r.waitFor((e) => e.event === "content-server");
      const res = await fetch(`http://127.0.0.1:${String(cs.port)}/content/messages`, { method: "POST", body: JSON.stringify({ text: "hi" }) }).catch(() => undefined);
      // The batch run may already have ended; if the server answered, it refused.
      if (res) expect(res.status).toBe(409);
      expect((await r.exited).code).toBe(0);
    });
  });

  afterAll(() => rmSync(base, { recursive: true, force: true }));
});
