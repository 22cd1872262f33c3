// One runner child per running session: launched with its config file, read through its JSON-line
// stdout, steered through its stdin, stopped with SIGTERM. What it reports becomes the
// RunnerObservation the pure decision reads.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Logger } from "pino";
import type { RunnerLaunch, RunnerObservation } from "../../lib/session/reconcile";
import { workflowKey } from "../../lib/session/reconcile-repos";

export const STOP_GRACE_MS = 5000;
const STDERR_KEEP = 20;

export interface RunnerSpawnOptions {
  namespace: string;
  sessionName: string;
  workspaceDir: string;
  parentWorkspaceDir?: string;
  launch: RunnerLaunch;
  /** Absolute path of the runner's entry (local/runner/main.ts by default). */
  entry: string;
  /** Folder tsx resolves from. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  onChange: () => void;
}

function sessionDir(workspaceDir: string): string {
  return path.join(workspaceDir, ".session");
}

export function pidFile(workspaceDir: string): string {
  return path.join(sessionDir(workspaceDir), "runner.pid");
}

export class RunnerProcess {
  readonly obs: RunnerObservation;
  private child: ChildProcess | undefined;
  private readonly stderrTail: string[] = [];
  private exited: Promise<void>;
  private resolveExited!: () => void;

  constructor(private readonly opts: RunnerSpawnOptions) {
    const { launch } = opts;
    this.obs = {
      attempt: launch.attempt,
      launchedAt: new Date().toISOString(),
      state: "running",
      started: false,
      interactive: launch.interactive,
      stopRequested: false,
      restartCount: launch.restartCount,
      sentRepos: launch.repos.map((r) => r.url),
      repoReports: {},
      ...(launch.workflow ? { sentWorkflowKey: workflowKey(launch.workflow) } : {}),
    };
    this.exited = new Promise((r) => (this.resolveExited = r));
  }

  get alive(): boolean {
    return this.obs.state === "running";
  }

  /** Write the config and spawn; throws when the process cannot be started. */
  async start(): Promise<void> {
    const { opts } = this;
    const dir = sessionDir(opts.workspaceDir);
    mkdirSync(dir, { recursive: true });
    const configPath = path.join(dir, "runner-config.json");
    const { launch } = opts;
    const config = {
      namespace: opts.namespace,
      sessionName: opts.sessionName,
      workspaceDir: opts.workspaceDir,
      prompt: launch.prompt,
      interactive: launch.interactive,
      repos: launch.repos,
      ...(launch.workflow ? { workflow: launch.workflow } : {}),
      llmSettings: launch.llmSettings,
      ...(launch.resumeSdkSessionId ? { resumeSdkSessionId: launch.resumeSdkSessionId } : {}),
      ...(opts.parentWorkspaceDir ? { parentWorkspaceDir: opts.parentWorkspaceDir } : {}),
    };
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    const child = spawn(process.execPath, ["--import", "tsx", opts.entry, configPath], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", () => resolve());
      child.once("error", (e) => reject(e));
    });
    if (child.pid) writeFileSync(pidFile(opts.workspaceDir), String(child.pid));
    child.stdin?.on("error", () => {
      /* the runner went away; its exit is reported below */
    });
    createInterface({ input: child.stdout! }).on("line", (line) => this.onLine(line));
    createInterface({ input: child.stderr! }).on("line", (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > STDERR_KEEP) this.stderrTail.shift();
      opts.logger.debug({ session: `${opts.namespace}/${opts.sessionName}` }, line);
    });
    child.once("exit", (code, signal) => {
      this.obs.state = "exited";
      this.obs.exitCode = code;
      this.obs.exitSignal = signal;
      const tail = this.stderrTail.filter((l) => l.trim()).slice(-3).join(" | ");
      if (tail) this.obs.exitMessage = tail.slice(0, 1000);
      try {
        if (readFileSync(pidFile(opts.workspaceDir), "utf8") === String(child.pid)) rmSync(pidFile(opts.workspaceDir), { force: true });
      } catch {
        /* workspace already removed */
      }
      opts.logger.info({ session: `${opts.namespace}/${opts.sessionName}`, code, signal }, "runner exited");
      this.child = undefined; // the observation is all that is needed from here on
      this.resolveExited();
      opts.onChange();
    });
  }

  private onLine(line: string): void {
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const o = this.obs;
    switch (e.event) {
      case "started":
        o.started = true;
        break;
      case "content-server":
        if (typeof e.port === "number") o.contentPort = e.port;
        break;
      case "repo": {
        const name = String(e.name ?? "");
        const url = typeof e.url === "string" && e.url ? e.url : this.opts.launch.repos.find((r) => r.name === name)?.url ?? this.urlByName(name);
        if (!url) break;
        const status = e.status;
        if (status === "Removed") {
          const { [url]: _gone, ...rest } = o.repoReports;
          o.repoReports = rest;
        } else if (status === "Cloning" || status === "Ready" || status === "Failed") {
          o.repoReports = { ...o.repoReports, [url]: { name, status, at: now, ...(typeof e.message === "string" ? { message: e.message } : {}) } };
        }
        break;
      }
      case "workflow": {
        const status = e.status;
        if (o.sentWorkflowKey && (status === "Cloning" || status === "Active" || status === "Failed")) {
          o.workflowReport = { key: o.sentWorkflowKey, status, at: now, ...(typeof e.message === "string" ? { message: e.message } : {}) };
        }
        break;
      }
      case "sdk-session":
        if (typeof e.id === "string") o.sdkSessionId = e.id;
        break;
      default:
        return; // messages and "done" change nothing the operator decides on
    }
    this.opts.onChange();
  }

  private readonly addedNames = new Map<string, string>();
  private urlByName(name: string): string | undefined {
    return this.addedNames.get(name);
  }

  private send(cmd: Record<string, unknown>): void {
    if (!this.alive || !this.child?.stdin?.writable) return;
    this.child.stdin.write(JSON.stringify(cmd) + "\n");
  }

  addRepo(repo: { url: string; branch: string; name: string }): void {
    this.addedNames.set(repo.name, repo.url);
    this.obs.sentRepos = [...this.obs.sentRepos.filter((u) => u !== repo.url), repo.url];
    const { [repo.url]: _old, ...rest } = this.obs.repoReports;
    this.obs.repoReports = rest;
    this.send({ cmd: "add-repo", url: repo.url, branch: repo.branch, name: repo.name });
  }

  removeRepo(url: string, name: string): void {
    this.obs.sentRepos = this.obs.sentRepos.filter((u) => u !== url);
    const { [url]: _old, ...rest } = this.obs.repoReports;
    this.obs.repoReports = rest;
    this.send({ cmd: "remove-repo", name });
  }

  setWorkflow(wf: { gitUrl: string; branch: string; path: string }): void {
    this.obs.sentWorkflowKey = workflowKey(wf);
    delete this.obs.workflowReport;
    this.send({ cmd: "workflow", gitUrl: wf.gitUrl, branch: wf.branch, path: wf.path });
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves once the process is gone. */
  async stop(): Promise<void> {
    if (!this.alive || !this.child) return this.exited;
    if (!this.obs.stopRequested) {
      this.obs.stopRequested = true;
      this.child.kill("SIGTERM");
      const killer = setTimeout(() => this.child?.kill("SIGKILL"), STOP_GRACE_MS);
      killer.unref();
      void this.exited.then(() => clearTimeout(killer));
    }
    return this.exited;
  }
}

