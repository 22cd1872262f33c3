// The local operator: reconciles every AgenticSession of the cluster (CONTRACT.md §3–§6) through the
// Kubernetes API, running one runner process per running session on this machine.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { KubeConfig } from "@kubernetes/client-node";
import pino, { type Logger } from "pino";
import { SessionController } from "./controller";
import { SessionInformer } from "./informer";
import { Kube, pooledKubeConfig } from "./kube";
import { killOrphanRunners } from "./runner-process";
import { workspacesRoot } from "./workspace";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, "../..");
export const DEFAULT_RUNNER_ENTRY = path.join(REPO_ROOT, "local/runner/main.ts");

export interface OperatorOptions {
  kubeConfig: KubeConfig;
  dataDir: string;
  logger?: Logger;
  /** Idle time after which temporary workspace access ends (CONTRACT.md §6). Default 600. */
  tempContentIdleSeconds?: number;
  /** Runner processes at once (idle interactive ones included); further sessions wait in Pending. Default 32. */
  maxRunners?: number;
  /** Runners starting up at once; further launches wait. Default 4. */
  maxStarting?: number;
  /** Concurrent reconciles (never two for one session). Default 8. */
  workers?: number;
  maxRestarts?: number;
  /** Runner entry script (tests may swap in another). */
  runnerEntry?: string;
  runnerEnv?: NodeJS.ProcessEnv;
  resyncMs?: number;
}

export interface RunningOperator {
  stop(): Promise<void>;
  /** For tests and the benchmark. */
  controller: SessionController;
}

export async function startOperator(opts: OperatorOptions): Promise<RunningOperator> {
  const logger = opts.logger ?? pino({ level: "info" });
  const dataDir = path.resolve(opts.dataDir);
  const pool = pooledKubeConfig(opts.kubeConfig);
  const kubeConfig = pool.kubeConfig;
  const kube = new Kube(kubeConfig);
  const runnerEntry = opts.runnerEntry ?? DEFAULT_RUNNER_ENTRY;

  // Crash safety: whatever an earlier operator left running or registered points at processes
  // nobody supervises. End them; the reconcile of each session then converges from the truth.
  const orphans = await killOrphanRunners(workspacesRoot(dataDir), runnerEntry, logger);
  if (orphans > 0) logger.warn({ orphans }, "ended runners left by an earlier operator");
  try {
    for (const svc of await kube.listManagedServices()) await kube.deleteService(svc.namespace, svc.name);
  } catch (e) {
    logger.warn({ err: (e as Error).message }, "could not clear stale content services");
  }

  // The informer is built first so the controller can read its cache; keys flow once started.
  const informer: SessionInformer = new SessionInformer({ kc: kubeConfig, kube, logger, onKey: (k, rv, unseen) => controller.enqueue(k, rv, unseen), resyncMs: opts.resyncMs });
  const controller = new SessionController({
    cache: informer.cache,
    kube,
    dataDir,
    logger,
    tempContentIdleSeconds: opts.tempContentIdleSeconds ?? 600,
    maxRunners: opts.maxRunners ?? 32,
    maxStarting: opts.maxStarting ?? 4,
    ...(opts.maxRestarts !== undefined ? { maxRestarts: opts.maxRestarts } : {}),
    workers: opts.workers ?? 8,
    runnerEntry,
    runnerCwd: REPO_ROOT,
    runnerEnv: opts.runnerEnv ?? process.env,
  });
  await informer.start();
  logger.info({ sessions: informer.keys.size }, "session operator started");

  let stopped = false;
  return {
    controller,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Bounded: a hung request must not keep the process (or a test) from shutting down.
      await withDeadline(informer.stop(), 5000, () => logger.warn("session watch did not stop in time"));
      await withDeadline(controller.stopAll(), 15_000, () => logger.warn("runners did not all stop in time"));
      await pool.close();
      logger.info("session operator stopped");
    },
  };
}

function withDeadline(p: Promise<unknown>, ms: number, onLate: () => void): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      onLate();
      resolve();
    }, ms);
    void p.finally(() => {
      clearTimeout(t);
      resolve();
    });
  });
}
