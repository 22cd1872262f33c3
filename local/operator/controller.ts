// The effect layer: observe (runner, workspace, servers), ask the pure decision, carry it out.
// Writes carry the resourceVersion read; a 409 means re-read and decide again.
import { existsSync } from "node:fs";
import type { Logger } from "pino";
import { decide, DEFAULT_MAX_RESTARTS, type Action, type Decision, type Observed, type TempContentObservation } from "../../lib/session/reconcile";
import { ANNOTATIONS, type AgenticSession } from "../../types/agentic-session";
import { startContentServer, type ContentServer } from "../runner/content-server";
import { EventRecorder } from "./events";
import { httpCode, isConflict, isNotFound, type Kube } from "./kube";
import { WorkQueue } from "./queue";
import { RunnerProcess } from "./runner-process";
import { ensureWorkspace, removeWorkspace, workspaceDir } from "./workspace";

export interface ControllerOptions {
  kube: Kube;
  dataDir: string;
  logger: Logger;
  tempContentIdleSeconds: number;
  maxRunners: number;
  /** Runners starting up at once (node + tsx + SDK load is CPU-heavy); the rest wait in Pending. */
  maxStarting: number;
  maxRestarts?: number;
  workers: number;
  runnerEntry: string;
  runnerCwd: string;
  runnerEnv: NodeJS.ProcessEnv;
  /** Latest objects from the session watch (optional: without it every reconcile GETs). */
  cache?: ReadonlyMap<string, AgenticSession>;
}

const CONFLICT_RETRIES = 8;

export const contentServiceName = (session: string) => `ambient-content-${session}`;
export const tempServiceName = (session: string) => `temp-content-${session}`;

function splitKey(key: string): [string, string] {
  const i = key.indexOf("/");
  return [key.slice(0, i), key.slice(i + 1)];
}

export class SessionController {
  readonly queue: WorkQueue;
  private readonly runners = new Map<string, RunnerProcess>();
  private readonly contentServices = new Map<string, number>();
  private readonly temps = new Map<string, { server?: ContentServer; obs: TempContentObservation }>();
  private readonly launchErrors = new Map<string, { attempt: string; message: string }>();
  private readonly waitingForSlot = new Set<string>();
  private launching = 0;
  /** resourceVersion of the object our last write for a key produced. */
  private readonly lastWritten = new Map<string, string>();
  private readonly pendingEvents = new Set<Promise<unknown>>();
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  /** Reconcile passes and status writes, for the benchmark and tests. */
  readonly stats = { passes: 0, statusWrites: 0, conflicts: 0, launches: 0 };

  constructor(private readonly o: ControllerOptions) {
    this.log = o.logger;
    this.recorder = new EventRecorder(o.kube.core);
    this.queue = new WorkQueue((k) => this.reconcile(k), { concurrency: o.workers }, (key, e) =>
      this.log.warn({ key, err: (e as Error).message }, "reconcile failed; will retry"),
    );
  }

  private fromCache(key: string): AgenticSession | undefined {
    const cached = this.o.cache?.get(key);
    if (!cached) return undefined;
    const mine = Number(this.lastWritten.get(key) ?? 0);
    const theirs = Number(cached.metadata.resourceVersion);
    // resourceVersions are opaque; compare only when both are plain numbers (etcd and ours are).
    if (!Number.isSafeInteger(mine) || !Number.isSafeInteger(theirs) || theirs < mine) return undefined;
    return structuredClone(cached);
  }

  /** A watch event for `key`; the echo of our own last write needs no second look. */
  enqueue(key: string, resourceVersion?: string, unseen = false): void {
    if (resourceVersion !== undefined && this.lastWritten.get(key) === resourceVersion) return;
    this.queue.add(key, unseen);
  }

  /** Runners alive or being launched (a launch in flight holds its slot). */
  liveRunners(): number {
    let n = this.launching;
    for (const r of this.runners.values()) if (r.alive) n++;
    return n;
  }

  /** Runners still starting up (launched, `started` not yet reported): the CPU-heavy part. */
  startingRunners(): number {
    let n = this.launching;
    for (const r of this.runners.values()) if (r.alive && !r.obs.started) n++;
    return n;
  }

  private freeSlots(): number {
    return Math.min(this.o.maxRunners - this.liveRunners(), this.o.maxStarting - this.startingRunners());
  }

  /** End every runner and server this operator holds (operator shutdown). */
  async stopAll(): Promise<void> {
    await this.queue.shutDown(5000);
    if (this.queue.length > 0) this.log.warn({ inFlight: this.queue.length }, "reconciles still in flight at shutdown");
    await Promise.allSettled([...this.runners.values()].map((r) => r.stop()));
    await Promise.allSettled([...this.pendingEvents]);
    await Promise.allSettled([...this.temps.values()].map((t) => t.server?.close()));
    const services = [
      ...[...this.contentServices.keys()].map((k) => [splitKey(k)[0], contentServiceName(splitKey(k)[1])] as const),
      ...[...this.temps.keys()].map((k) => [splitKey(k)[0], tempServiceName(splitKey(k)[1])] as const),
    ];
    await Promise.race([Promise.allSettled(services.map(([ns, svc]) => this.o.kube.deleteService(ns, svc))), new Promise((r) => setTimeout(r, 2000))]);
  }