/** Whether a pid belongs to a runner of ours (not a recycled pid of something else). */
function isRunnerPid(pid: number, entry: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(entry);
  } catch {
    // No /proc (macOS): trust the pid file, which we remove on every clean exit.
    return true;
  }
}

/**
 * Runners left by an operator that was killed: after a restart the operator holds no runner, so any
 * that still runs is an orphan writing into a workspace nobody watches. End them all.
 */
export async function killOrphanRunners(workspacesDir: string, entry: string, logger: Logger): Promise<number> {
  if (!existsSync(workspacesDir)) return 0;
  const victims: number[] = [];
  for (const ns of readdirSync(workspacesDir)) {
    const nsDir = path.join(workspacesDir, ns);
    let names: string[];
    try {
      names = readdirSync(nsDir);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = pidFile(path.join(nsDir, name));
      if (!existsSync(file)) continue;
      const pid = Number(readFileSync(file, "utf8"));
      rmSync(file, { force: true });
      if (pid > 0 && isRunnerPid(pid, entry)) victims.push(pid);
    }
  }
  for (const pid of victims) {
    logger.warn({ pid }, "ending orphaned runner from an earlier operator");
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      /* gone */
    }
  }
  const deadline = Date.now() + STOP_GRACE_MS;
  while (victims.some((p) => isRunnerPid(p, entry)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const pid of victims) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
  return victims.length;
}
