// The SDK path for real: the runner drives @anthropic-ai/claude-agent-sdk (and so the Claude Code
// CLI it ships) against a local stand-in for the Messages API with scripted replies.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lastUserText, startStandInModel, type StandInModel } from "./testing/stand-in-model";
import { makeBareRepo, startRunner, tmpDir } from "./testing/runner-harness";

type Entry = { ts: string; role: string; type: string; text?: string; tool?: { name: string }; result?: { isError?: boolean; text?: string } };
const transcriptOf = (ws: string): Entry[] =>
  readFileSync(path.join(ws, ".session", "transcript.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Entry);

const systemText = (body: Record<string, unknown> | undefined): string => {
  const s = body?.system;
  if (typeof s === "string") return s;
  return Array.isArray(s) ? (s as Array<{ text?: string }>).map((b) => b.text ?? "").join("\n") : "";
};

describe("runner with the Agent SDK (stand-in model API)", () => {
  let base: string;
  let model: StandInModel;
  let catalogUrl: string;
  let env: Record<string, string>;
  let toolTarget = "";

  beforeAll(async () => {
    base = tmpDir("runner-sdk-");
    catalogUrl = makeBareRepo(base, "catalog", {
      "workflows/triage/.ambient/ambient.json": JSON.stringify({ name: "Triage", systemPrompt: "WORKFLOW-SYSTEM-PROMPT-MARKER" }),
    });
    // Replies name the user's text; "write the notes file" first gets a Write tool call into
    // `toolTarget`, so a real tool round trip happens in the workspace.
    model = await startStandInModel((body) => {
      const last = lastUserText(body);
      const lastMsg = (body.messages as Array<{ role: string; content: unknown }>).at(-1);
      const afterTool = Array.isArray(lastMsg?.content) && (lastMsg.content as Array<{ type: string }>).some((b) => b.type === "tool_result");
      if (last.includes("take your time")) return { text: "slow answer", delayMs: 30_000 };
      if (last.includes("please fail")) return { error: { status: 400, type: "invalid_request_error", message: "stand-in refuses this prompt" } };
      if (last.includes("write the notes file") && !afterTool) return { toolUse: { name: "Write", input: { file_path: toolTarget, content: "notes from the agent\n" } } };
      return { text: afterTool ? "notes written" : `stand-in reply to: ${last}` };
    });
    env = { ANTHROPIC_API_KEY: "sk-ant-test-not-a-real-key", ANTHROPIC_BASE_URL: model.url };
  });
  afterAll(async () => {
    await model?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it("batch: reports the SDK session id, streams the conversation to the transcript, exits 0", async () => {
    const ws = path.join(base, "ws-batch");
    const r = startRunner(
      base,
      {
        namespace: "demo",
        sessionName: "sdk1",
        workspaceDir: ws,
        prompt: "Explain the repository layout",
        interactive: false,
        repos: [],
        workflow: { gitUrl: catalogUrl, branch: "main", path: "workflows/triage" },
        llmSettings: { model: "claude-stand-in-1", temperature: 0.2, maxTokens: 512 },
      },
      env,
    );
    const { code } = await r.exited;
    expect(code, r.stderr()).toBe(0);
    const session = r.events.find((e) => e.event === "sdk-session");
    expect(String(session?.id)).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.events.at(-1)?.event).toBe("done");

    const t = transcriptOf(ws);
    expect(t.find((e) => e.role === "user")?.text).toBe("Explain the repository layout");
    expect(t.find((e) => e.role === "assistant" && e.type === "text")?.text).toBe("stand-in reply to: Explain the repository layout");
    expect(t.find((e) => e.type === "result")?.result?.isError).toBe(false);
    expect(t.some((e) => e.type === "offline")).toBe(false);
    expect(r.events.some((e) => e.event === "message" && e.role === "assistant" && e.text === "stand-in reply to: Explain the repository layout")).toBe(true);

    // The model API saw our model, the workflow's system prompt, and a streaming request.
    const main = model.messageRequests().find((q) => lastUserText(q.body) === "Explain the repository layout");
    expect(main?.body?.model).toBe("claude-stand-in-1");
    expect(main?.body?.stream).toBe(true);
    // maxTokens reaches the API through CLAUDE_CODE_MAX_OUTPUT_TOKENS (Claude Code has no temperature setting).
    expect(main?.body?.max_tokens).toBe(512);
    expect(systemText(main?.body)).toContain("WORKFLOW-SYSTEM-PROMPT-MARKER");
    // The conversation is kept inside the workspace so a restart can resume it.
    expect(existsSync(path.join(ws, ".session", "claude", "projects"))).toBe(true);
  });

  it("runs tools in the workspace and records tool use and result", async () => {
    const ws = path.join(base, "ws-tool");
    toolTarget = path.join(ws, "artifacts", "notes.md");
    const r = startRunner(
      base,
      { namespace: "demo", sessionName: "sdk3", workspaceDir: ws, prompt: "Please write the notes file", interactive: false, repos: [], llmSettings: { model: "claude-stand-in-1", temperature: 0.2, maxTokens: 512 } },
      env,
    );
    expect((await r.exited).code, r.stderr()).toBe(0);
    expect(readFileSync(toolTarget, "utf8")).toBe("notes from the agent\n");
    const t = transcriptOf(ws);
    const kinds = t.map((e) => `${e.role}:${e.type}`);
    expect(kinds).toEqual(expect.arrayContaining(["user:text", "assistant:tool_use", "tool:tool_result", "assistant:text", "system:result"]));
    expect(kinds.indexOf("assistant:tool_use")).toBeLessThan(kinds.indexOf("tool:tool_result"));
    expect(t.find((e) => e.type === "tool_use")?.tool?.name).toBe("Write");
    expect(t.find((e) => e.role === "assistant" && e.type === "text")?.text).toBe("notes written");
  });

  it("batch: a model API error fails the run with a non-zero exit and an error in the transcript", async () => {
    const ws = path.join(base, "ws-fail");
    const r = startRunner(
      base,
      { namespace: "demo", sessionName: "sdk4", workspaceDir: ws, prompt: "please fail", interactive: false, repos: [], llmSettings: { model: "claude-stand-in-1", temperature: 0.2, maxTokens: 512 } },
      env,
    );
    const { code } = await r.exited;
    expect(code).not.toBe(0);
    expect(r.events.some((e) => e.event === "done")).toBe(false);
    const t = transcriptOf(ws);
    const result = t.find((e) => e.type === "result");
    expect(result?.result?.isError).toBe(true);
    expect(result?.result?.text).toContain("stand-in refuses this prompt");
    expect(r.stderr()).toContain("agent failed: API Error: 400 stand-in refuses this prompt");
  }, 60_000);

  it("interactive: answers follow-ups, stops on SIGTERM, and resumes the conversation on restart", async () => {
    const ws = path.join(base, "ws-chat");
    const cfg = {
      namespace: "demo",
      sessionName: "sdk2",
      workspaceDir: ws,
      prompt: "First question",
      interactive: true,
      repos: [],
      llmSettings: { model: "claude-stand-in-1", temperature: 0.2, maxTokens: 512 },
    };
    const r = startRunner(base, cfg, env);
    const cs = await r.waitFor((e) => e.event === "content-server");
    const session = await r.waitFor((e) => e.event === "sdk-session", 60_000);
    await r.waitFor((e) => e.event === "message" && e.text === "stand-in reply to: First question", 60_000);
    const res = await fetch(`http://127.0.0.1:${String(cs.port)}/content/messages`, { method: "POST", body: JSON.stringify({ text: "Second question" }) });
    expect(res.status).toBe(202);
    await r.waitFor((e) => e.event === "message" && e.text === "stand-in reply to: Second question", 60_000);
    // The follow-up went to the model with the earlier turn as history.
    const second = model.messageRequests().find((q) => lastUserText(q.body) === "Second question");
    expect(JSON.stringify(second?.body?.messages)).toContain("First question");

    const t0 = Date.now();
    r.child.kill("SIGTERM");
    expect((await r.exited).code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(2000);

    // Restart with the recorded id: the SDK resumes the same conversation.
    const again = startRunner(base, { ...cfg, resumeSdkSessionId: String(session.id) }, env);
    const cs2 = await again.waitFor((e) => e.event === "content-server");
    expect((await again.waitFor((e) => e.event === "sdk-session")).id).toBe(session.id);
    await fetch(`http://127.0.0.1:${String(cs2.port)}/content/messages`, { method: "POST", body: JSON.stringify({ text: "Third question" }) });
    await again.waitFor((e) => e.event === "message" && e.text === "stand-in reply to: Third question", 60_000);
    const third = model.messageRequests().find((q) => lastUserText(q.body) === "Third question");
    const history = JSON.stringify(third?.body?.messages);
    expect(history).toContain("First question");
    expect(history).toContain("Second question");
    again.child.kill("SIGTERM");
    expect((await again.exited).code).toBe(0);

    const t = transcriptOf(ws);
    expect(t.filter((e) => e.role === "user").map((e) => e.text)).toEqual(["First question", "Second question", "Third question"]);

    // Continue as new: a new workspace copied from this one resumes the same conversation.
    const childWs = path.join(base, "ws-chat-child");
    const child = startRunner(base, { ...cfg, sessionName: "sdk2-child", workspaceDir: childWs, parentWorkspaceDir: ws, resumeSdkSessionId: String(session.id) }, env);
    const cs3 = await child.waitFor((e) => e.event === "content-server");
    await fetch(`http://127.0.0.1:${String(cs3.port)}/content/messages`, { method: "POST", body: JSON.stringify({ text: "Fourth question" }) });
    await child.waitFor((e) => e.event === "message" && e.text === "stand-in reply to: Fourth question", 60_000);
    const fourth = model.messageRequests().find((q) => lastUserText(q.body) === "Fourth question");
    expect(JSON.stringify(fourth?.body?.messages)).toContain("Third question");
    child.child.kill("SIGTERM");
    expect((await child.exited).code).toBe(0);
  }, 120_000);

  it("interactive: if Claude Code dies, the next follow-up starts it again on the same conversation", async () => {
    const ws = path.join(base, "ws-crash");
    const r = startRunner(
      base,
      { namespace: "demo", sessionName: "sdk6", workspaceDir: ws, prompt: "Before the crash", interactive: true, repos: [], llmSettings: { model: "claude-stand-in-1", temperature: 0.2, maxTokens: 512 } },
      env,
    );
    const cs = await r.waitFor((e) => e.event === "content-server");
    await r.waitFor((e) => e.event === "message" && e.text === "stand-in reply to: Before the crash", 60_000);
    const pids = execFileSync("pgrep", ["-P", String(r.child.pid), "-f", "claude"]).toString().trim().split("\n").filter(Boolean);
    expect(pids.length).toBe(1);
    process.kill(Number(pids[0]), "SIGKILL");
    await r.waitFor((e) => e.event === "message" && e.type === "error", 10_000);
    await fetch(`http://127.0.0.1:${String(cs.port)}/content/messages`, { method: "POST", body: JSON.stringify({ text: "After the crash" }) });
    await r.waitFor((e) => e.event === "message" && e.text === "stand-in reply to: After the crash", 60_000);
    const after = model.messageRequests().find((q) => lastUserText(q.body) === "After the crash");
    expect(JSON.stringify(after?.body?.messages)).toContain("Before the crash");
    r.child.kill("SIGTERM");
    expect((await r.exited).code).toBe(0);
  }, 90_000);

  it("batch: SIGTERM while the model is thinking ends the run within 2 s with exit 143", async () => {
    const ws = path.join(base, "ws-slow");
    const r = startRunner(
      base,
      { namespace: "demo", sessionName: "sdk5", workspaceDir: ws, prompt: "take your time", interactive: false, repos: [], llmSettings: { model: "claude-stand-in-1", temperature: 0.2, maxTokens: 512 } },
      env,
    );
    await r.waitFor((e) => e.event === "sdk-session", 60_000);
    const t0 = Date.now();
    r.child.kill("SIGTERM");
    const { code } = await r.exited;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(code).toBe(143);
    expect(r.events.some((e) => e.event === "done")).toBe(false);
  }, 60_000);
});
