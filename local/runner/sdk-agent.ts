// Drives the Claude Agent SDK in the workspace. The SDK starts the Claude Code CLI (a native
// binary shipped as @anthropic-ai/claude-agent-sdk-<platform>); we spawn it ourselves so a SIGTERM
// can end it at once.
import { spawn, type ChildProcess } from "node:child_process";
import { query, type Options, type Query, type SDKMessage, type SDKUserMessage, type SpawnedProcess } from "@anthropic-ai/claude-agent-sdk";
import type { Agent, AgentContext } from "./agent";
import { readRunnerEnv } from "./config";
import { log } from "./events";
import { sdkMessageToEntries } from "./sdk-messages";
import { carryConversation, claudeConfigDir } from "./workspace";

/** A push-driven async iterable: the SDK's streaming input. */
export class InputQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | undefined;
  private ended = false;
  push(item: T): void {
    if (this.ended) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w({ value: item, done: false });
    } else this.items.push(item);
  }
  end(): void {
    this.ended = true;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w({ value: undefined, done: true });
    }
  }
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length) return Promise.resolve({ value: this.items.shift() as T, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
    };
  }
}

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
}

export function createSdkAgent(ctx: AgentContext): Agent {
  let input = new InputQueue<SDKUserMessage>();
  const children = new Set<ChildProcess>();
  const waiters: Waiter[] = [];
  const env = readRunnerEnv();
  let reportedId: string | undefined;
  let lastError: string | undefined;
  let closing = false;

  const reportSession = (id: string | undefined) => {
    if (!id || id === reportedId) return;
    reportedId = id;
    ctx.emit({ event: "sdk-session", id });
  };

  const resume = ctx.cfg.resumeSdkSessionId ?? undefined;
  if (resume) carryConversation(ctx.workspaceDir, resume);
  const wf = ctx.workflow();
  const options: Options = {
    cwd: ctx.workspaceDir,
    model: ctx.cfg.llmSettings.model,
    ...(resume ? { resume } : {}),
    systemPrompt: wf?.status === "Active" && wf.systemPrompt ? { type: "preset", preset: "claude_code", append: wf.systemPrompt } : { type: "preset", preset: "claude_code" },
    // The workspace is the session's own sandbox and nobody sits at a terminal to approve tools;
    // bypassPermissions is refused when running as root, so every request is approved here.
    permissionMode: "default",
    canUseTool: async (_name, input) => ({ behavior: "allow", updatedInput: input }),
    // A question tool would wait for a terminal that does not exist.
    disallowedTools: ["AskUserQuestion"],
    env: {
      ...process.env,
      // Conversations live with the workspace, so restart/continue can resume them.
      CLAUDE_CONFIG_DIR: claudeConfigDir(ctx.workspaceDir),
      CLAUDE_CODE_MAX_OUTPUT_TOKENS: String(ctx.cfg.llmSettings.maxTokens),
      DISABLE_TELEMETRY: "1",
      DISABLE_AUTOUPDATER: "1",
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    },
    ...(env.claudeExecutable ? { pathToClaudeCodeExecutable: env.claudeExecutable } : {}),
    stderr: (data) => log(`claude: ${data.trimEnd()}`),
    spawnClaudeCodeProcess: (o) => {
      log(`starting Claude Code: ${o.command}`);
      const child = spawn(o.command, o.args, { cwd: o.cwd, env: o.env as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"], signal: o.signal });
      child.stderr?.on("data", (d: Buffer) => log(`claude: ${d.toString("utf8").trimEnd()}`));
      child.on("error", (e) => log(`claude process error: ${e.message}`));
      children.add(child);
      child.on("exit", () => children.delete(child));
      return child as unknown as SpawnedProcess;
    },
  };

  let q: Query | undefined;
  let loop: Promise<void> | undefined;

  const settle = (err?: Error, all = false) => {
    const n = all ? waiters.length : Math.min(1, waiters.length);
    for (const w of waiters.splice(0, n)) {
      if (err) w.reject(err);
      else w.resolve();
    }
  };

  const consume = async () => {
    // After Claude Code ended unexpectedly, the next turn starts it again on the same conversation.
    const sessionToResume = reportedId ?? resume;
    q = query({ prompt: input, options: { ...options, ...(sessionToResume ? { resume: sessionToResume } : {}) } });
    try {
      for await (const msg of q as AsyncIterable<SDKMessage>) {
        const m = msg as unknown as { type: string; subtype?: string; session_id?: string; is_error?: boolean; errors?: string[]; result?: string; queued_turn_count?: number };
        if (m.session_id) reportSession(m.session_id);
        for (const entry of sdkMessageToEntries(m)) ctx.transcript.append(entry);
        if (m.type === "result") {
          if (m.is_error || m.subtype !== "success") {
            lastError = (m.errors && m.errors.join("; ")) || m.result || m.subtype || "agent error";
            settle(new Error(lastError), !m.queued_turn_count);
          } else settle(undefined, !m.queued_turn_count);
        }
      }
      settle(closing ? undefined : new Error(lastError ?? "the agent ended the conversation"), true);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      if (!closing) {
        ctx.transcript.append({ role: "system", type: "error", text: `Agent SDK error: ${err.message}` });
        settle(err, true);
      } else settle(undefined, true);
    } finally {
      if (!closing) {
        input.end();
        input = new InputQueue<SDKUserMessage>();
        loop = undefined;
      }
    }
  };

  const turn = (text: string): Promise<void> => {
    ctx.transcript.append({ role: "user", type: "text", text });
    const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    input.push({ type: "user", message: { role: "user", content: text }, parent_tool_use_id: null, origin: { kind: "human" } } as SDKUserMessage);
    loop ??= consume();
    return done;
  };

  return {
    async start(prompt) {
      if (resume) {
        reportSession(resume);
        ctx.transcript.append({ role: "system", type: "resume", text: `Resuming Agent SDK conversation ${resume}.` });
      }
      if (!prompt) return;
      await turn(prompt);
    },
    send: turn,
    async close() {
      closing = true;
      input.end();
      try {
        q?.close();
      } catch {
        // Already closed.
      }
      for (const child of children) child.kill("SIGTERM");
      // Give Claude Code a moment to exit, then make sure it is gone.
      const deadline = Date.now() + 1000;
      while (children.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      for (const child of children) child.kill("SIGKILL");
    },
  };
}
