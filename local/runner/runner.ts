// One session's run: workspace, content server, clones, workflow, agent, and the operator's
// stdin commands. Events go out through `emit`; main.ts wires it to the process.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { isSafeSegment } from "../../lib/workspace/paths";
import { firstTurn, type Agent, type RepoState, type WorkflowState } from "./agent";
import { repoSchema, workflowName, workflowSchema, type RepoSpec, type RunnerConfig, type RunnerEnv, type WorkflowSpec } from "./config";
import { startContentServer, type ContentServer } from "./content-server";
import { log, type Emit } from "./events";
import { cloneRepo } from "./git";
import { createOfflineAgent } from "./offline-agent";
import { createSdkAgent } from "./sdk-agent";
import { Transcript } from "./transcript";
import { applyWorkflow, copyParentWorkspace, ensureLayout, isFreshWorkspace, SESSION_DIR } from "./workspace";

export type StdinCommand =
  | { cmd: "add-repo"; url: string; branch: string; name: string }
  | { cmd: "remove-repo"; name: string }
  | { cmd: "workflow"; gitUrl: string; branch: string; path: string };

/** Parse one stdin line into a command, or say why not. Pure. */
export function parseCommand(line: string): { ok: true; command: StdinCommand } | { ok: false; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  const cmd = (raw as { cmd?: unknown } | null)?.cmd;
  if (cmd === "add-repo") {
    const r = repoSchema.safeParse(raw);
    return r.success ? { ok: true, command: { cmd, ...r.data } } : { ok: false, reason: r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  }
  if (cmd === "remove-repo") {
    const name = (raw as { name?: unknown }).name;
    return typeof name === "string" && isSafeSegment(name) ? { ok: true, command: { cmd, name } } : { ok: false, reason: "name must be a single folder name" };
  }
  if (cmd === "workflow") {
    const r = workflowSchema.safeParse(raw);
    return r.success ? { ok: true, command: { cmd, ...r.data } } : { ok: false, reason: r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  }
  return { ok: false, reason: `unknown cmd ${JSON.stringify(cmd)}` };
}

export class SessionRunner {
  private readonly ws: string;
  private readonly repos = new Map<string, RepoState>();
  private workflow: WorkflowState | undefined;
  private transcript!: Transcript;
  private server: ContentServer | undefined;
  private agent: Agent | undefined;
  private pending: string[] = [];
  private messageChain: Promise<void> = Promise.resolve();
  // Repo and workflow changes touch the same folders: one at a time, in arrival order.
  private opsChain: Promise<void> = Promise.resolve();
  private stopping = false;
  // Aborts running git children on stop, so no clone outlives the runner.
  private readonly abort = new AbortController();
  private stopRequested!: () => void;
  private readonly stopped = new Promise<void>((resolve) => (this.stopRequested = resolve));

  constructor(
    private readonly cfg: RunnerConfig,
    private readonly env: RunnerEnv,
    private readonly emit: Emit,
    private readonly stdin: NodeJS.ReadableStream | undefined = process.stdin,
  ) {
    this.ws = cfg.workspaceDir;
  }

  /** Run to the end: resolves with the exit code. */
  async run(): Promise<number> {
    this.emit({ event: "started" });
    if (this.cfg.parentWorkspaceDir && isFreshWorkspace(this.ws)) {
      if (copyParentWorkspace(this.cfg.parentWorkspaceDir, this.ws)) log(`workspace copied from ${this.cfg.parentWorkspaceDir}`);
      else log(`parent workspace ${this.cfg.parentWorkspaceDir} not found; starting empty`);
    }
    mkdirSync(this.ws, { recursive: true });
    ensureLayout(this.ws);
    rmSync(path.join(this.ws, SESSION_DIR, "tmp"), { recursive: true, force: true });
    this.transcript = new Transcript(this.ws, this.emit);

    this.server = await startContentServer({
      workspaceDir: this.ws,
      allowMessages: this.cfg.interactive,
      onMessage: (text) => this.takeMessage(text),
    });
    this.emit({ event: "content-server", port: this.server.port });
    this.listenStdin();

    for (const repo of this.cfg.repos) await this.untilStop(this.enqueueOp(() => this.addRepo(repo)));
    if (this.cfg.workflow && !this.stopping) await this.untilStop(this.enqueueOp(() => this.setWorkflow(this.cfg.workflow as WorkflowSpec)));
    if (this.stopping) return this.finish();

    this.agent = this.env.hasModelCredentials ? createSdkAgent(this.context()) : createOfflineAgent(this.context());
    log(this.env.hasModelCredentials ? "agent: Claude Agent SDK" : "agent: offline runner (no model credentials)");
    // Continuing an interactive conversation: the first prompt was answered in an earlier run.
    const resumingChat = !!this.cfg.resumeSdkSessionId && this.cfg.interactive;
    const first = resumingChat ? "" : firstTurn(this.cfg.prompt, this.workflow?.status === "Active" ? this.workflow.startupPrompt : undefined);
    try {
      await this.untilStop(this.agent.start(first));
    } catch (e) {
      if (this.stopping) return this.finish();
      log(`agent failed: ${(e as Error).message}`);
      if (!this.cfg.interactive) return this.finish(1);
      this.transcript.append({ role: "system", type: "error", text: `The agent failed on the first prompt: ${(e as Error).message}` });
    }
    if (!this.cfg.interactive) {
      if (this.stopping) return this.finish();
      this.emit({ event: "done" });
      return this.finish(0);
    }
    for (const text of this.pending.splice(0)) this.chainMessage(text);
    await this.stopped;
    return this.finish();
  }

  private untilStop<T>(p: Promise<T>): Promise<T | void> {
    return Promise.race([p, this.stopped]);
  }

  /** SIGTERM: end promptly. Interactive runs exit 0; an interrupted batch run did not finish. */
  requestStop(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.abort.abort();
    this.stopRequested();
  }

  private exitCodeOnStop(): number {
    return this.cfg.interactive ? 0 : 143;
  }

  private async finish(code?: number): Promise<number> {
    await Promise.race([
      Promise.allSettled([this.agent?.close(), this.server?.close()]),
      new Promise((r) => setTimeout(r, 1500)),
    ]);
    return code ?? (this.stopping ? this.exitCodeOnStop() : 0);
  }

  private context() {
    return {
      cfg: this.cfg,
      workspaceDir: this.ws,
      transcript: this.transcript,
      emit: this.emit,
      repos: () => [...this.repos.values()],
      workflow: () => this.workflow,
    };
  }

  private takeMessage(text: string): void {
    if (!this.agent) this.pending.push(text);
    else this.chainMessage(text);
  }

  private chainMessage(text: string): void {
    const agent = this.agent as Agent;
    this.messageChain = this.messageChain
      .then(() => agent.send(text))
      .catch((e: Error) => {
        if (this.stopping) return;
        log(`follow-up failed: ${e.message}`);
        this.transcript.append({ role: "system", type: "error", text: `The agent failed on a follow-up: ${e.message}` });
      });
  }

  private enqueueOp(op: () => Promise<void>): Promise<void> {
    const next = this.opsChain.then(op, op);
    this.opsChain = next.catch((e: Error) => log(`operation failed: ${e.message}`));
    return this.opsChain;
  }

  private async addRepo(repo: RepoSpec): Promise<void> {
    const state: RepoState = { name: repo.name, url: repo.url, branch: repo.branch, status: "Cloning" };
    this.repos.set(repo.name, state);
    this.emit({ event: "repo", name: repo.name, url: repo.url, status: "Cloning" });
    const r = await cloneRepo(repo.url, repo.branch, path.join(this.ws, repo.name), { tmpDir: path.join(this.ws, SESSION_DIR, "tmp"), signal: this.abort.signal });
    if (r.ok) {
      state.status = "Ready";
      this.emit({ event: "repo", name: repo.name, url: repo.url, status: "Ready", ...(r.reused ? { message: "already cloned" } : {}) });
    } else {
      state.status = "Failed";
      state.message = r.message;
      log(`clone of ${repo.url} failed: ${r.message}`);
      this.emit({ event: "repo", name: repo.name, url: repo.url, status: "Failed", message: r.message });
    }
  }

  private async removeRepo(name: string): Promise<void> {
    const dir = path.join(this.ws, name);
    if (existsSync(dir) && !["artifacts", "workflows", SESSION_DIR].includes(name)) rmSync(dir, { recursive: true, force: true });
    this.repos.delete(name);
    this.emit({ event: "repo", name, status: "Removed" });
  }

  private async setWorkflow(wf: WorkflowSpec): Promise<void> {
    const name = workflowName(wf);
    const state: WorkflowState = { name, gitUrl: wf.gitUrl, branch: wf.branch, path: wf.path, status: "Cloning" };
    this.workflow = state;
    this.emit({ event: "workflow", name, status: "Cloning" });
    const r = await applyWorkflow(this.ws, wf, name, this.abort.signal);
    if (!r.ok) {
      state.status = "Failed";
      state.message = r.message;
      this.emit({ event: "workflow", name, status: "Failed", message: r.message });
      return;
    }
    state.status = "Active";
    state.systemPrompt = r.ambient.systemPrompt;
    state.startupPrompt = r.ambient.startupPrompt;
    this.emit({ event: "workflow", name, status: "Active" });
  }

  private listenStdin(): void {
    if (!this.stdin) return;
    const rl = createInterface({ input: this.stdin, crlfDelay: Infinity });
    rl.on("line", (line) => {
      if (!line.trim()) return;
      const parsed = parseCommand(line);
      if (!parsed.ok) return log(`ignored stdin command (${parsed.reason}): ${line.slice(0, 200)}`);
      const c = parsed.command;
      if (c.cmd === "add-repo") void this.enqueueOp(() => this.addRepo(c));
      else if (c.cmd === "remove-repo") void this.enqueueOp(() => this.removeRepo(c.name));
      else
        void this.enqueueOp(async () => {
          await this.setWorkflow(c);
          const wf = this.workflow;
          if (!this.agent || wf?.status !== "Active") return;
          this.transcript.append({ role: "system", type: "workflow", text: `Workflow ${wf.name} is now active.` });
          if (wf.startupPrompt && this.cfg.interactive) this.chainMessage(wf.startupPrompt);
        });
    });
    // The operator may spawn us without stdin; that is not a reason to stop.
    rl.on("error", () => undefined);
  }
}
