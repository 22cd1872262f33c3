// Stop means stop: while a client keeps the agent busy with follow-ups, a stop (or delete) must
// leave no runner process (nor any of its children) alive 5 s after `Stopped`, and no transcript
// line written after it.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CustomObjectsApi, type KubeConfig } from "@kubernetes/client-node";
import { pidFile } from "@/local/operator/runner-process";
import { workspaceDir } from "@/local/operator/workspace";
import { SESSION_API_VERSION, SESSION_GROUP, SESSION_KIND, SESSION_PLURAL, SESSION_VERSION, type AgenticSession } from "@/types/agentic-session";

const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL };
export const GONE_WITHIN_MS = 5000;

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The process and all its descendants (from `ps`), so a runner's own children are checked too. */
export function processTree(root: number): number[] {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number));
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, ppid] of rows) if (ppid === out[i]) out.push(pid);
  return out;
}

export function transcriptLines(dataDir: string, ns: string, name: string): number {
  const file = path.join(workspaceDir(dataDir, ns, name), ".session", "transcript.jsonl");
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).length : 0;
}

async function poll<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface StopRound {
  how: "stop" | "delete";
  /** From the request to `Stopped` (or the object gone). */
  requestToEndMs: number;
  /** From `Stopped` (or gone) to the last process of the runner's tree gone; -1: still alive. */
  processesGoneAfterMs: number;
  processes: number;
  messagesSentWhileStopping: number;
  transcriptLinesAfterEnd: number;
}

export async function stopRound(opts: {
  kc: KubeConfig;
  dataDir: string;
  namespace: string;
  name: string;
  how: "stop" | "delete";
  /** The console's stop (route handler); delete goes through the console too when given. */
  request: (how: "stop" | "delete") => Promise<number>;
  /** A follow-up for the agent (console messages route): keeps it writing to the transcript. */
  message: (text: string) => Promise<number>;
}): Promise<StopRound> {
  const api = opts.kc.makeApiClient(CustomObjectsApi);
  const { namespace, name } = opts;
  await api.createNamespacedCustomObject({ ...base, namespace, body: { apiVersion: SESSION_API_VERSION, kind: SESSION_KIND, metadata: { name }, spec: { initialPrompt: "Keep answering", interactive: true } } });
  const get = async () => (await api.getNamespacedCustomObject({ ...base, namespace, name })) as AgenticSession;
  await poll("Running", async () => (await get()).status?.phase === "Running", 60_000);
  const pid = await poll("runner pid", async () => {
    const f = pidFile(workspaceDir(opts.dataDir, namespace, name));
    return existsSync(f) && Number(readFileSync(f, "utf8"));
  }, 10_000);
  // The content server answers once the runner is up: wait until a follow-up is taken.
  await poll("a follow-up accepted", async () => (await opts.message("warm-up")) === 202, 20_000, 200);
  const tree = processTree(pid);

  // A busy agent: follow-ups keep coming while the stop is under way.
  let sending = true;
  let sent = 0;
  const chatter = (async () => {
    while (sending) {
      if ((await opts.message(`busy ${sent}`).catch(() => 0)) === 202) sent++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await new Promise((r) => setTimeout(r, 300));
  const requested = Date.now();
  const code = await opts.request(opts.how);
  if (code >= 300) throw new Error(`${opts.how} answered ${code}`);
  const endedAt = await poll(
    opts.how === "stop" ? "Stopped" : "deleted",
    async () => {
      if (opts.how === "stop") return (await get()).status?.phase === "Stopped" && Date.now();
      try {
        await get();
        return false;
      } catch (e) {
        return (e as { code?: number }).code === 404 && Date.now();
      }
    },
    30_000,
    20,
  );
  const linesAtEnd = transcriptLines(opts.dataDir, namespace, name);
  let goneAt = -1;
  while (Date.now() - endedAt <= GONE_WITHIN_MS) {
    if (!tree.some(alive)) {
      goneAt = Date.now();
      break;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  // Keep trying to talk to it for a while: nothing may reach the transcript any more.
  await new Promise((r) => setTimeout(r, 1500));
  sending = false;
  await chatter;
  const linesAfter = transcriptLines(opts.dataDir, namespace, name);
  return {
    how: opts.how,
    requestToEndMs: endedAt - requested,
    processesGoneAfterMs: goneAt < 0 ? -1 : Math.max(0, goneAt - endedAt),
    processes: tree.length,
    messagesSentWhileStopping: sent,
    transcriptLinesAfterEnd: opts.how === "delete" ? linesAfter : Math.max(0, linesAfter - linesAtEnd),
  };
}
