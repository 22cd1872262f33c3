// Pure pieces of the runner, tested directly.
import { describe, expect, it } from "vitest";
import { firstTurn } from "./agent";
import { readRunnerEnv, runnerConfigSchema, workflowName } from "./config";
import { gitMessage, parsePorcelainStatus } from "./git";
import { renderOfflineSummary } from "./offline-agent";
import { parseCommand } from "./runner";
import { InputQueue } from "./sdk-agent";
import { sdkMessageToEntries } from "./sdk-messages";
import { entryText } from "./transcript";
import { projectKey } from "./workspace";

describe("runner config", () => {
  const ok = { namespace: "n", sessionName: "s", workspaceDir: "/tmp/ws", interactive: true };
  it("fills defaults", () => {
    const c = runnerConfigSchema.parse({ ...ok, repos: [{ url: "file:///r.git", name: "r" }] });
    expect(c.repos[0].branch).toBe("main");
    expect(c.prompt).toBe("");
    expect(c.llmSettings.model).toBe("claude-3-7-sonnet-latest");
  });
  it("refuses unsafe or reserved repo names and relative workspaces", () => {
    for (const name of ["../x", "a/b", ".session", "artifacts", "workflows", ""]) {
      expect(runnerConfigSchema.safeParse({ ...ok, repos: [{ url: "u", name }] }).success, name).toBe(false);
    }
    expect(runnerConfigSchema.safeParse({ ...ok, workspaceDir: "ws" }).success).toBe(false);
  });
  it("detects model credentials", () => {
    expect(readRunnerEnv({}).hasModelCredentials).toBe(false);
    expect(readRunnerEnv({ ANTHROPIC_API_KEY: "k" }).hasModelCredentials).toBe(true);
    expect(readRunnerEnv({ CLAUDE_CODE_USE_BEDROCK: "1" }).hasModelCredentials).toBe(true);
    expect(readRunnerEnv({ CLAUDE_CODE_USE_VERTEX: "0" }).hasModelCredentials).toBe(false);
  });
  it("names workflows after their folder, else their repo", () => {
    expect(workflowName({ gitUrl: "https://h/o/catalog.git", branch: "main", path: "workflows/triage/" })).toBe("triage");
    expect(workflowName({ gitUrl: "git@github.com:o/wf-repo.git", branch: "main", path: "" })).toBe("wf-repo");
  });
});

describe("stdin commands", () => {
  it("parses the three commands", () => {
    expect(parseCommand(JSON.stringify({ cmd: "add-repo", url: "file:///a.git", branch: "dev", name: "a" }))).toEqual({ ok: true, command: { cmd: "add-repo", url: "file:///a.git", branch: "dev", name: "a" } });
    expect(parseCommand(JSON.stringify({ cmd: "remove-repo", name: "a" }))).toEqual({ ok: true, command: { cmd: "remove-repo", name: "a" } });
    expect(parseCommand(JSON.stringify({ cmd: "workflow", gitUrl: "g", branch: "main", path: "w/x" })).ok).toBe(true);
  });
  it("refuses junk and unsafe names", () => {
    for (const line of ["nope", "null", "{}", JSON.stringify({ cmd: "remove-repo", name: "../.." }), JSON.stringify({ cmd: "add-repo", url: "u", name: ".session" }), JSON.stringify({ cmd: "exec" })]) {
      expect(parseCommand(line).ok, line).toBe(false);
    }
  });
});

describe("git output", () => {
  it("parses porcelain v1 status with branch, renames and quoted paths", () => {
    const out = ['## main...origin/main [ahead 1]', " M src/a.ts", "?? new.txt", "R  old.ts -> renamed.ts", 'A  "caf\\303\\251 menu.md"', ""].join("\n");
    expect(parsePorcelainStatus(out)).toEqual({
      branch: "main",
      files: [
        { path: "src/a.ts", status: "M" },
        { path: "new.txt", status: "??" },
        { path: "renamed.ts", status: "R" },
        { path: "café menu.md", status: "A" },
      ],
    });
    expect(parsePorcelainStatus("## No commits yet on main\n").branch).toBe("main");
    expect(parsePorcelainStatus("## HEAD (no branch)\n").branch).toBeNull();
  });
  it("keeps git's fatal lines as the message", () => {
    expect(gitMessage("Cloning into 'x'...\nfatal: repository 'https://h/x' not found\n")).toBe("fatal: repository 'https://h/x' not found");
    expect(gitMessage("")).toBe("git failed");
  });
});

