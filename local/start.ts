// `npm start`: the embedded cluster (unless KUBECONFIG is set or we run in-cluster), a production build
// when none is current, and the console on PORT. Ctrl-C stops all of it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pino from "pino";
import { config, inCluster } from "../lib/config";
import { buildIsCurrent, recordBuild } from "./build-stamp";
import { startEmbeddedCluster, type EmbeddedCluster } from "./embedded";

const root = path.resolve(import.meta.dirname, "..");
const cfg = config();
if (cfg.LOG_FILE) mkdirSync(path.dirname(path.resolve(cfg.LOG_FILE)), { recursive: true });
const logFile = cfg.LOG_FILE ? createWriteStream(cfg.LOG_FILE, { flags: "a" }) : undefined;
const log = pino(
  { name: "start", level: cfg.LOG_LEVEL },
  logFile ? pino.multistream([{ stream: process.stdout }, { stream: logFile }]) : process.stdout,
);
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

function ensureBuild() {
  if (buildIsCurrent(root)) return;
  log.info("building the console (first start, or sources changed)…");
  const res = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (res.status !== 0) throw new Error(`next build failed (exit ${res.status})`);
  recordBuild(root);
}

async function main() {
  const external = Boolean(cfg.KUBECONFIG) || inCluster();
  // Filled in as things start; shutdown stops whatever is there.
  const running: { cluster?: EmbeddedCluster; console?: ChildProcess } = {};
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log.info("stopping…");
    const child = running.console;
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    await running.cluster?.stop().catch((e) => log.error({ err: e }, "cluster stop failed"));
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  if (external) {
    log.info(cfg.KUBECONFIG ? `using the cluster in KUBECONFIG=${cfg.KUBECONFIG}` : "running in-cluster; nothing local starts");
  } else {
    running.cluster = await startEmbeddedCluster({ dataDir: cfg.dataDir, port: cfg.KUBE_API_PORT, logger: log, tempContentIdleSeconds: cfg.TEMP_CONTENT_IDLE_SECONDS, operator: cfg.EMBEDDED_OPERATOR });
    const { apiServer, kubeconfigPath } = running.cluster;
    log.info(`embedded cluster at ${apiServer.url}; kubectl: KUBECONFIG=${kubeconfigPath} kubectl get as -A`);
  }

  ensureBuild();
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...(running.cluster
      ? {
          KUBECONFIG: running.cluster.kubeconfigPath,
          ALLOW_LOCAL_REPOS: process.env.ALLOW_LOCAL_REPOS ?? "true",
          // The seeded sample catalog (local/seed.ts) unless one is configured.
          WORKFLOW_CATALOG_URL: process.env.WORKFLOW_CATALOG_URL ?? pathToFileURL(path.join(path.resolve(cfg.dataDir), "git", "workflow-catalog.git")).href,
        }
      : {}) };
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(cfg.PORT), "-H", cfg.HOST], {
    cwd: root,
    stdio: logFile ? ["ignore", "pipe", "pipe"] : "inherit",
    env,
  });
  if (logFile) {
    // Tee the console's output so the whole stack's log is in one file.
    child.stdout?.on("data", (chunk) => (process.stdout.write(chunk), logFile.write(chunk)));
    child.stderr?.on("data", (chunk) => (process.stderr.write(chunk), logFile.write(chunk)));
  }
  running.console = child;
  child.once("exit", (code) => {
    if (!stopping) {
      log.error(`console exited (${code}); stopping`);
      void shutdown(code ?? 1);
    }
  });
  log.info(`console on http://${cfg.HOST === "0.0.0.0" ? "localhost" : cfg.HOST}:${cfg.PORT}`);
}

main().catch((e) => {
  log.fatal({ err: e }, "start failed");
  process.exit(1);
});