  private wsDir(ns: string, name: string): string {
    return workspaceDir(this.o.dataDir, ns, name);
  }

  private async observe(key: string, s: AgenticSession): Promise<Observed> {
    const [ns, name] = splitKey(key);
    const runner = this.runners.get(key);
    const parentId = s.metadata.annotations?.[ANNOTATIONS.parentSessionId];
    let parent: Observed["parent"];
    const phase = s.status?.phase;
    if (parentId && parentId !== name && (phase === undefined || phase === "Pending")) {
      try {
        const p = await this.o.kube.getSession(ns, parentId);
        parent = { name: parentId, sdkSessionId: p.status?.sdkSessionId, workspaceExists: existsSync(this.wsDir(ns, parentId)) };
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    const temp = this.temps.get(key);
    const launchError = this.launchErrors.get(key);
    return {
      ...(runner ? { runner: runner.obs } : {}),
      workspaceExists: existsSync(this.wsDir(ns, name)),
      ...(this.contentServices.has(key) ? { contentServicePort: this.contentServices.get(key) } : {}),
      ...(temp ? { tempContent: temp.obs } : {}),
      ...(parent ? { parent } : {}),
      ...(launchError ? { launchError } : {}),
      runnerSlotFree: runner?.alive === true || this.freeSlots() > 0,
    };
  }

  private async reconcile(key: string): Promise<{ requeueAfterMs?: number }> {
    const [ns, name] = splitKey(key);
    for (let attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
      this.stats.passes++;
      let s: AgenticSession;
      try {
        // First look from the watch cache when it is at least as new as our own last write; a
        // stale read costs only a 409 and a fresh GET, never a wrong write.
        const cached = attempt === 0 ? this.fromCache(key) : undefined;
        s = cached ?? (await this.o.kube.getSession(ns, name));
      } catch (e) {
        if (isNotFound(e)) {
          await this.cleanup(key);
          return {};
        }
        throw e;
      }
      const obs = await this.observe(key, s);
      const d = decide(s, obs, new Date(), { tempContentIdleSeconds: this.o.tempContentIdleSeconds, maxRestarts: this.o.maxRestarts ?? DEFAULT_MAX_RESTARTS });
      const pre = await this.runPreActions(key, s, d);
      if (pre === "retry") continue;
      if (pre === "wait") return { requeueAfterMs: 1000 };
      let current = s;
      try {
        if (d.finalizers) current = await this.o.kube.patchMetadata(current, { finalizers: d.finalizers });
        if (d.status) {
          current = await this.o.kube.patchStatus(current, d.status);
          this.stats.statusWrites++;
          // Recorded as soon as the transition is stored: a later conflict re-decides from the new
          // status and would not see these changes again.
          this.recordEvents(key, current, d);
        }
        if (d.annotations) current = await this.o.kube.patchMetadata(current, { annotations: d.annotations });
      } catch (e) {
        if (isConflict(e)) {
          this.stats.conflicts++;
          continue;
        }
        if (isNotFound(e)) return {};
        throw e;
      }
      if (current !== s && current.metadata.resourceVersion) this.lastWritten.set(key, current.metadata.resourceVersion);
      if (s.metadata.deletionTimestamp) return {};
      await this.runPostActions(key, current, d.actions);
      if (current.status?.phase === "Pending" && !obs.runnerSlotFree) this.waitingForSlot.add(key);
      return d.requeueAfterMs !== undefined ? { requeueAfterMs: d.requeueAfterMs } : {};
    }
    throw new Error(`gave up after ${CONFLICT_RETRIES} conflicting writes`);
  }

  private recordEvents(key: string, session: AgenticSession, d: Decision): void {
    for (const ev of d.events) {
      // Not awaited (the timeline may lag a moment), but tracked so shutdown waits for it.
      const p = this.recorder.record(session, ev).catch((err) => this.log.warn({ key, err: (err as Error).message }, "event not recorded"));
      this.pendingEvents.add(p);
      void p.finally(() => this.pendingEvents.delete(p));
    }
  }

  /** Effects the status write depends on: the runner must exist before status says it does. */
  private async runPreActions(key: string, s: AgenticSession, d: Decision): Promise<"ok" | "retry" | "wait"> {
    const [ns, name] = splitKey(key);
    for (const a of d.actions) {
      if (a.type === "cleanup") {
        await this.cleanup(key);
      } else if (a.type === "ensureWorkspace") {
        try {
          ensureWorkspace(this.wsDir(ns, name), a.copyFromParent ? this.wsDir(ns, a.copyFromParent) : undefined);
        } catch (e) {
          const attempt = d.actions.find((x) => x.type === "startRunner");
          this.launchErrors.set(key, { attempt: attempt?.type === "startRunner" ? attempt.launch.attempt : "", message: `Workspace: ${(e as Error).message}` });
          return "retry";
        }
      } else if (a.type === "startRunner") {
        const existing = this.runners.get(key);
        if (!existing?.alive && this.freeSlots() <= 0) {
          // Another worker took the last slot since we looked: wait, write nothing.
          this.waitingForSlot.add(key);
          return "wait";
        }
        if (existing?.alive) await existing.stop();
        const runner = new RunnerProcess({
          namespace: ns,
          sessionName: name,
          workspaceDir: this.wsDir(ns, name),
          ...(a.launch.parentSessionName ? { parentWorkspaceDir: this.wsDir(ns, a.launch.parentSessionName) } : {}),
          launch: a.launch,
          entry: this.o.runnerEntry,
          cwd: this.o.runnerCwd,
          env: this.o.runnerEnv,
          logger: this.log,
          onChange: () => this.onRunnerChange(key, runner),
        });
        this.launching++;
        try {
          await runner.start();
          this.stats.launches++;
        } catch (e) {
          this.launchErrors.set(key, { attempt: a.launch.attempt, message: `Runner could not be started: ${(e as Error).message}` });
          return "retry";
        } finally {
          this.launching--;
        }
        this.runners.set(key, runner);
        this.launchErrors.delete(key);
        this.waitingForSlot.delete(key);
      }
    }
    return "ok";
  }

  private onRunnerChange(key: string, runner: RunnerProcess): void {
    if (this.runners.get(key) !== runner) return;
    this.queue.add(key, true);
    // An ended runner frees a slot; one that has started frees a start-up slot.
    if (!runner.alive || runner.obs.started) this.wakeWaiting();
  }

  /** Slots are free: wake as many sessions waiting in Pending as there are slots, oldest first. */
  private wakeWaiting(): void {
    if (this.waitingForSlot.size === 0) return;
    let free = this.freeSlots();
    for (const k of this.waitingForSlot) {
      if (free-- <= 0) break;
      this.waitingForSlot.delete(k);
      this.queue.add(k, true);
    }
  }

  private async runPostActions(key: string, s: AgenticSession, actions: Action[]): Promise<void> {
    const [ns, name] = splitKey(key);
    const runner = this.runners.get(key);
    for (const a of actions) {
      switch (a.type) {
        case "stopRunner":
          void runner?.stop();
          break;
        case "addRepo":
          runner?.addRepo({ url: a.url, branch: a.branch, name: a.name });
          break;
        case "removeRepo":
          runner?.removeRepo(a.url, a.name);
          break;
        case "setWorkflow":
          runner?.setWorkflow({ gitUrl: a.gitUrl, branch: a.branch, path: a.path });
          break;
        case "registerContentService":
          try {
            await this.o.kube.ensureService({ namespace: ns, serviceName: contentServiceName(name), session: s, port: a.port });
            this.contentServices.set(key, a.port);
          } catch (e) {
            this.log.warn({ key, err: (e as Error).message }, "content service not registered");
            // 422: the name can never be valid (e.g. a session name with dots); do not retry forever.
            if (httpCode(e) === 422) this.contentServices.set(key, a.port);
            else this.queue.addAfter(key, 2000);
          }
          break;
        case "unregisterContentService":
          await this.o.kube.deleteService(ns, contentServiceName(name));
          this.contentServices.delete(key);
          break;
        case "startTempContent":
          await this.startTemp(key, s);
          break;
        case "stopTempContent":
          await this.stopTemp(key);
          break;
        default:
          break;
      }
    }
  }

  private async startTemp(key: string, s: AgenticSession): Promise<void> {
    const [ns, name] = splitKey(key);
    const startedAt = new Date().toISOString();
    let server: ContentServer | undefined;
    try {
      server = await startContentServer({ workspaceDir: this.wsDir(ns, name), allowMessages: false });
      await this.o.kube.ensureService({ namespace: ns, serviceName: tempServiceName(name), session: s, port: server.port });
      this.temps.set(key, { server, obs: { state: "ready", port: server.port, startedAt } });
    } catch (e) {
      await server?.close().catch(() => {});
      this.temps.set(key, { obs: { state: "failed", startedAt, message: (e as Error).message } });
    }
    this.queue.add(key);
  }

  private async stopTemp(key: string): Promise<void> {
    const [ns, name] = splitKey(key);
    const temp = this.temps.get(key);
    this.temps.delete(key);
    await temp?.server?.close().catch(() => {});
    await this.o.kube.deleteService(ns, tempServiceName(name));
  }

  /** The session is being deleted or is gone: end its runner, servers and workspace. */
  private async cleanup(key: string): Promise<void> {
    const [ns, name] = splitKey(key);
    const runner = this.runners.get(key);
    if (runner) await runner.stop();
    this.runners.delete(key);
    if (this.temps.has(key)) await this.stopTemp(key);
    if (this.contentServices.has(key)) await this.o.kube.deleteService(ns, contentServiceName(name));
    this.contentServices.delete(key);
    this.launchErrors.delete(key);
    this.waitingForSlot.delete(key);
    this.lastWritten.delete(key);
    removeWorkspace(this.wsDir(ns, name));
  }
}
