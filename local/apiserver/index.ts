// The embedded Kubernetes-compatible API server: HTTPS on loopback, SQLite storage, the
// resources sessions need. `startApiServer` is used by `npm start`, `npm run cluster` and tests.
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pino, { type Logger } from "pino";
import { stringify as toYaml } from "yaml";
import { PROJECT_DISPLAY_NAME_ANNOTATION, PROJECT_LABEL } from "../../types/agentic-session";
import { Authenticator, Authorizer, ensureAuthFiles } from "./auth";
import { Objects } from "./objects";
import { loadOrCreatePki } from "./pki";
import { BUILTIN_RESOURCES, loadCrds, Registry } from "./registry";
import { createRequestHandler } from "./server";
import { ApiError } from "./status";
import { Store } from "./store";
import { SchemaValidator } from "./validation";
import { WatchHub } from "./watch-hub";

export interface ApiServerOptions {
  dataDir: string;
  /** 0 picks a free port. Default 6443. */
  port?: number;
  host?: string;
  /** Folder of CRD YAML files served at start. Default: the repo's deploy/crds. */
  crdDir?: string;
  logger?: Logger;
  /** How long superseded versions are kept for watches and paged lists. Default 5 minutes. */
  compactionWindowMs?: number;
  bookmarkIntervalMs?: number;
}

export interface RunningApiServer {
  url: string;
  port: number;
  kubeconfigPath: string;
  demoKubeconfigPath: string;
  adminToken: string;
  demoToken: string;
  caPem: string;
  close(): Promise<void>;
}

const DEFAULT_CRD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../deploy/crds");

function kubeconfig(server: string, caPem: string, user: string, token: string, namespace: string): string {
  return toYaml({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "embedded", cluster: { server, "certificate-authority-data": Buffer.from(caPem).toString("base64") } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: "embedded", context: { cluster: "embedded", user, namespace } }],
    "current-context": "embedded",
  });
}

/** One API server per DATA_DIR: a second one would hand out the same resourceVersions. */
function takeLock(dataDir: string): () => void {
  const file = path.join(dataDir, "apiserver.pid");
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, "utf8"));
    let alive = false;
    if (pid && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
    }
    if (alive) throw new Error(`Another embedded API server (pid ${pid}) is using ${dataDir}. Stop it, or set DATA_DIR to another folder.`);
  }
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (readFileSync(file, "utf8") === String(process.pid)) unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
}

function seedNamespaces(objects: Objects, registry: Registry): void {
  const nsDef = registry.find("", "v1", "namespaces")!;
  const wanted = [
    { name: "default" },
    { name: "demo", labels: { [PROJECT_LABEL]: "true" }, annotations: { [PROJECT_DISPLAY_NAME_ANNOTATION]: "Demo project" } },
  ];
  for (const ns of wanted) {
    if (objects.tryGet(nsDef, "", ns.name)) continue;
    objects.create(nsDef, "", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns.name, labels: ns.labels, annotations: ns.annotations } });
  }
}

export async function startApiServer(opts: ApiServerOptions): Promise<RunningApiServer> {
  const log = opts.logger ?? pino({ level: "info" });
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = takeLock(dataDir);
  const pki = await loadOrCreatePki(dataDir);
  const tokenFile = path.join(dataDir, "tokens.csv");
  const policyFile = path.join(dataDir, "abac-policy.jsonl");
  const creds = ensureAuthFiles(tokenFile, policyFile);
  const registry = new Registry([...BUILTIN_RESOURCES, ...loadCrds(opts.crdDir ?? DEFAULT_CRD_DIR)]);
  const store = new Store(dataDir);
  const hub = new WatchHub();
  const objects = new Objects(store, registry, new SchemaValidator(), hub, log);
  seedNamespaces(objects, registry);
  const handler = createRequestHandler({ objects, registry, hub, authn: new Authenticator(tokenFile), authz: Authorizer.fromFile(policyFile), log, bookmarkIntervalMs: opts.bookmarkIntervalMs });
  const server = https.createServer({ cert: pki.certPem, key: pki.keyPem, keepAliveTimeout: 65_000, requestTimeout: 0 }, handler);
  // Every accepted socket, so close() can end them all (closeAllConnections misses some mid-request).
  const sockets = new Set<import("node:stream").Duplex>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("clientError", (err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      releaseLock();
      store.close();
      reject(e.code === "EADDRINUSE" ? new Error(`Port ${opts.port} is in use: set KUBE_API_PORT to a free port (or 0 for any).`) : e);
    });
    server.listen(opts.port ?? 6443, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://${host}:${port}`;
  const kubeconfigPath = path.join(dataDir, "kubeconfig");
  const demoKubeconfigPath = path.join(dataDir, "kubeconfig-demo");
  writeFileSync(kubeconfigPath, kubeconfig(url, pki.caPem, "admin", creds.adminToken, "default"), { mode: 0o600 });
  writeFileSync(demoKubeconfigPath, kubeconfig(url, pki.caPem, "demo", creds.demoToken, "demo"), { mode: 0o600 });

  // Compaction: keep superseded versions for a window, like etcd's periodic compaction.
  const windowMs = opts.compactionWindowMs ?? 5 * 60_000;
  const samples: Array<{ at: number; rv: number }> = [];
  const compactTimer = setInterval(() => {
    const now = Date.now();
    samples.push({ at: now, rv: store.currentRv });
    let target: number | undefined;
    while (samples.length && samples[0].at <= now - windowMs) target = samples.shift()!.rv;
    if (target !== undefined) {
      try {
        store.compact(target);
      } catch (e) {
        log.warn({ err: e }, "compaction failed");
      }
    }
  }, Math.max(1000, Math.min(60_000, windowMs / 5)));
  compactTimer.unref();
  log.info({ url, kubeconfig: kubeconfigPath }, "embedded API server listening");

  let closed = false;
  return {
    url,
    port,
    kubeconfigPath,
    demoKubeconfigPath,
    adminToken: creds.adminToken,
    demoToken: creds.demoToken,
    caPem: pki.caPem,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(compactTimer);
      handler.closeWatches();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      store.close();
      releaseLock();
    },
  };
}

export { ApiError };
