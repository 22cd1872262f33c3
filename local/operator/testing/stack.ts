// The whole embedded stack (API server + operator) in one process, for the kill -9 test:
// `tsx local/operator/testing/stack.ts <dataDir>` prints {"kubeconfig": ...} once ready.
import { KubeConfig } from "@kubernetes/client-node";
import pino from "pino";
import { startApiServer } from "../../apiserver/index";
import { startOperator } from "../index";

const dataDir = process.argv[2];
const server = await startApiServer({ dataDir, port: 0, logger: pino({ level: "silent" }) });
const kc = new KubeConfig();
kc.loadFromFile(server.kubeconfigPath);
const env = { ...process.env };
delete env.ANTHROPIC_API_KEY;
await startOperator({ kubeConfig: kc, dataDir, logger: pino({ level: "warn" }, pino.destination(2)), runnerEnv: env });
process.stdout.write(JSON.stringify({ kubeconfig: server.kubeconfigPath }) + "\n");
