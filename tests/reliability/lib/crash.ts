// Crash: SIGKILL of the whole embedded stack (API server + operator, one child process) at a random
// moment under write load, then a restart on the same DATA_DIR. Every acknowledged write must be
// there afterwards, and the operator must converge: no session left in a phase that lies about its
// runner (Running without a live runner, ended with one still alive), no orphan runner.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { pidFile } from "@/local/operator/runner-process";
import { workspaceDir } from "@/local/operator/workspace";
import { SESSION_API_VERSION, SESSION_GROUP, SESSION_KIND, SESSION_PLURAL, SESSION_VERSION, type AgenticSession } from "@/types/agentic-session";
import { ROOT } from "./route-fuzz";
import { alive } from "./stop";

const base = { group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL };
const NS = "demo";
const MARK = (c: number) => `reliability.test/crash-c${c}`;

interface Stack {
  child: ChildProcess;
  kc: KubeConfig;
}

async function startStack(dataDir: string): Promise<Stack> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "local/operator/testing/stack.ts"), dataDir], { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`stack exited with ${code}`)));
  });
  const kc = new KubeConfig();
  kc.loadFromFile((JSON.parse(line) as { kubeconfig: string }).kubeconfig);
  return { child, kc };
}

async function kill9(stack: Stack): Promise<void> {
  if (stack.child.exitCode !== null || stack.child.signalCode !== null) return;
  const exited = new Promise((r) => stack.child.once("exit", r));
  stack.child.kill("SIGKILL");
  await exited;
}

