// The API server alone, for tests that kill it: prints one JSON line with its address when ready.
import pino from "pino";
import { startApiServer } from "./index";

const dataDir = process.argv[2];
if (!dataDir) {
  console.error("usage: tsx local/apiserver/main.ts <data-dir> [port]");
  process.exit(2);
}
const server = await startApiServer({ dataDir, port: Number(process.argv[3] ?? 0), logger: pino({ level: process.env.LOG_LEVEL ?? "warn" }) });
process.stdout.write(JSON.stringify({ url: server.url, kubeconfig: server.kubeconfigPath }) + "\n");
const stop = () => void server.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
