// `npm run cluster`: the embedded API server and the local operator alone, in the foreground.
import pino from "pino";
import { config } from "../lib/config";
import { startEmbeddedCluster } from "./embedded";

const cfg = config();
const log = pino({ name: "cluster", level: cfg.LOG_LEVEL });

const cluster = await startEmbeddedCluster({ dataDir: cfg.dataDir, port: cfg.KUBE_API_PORT, logger: log, tempContentIdleSeconds: cfg.TEMP_CONTENT_IDLE_SECONDS, operator: cfg.EMBEDDED_OPERATOR });
log.info(`embedded cluster at ${cluster.apiServer.url}`);
console.log(`\nkubeconfig: ${cluster.kubeconfigPath}\n  export KUBECONFIG=${cluster.kubeconfigPath}\n  kubectl get as -A\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await cluster.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