describe("SDK message mapping", () => {
  it("maps assistant text, tool use, tool results and results", () => {
    expect(sdkMessageToEntries({ type: "assistant", message: { content: [{ type: "text", text: "hi" }, { type: "tool_use", id: "t1", name: "Bash", input: { command: "ls" } }] } })).toEqual([
      { role: "assistant", type: "text", text: "hi" },
      { role: "assistant", type: "tool_use", tool: { name: "Bash", id: "t1", input: { command: "ls" } } },
    ]);
    expect(sdkMessageToEntries({ type: "user", message: { content: [{ type: "tool_result", tool_use_id: "t1", content: [{ type: "text", text: "a\nb" }] }] } })).toEqual([
      { role: "tool", type: "tool_result", result: { toolUseId: "t1", isError: false, content: "a\nb" } },
    ]);
    const [r] = sdkMessageToEntries({ type: "result", subtype: "success", is_error: false, num_turns: 2, duration_ms: 5, total_cost_usd: 0, result: "done" });
    expect(r).toMatchObject({ role: "system", type: "result", result: { isError: false, text: "done", numTurns: 2 } });
    expect(sdkMessageToEntries({ type: "result", subtype: "error_max_turns", is_error: true, errors: ["too many"] })[0].result).toMatchObject({ isError: true, errors: ["too many"] });
  });
  it("skips our own echoed prompts and progress noise", () => {
    expect(sdkMessageToEntries({ type: "user", message: { content: "my prompt" } })).toEqual([]);
    expect(sdkMessageToEntries({ type: "stream_event" })).toEqual([]);
    expect(sdkMessageToEntries({ type: "system", subtype: "status" })).toEqual([]);
  });
  it("gives every entry a text for the message event", () => {
    expect(entryText({ role: "assistant", type: "tool_use", tool: { name: "Bash", input: { command: "ls" } } })).toBe('Bash {"command":"ls"}');
    expect(entryText({ role: "tool", type: "tool_result", result: "x".repeat(5000) }).length).toBe(4001);
  });
});

describe("offline summary and first turn", () => {
  it("summarises the prompt, repos and workflow, labelled offline", () => {
    const md = renderOfflineSummary({
      namespace: "demo",
      sessionName: "s",
      prompt: Array.from({ length: 14 }, (_, i) => `line ${i + 1}`).join("\n"),
      repos: [{ name: "code", url: "file:///c.git", branch: "main", status: "Failed", message: "fatal: nope\nmore" }],
      workflow: { name: "triage", gitUrl: "g", branch: "main", path: "w/triage", status: "Active", systemPrompt: "abc" },
      model: "m",
      now: new Date("2026-01-01T00:00:00Z"),
    });
    expect(md).toContain("offline runner");
    expect(md).toContain("14 lines");
    expect(md).toContain("    line 10");
    expect(md).not.toContain("line 11\n");
    expect(md).toContain("… 4 more lines");
    expect(md).toContain("Failed — fatal: nope");
    expect(md).toContain("System prompt: 3 characters");
  });
  it("puts the workflow's startup prompt ahead of the session's prompt", () => {
    expect(firstTurn("do x", "start")).toBe("start\n\ndo x");
    expect(firstTurn("do x", undefined)).toBe("do x");
    expect(firstTurn("  ", undefined)).toBe("");
  });
});

describe("InputQueue", () => {
  it("delivers pushed items in order and ends", async () => {
    const q = new InputQueue<number>();
    q.push(1);
    const got: number[] = [];
    const done = (async () => {
      for await (const n of q) got.push(n);
    })();
    q.push(2);
    await new Promise((r) => setTimeout(r, 5));
    q.push(3);
    q.end();
    q.push(4);
    await done;
    expect(got).toEqual([1, 2, 3]);
  });
});

it("computes Claude Code's project key for a workspace", () => {
  expect(projectKey("/tmp/ws-1/a.b")).toBe("-tmp-ws-1-a-b");
});
