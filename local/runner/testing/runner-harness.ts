// Test helpers: local bare git repos and the runner as a real child process.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const RUNNER_MAIN = path.join(import.meta.dirname, "..", "main.ts");

export function tmpDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=Test", ...args], { cwd, stdio: "pipe" }).toString();
}

/** A bare repo under `base` with one commit of `files` on `branch`; returns its file:// URL. */
export function makeBareRepo(base: string, name: string, files: Record<string, string>, branch = "main"): string {
  const bare = path.join(base, `${name}.git`);
  const work = path.join(base, `${name}-src`);
  git(base, "init", "-q", "--bare", bare);
  git(base, "init", "-q", "-b", branch, work);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(work, rel)), { recursive: true });
    writeFileSync(path.join(work, rel), content);
  }
  git(work, "add", ".");
  git(work, "commit", "-q", "-m", "initial");
  git(work, "push", "-q", bare, `${branch}:${branch}`);
  return `file://${bare}`;
}

export type Event = Record<string, unknown> & { event: string };

export interface RunnerProcess {
  child: ChildProcess;
  events: Event[];
  stderr: () => string;
  waitFor(pred: (e: Event) => boolean, timeoutMs?: number): Promise<Event>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  send(cmd: Record<string, unknown>): void;
}

// Credentials of the machine running the tests must never reach an offline test.
const MODEL_ENV = ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX", "CLAUDE_CODE_OAUTH_TOKEN"];

export function startRunner(base: string, cfg: Record<string, unknown>, env: Record<string, string> = {}): RunnerProcess {
  const cfgFile = path.join(base, `runner-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(cfgFile, JSON.stringify(cfg));
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const k of MODEL_ENV) delete childEnv[k];
  Object.assign(childEnv, env);
  const child = spawn(process.execPath, ["--import", "tsx", RUNNER_MAIN, cfgFile], { env: childEnv, stdio: ["pipe", "pipe", "pipe"] });
  const events: Event[] = [];
  const listeners = new Set<() => void>();
  let errText = "";
  let buf = "";
  child.stdout!.on("data", (d: Buffer) => {
    buf += d.toString("utf8");
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.trim()) continue;
      // Anything on stdout that is not a JSON event is a contract breach: let the test see it.
      events.push(JSON.parse(line) as Event);
      for (const l of listeners) l();
    }
  });
  child.stderr!.on("data", (d: Buffer) => (errText += d.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return {
    child,
    events,
    stderr: () => errText,
    exited,
    send: (cmd) => child.stdin!.write(JSON.stringify(cmd) + "\n"),
    waitFor(pred, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(pred);
          if (found) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for event; got ${JSON.stringify(events)}\nstderr: ${errText.slice(-2000)}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() =>
          setTimeout(() => {
            check();
            if (!listeners.has(check)) return;
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`runner exited before the event; got ${JSON.stringify(events)}\nstderr: ${errText.slice(-2000)}`));
          }, 50),
        );
        check();
      });
    },
  };
}