function runnerPid(dataDir: string, name: string): number | undefined {
  const f = pidFile(workspaceDir(dataDir, NS, name));
  if (!existsSync(f)) return undefined;
  const pid = Number(readFileSync(f, "utf8"));
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** A phase that does not match the runner: the lie the reference platform showed after crashes. */
export function lie(s: AgenticSession, runnerAlive: boolean): string | undefined {
  const phase = s.status?.phase;
  if (phase === "Running" && !runnerAlive) return "Running without a live runner";
  if ((phase === "Stopped" || phase === "Completed" || phase === "Failed") && runnerAlive) return `${phase} with a live runner`;
  if (phase === "Pending" || phase === "Creating" || phase === "Stopping" || phase === undefined) return `still ${phase ?? "without a phase"}`;
  return undefined;
}

export interface CrashFigures {
  rounds: number;
  acknowledgedWrites: number;
  attemptedWrites: number;
  /** Writes sent but not answered when the kill landed (either outcome is allowed for them). */
  inFlightAtKill: number;
  lostWrites: number;
  lostExamples: string[];
  acknowledgedCreates: number;
  lostCreates: number;
  orphanRunners: number;
  maxConvergeSeconds: number;
  notConverged: string[];
  restartSeconds: number[];
}

export async function runCrashRounds(opts: { rounds: number; writesPerRound: number; clients?: number; runningSessions?: number; convergeTimeoutMs?: number }): Promise<CrashFigures> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "rel-crash-"));
  const clients = opts.clients ?? 6;
  const figures: CrashFigures = { rounds: 0, acknowledgedWrites: 0, attemptedWrites: 0, inFlightAtKill: 0, lostWrites: 0, lostExamples: [], acknowledgedCreates: 0, lostCreates: 0, orphanRunners: 0, maxConvergeSeconds: 0, notConverged: [], restartSeconds: [] };
  // Per (session, client): the last counter acknowledged and the last one attempted.
  const acked = new Map<string, number>();
  const attempted = new Map<string, number>();
  const created: string[] = [];
  let stack = await startStack(dataDir);
  try {
    let api = stack.kc.makeApiClient(CustomObjectsApi);
    const running = Array.from({ length: opts.runningSessions ?? 3 }, (_, i) => `crash-run-${i}`);
    for (const name of running) await api.createNamespacedCustomObject({ ...base, namespace: NS, body: { apiVersion: SESSION_API_VERSION, kind: SESSION_KIND, metadata: { name }, spec: { initialPrompt: "stay", interactive: true } } });
    let counter = 0;
    for (let round = 0; round < opts.rounds; round++) {
      figures.rounds++;
      // Writers keep going until the kill, so some writes are in flight when it lands.
      let budget = opts.writesPerRound * 20;
      let dead = false;
      const writer = async (client: number) => {
        while (!dead && budget > 0) {
          budget--;
          const value = ++counter;
          const target = Math.random() < 0.15 ? undefined : running[Math.floor(Math.random() * running.length)];
          try {
            if (!target) {
              const name = `crash-new-${value}`;
              attempted.set(`create|${name}`, value);
              await api.createNamespacedCustomObject({ ...base, namespace: NS, body: { apiVersion: SESSION_API_VERSION, kind: SESSION_KIND, metadata: { name }, spec: { initialPrompt: "x", interactive: false } } });
              created.push(name);
              figures.acknowledgedCreates++;
            } else {
              const key = `${target}|${client}`;
              figures.attemptedWrites++;
              attempted.set(key, value);
              // Merge patch of the client's own key: a later write that lost an earlier one would show.
              await api.patchNamespacedCustomObject({ ...base, namespace: NS, name: target, body: { metadata: { annotations: { [MARK(client)]: String(value) } } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
              acked.set(key, value);
              figures.acknowledgedWrites++;
            }
          } catch {
            if (dead) return;
          }
          await new Promise((r) => setTimeout(r, 2 + Math.random() * 10));
        }
      };
      const writers = Array.from({ length: clients }, (_, c) => writer(c));
      // Let the load build up, then kill at a random moment.
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 2000));
      const pidsBefore = [...running, ...created].map((n) => runnerPid(dataDir, n)).filter((p): p is number => p !== undefined && alive(p));
      await kill9(stack);
      dead = true;
      await Promise.all(writers);
      figures.inFlightAtKill = figures.attemptedWrites - figures.acknowledgedWrites;

      const restartAt = Date.now();
      stack = await startStack(dataDir);
      figures.restartSeconds.push(Math.round((Date.now() - restartAt) / 100) / 10);
      api = stack.kc.makeApiClient(CustomObjectsApi);

      // Acknowledged writes survived (a value past the last acknowledged one is a write whose answer the kill ate).
      for (const [key, value] of acked) {
        const [name, client] = key.split("|");
        const s = (await api.getNamespacedCustomObject({ ...base, namespace: NS, name })) as AgenticSession;
        const stored = Number(s.metadata.annotations?.[MARK(Number(client))] ?? 0);
        if (stored < value || stored > (attempted.get(key) ?? value)) {
          figures.lostWrites++;
          if (figures.lostExamples.length < 10) figures.lostExamples.push(`round ${round}: ${key} acknowledged ${value}, stored ${stored}`);
        }
      }
      for (const name of created) {
        try {
          await api.getNamespacedCustomObject({ ...base, namespace: NS, name });
        } catch {
          figures.lostCreates++;
          if (figures.lostExamples.length < 10) figures.lostExamples.push(`round ${round}: created ${name} is gone`);
        }
      }

      // Convergence: every session tells the truth about its runner, and the old runners are gone.
      const convergeStart = Date.now();
      const deadline = convergeStart + (opts.convergeTimeoutMs ?? 45_000);
      let lies: string[] = [];
      for (;;) {
        const list = (await api.listNamespacedCustomObject({ ...base, namespace: NS })) as { items: AgenticSession[] };
        lies = list.items
          .map((s) => {
            const pid = runnerPid(dataDir, s.metadata.name!);
            const why = lie(s, pid !== undefined && alive(pid));
            return why && `${s.metadata.name}: ${why}`;
          })
          .filter((x): x is string => !!x);
        const orphans = pidsBefore.filter(alive);
        if ((lies.length === 0 && orphans.length === 0) || Date.now() > deadline) {
          figures.orphanRunners += orphans.length;
          break;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      figures.maxConvergeSeconds = Math.max(figures.maxConvergeSeconds, Math.round((Date.now() - convergeStart) / 100) / 10);
      if (lies.length) figures.notConverged.push(...lies.map((l) => `round ${round}: ${l}`));
    }
  } finally {
    await kill9(stack);
    // The last stack's runners: the test must not leave processes behind.
    const { killOrphanRunners } = await import("@/local/operator/runner-process");
    const pino = (await import("pino")).default;
    await killOrphanRunners(path.join(dataDir, "workspaces"), path.join(ROOT, "local/runner/main.ts"), pino({ level: "silent" })).catch(() => 0);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}
