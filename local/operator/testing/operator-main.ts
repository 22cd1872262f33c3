// The operator alone in its own process (for the benchmark, so its CPU and RSS are its own):
// `tsx local/operator/testing/operator-main.ts <kubeconfig> <dataDir> [maxRunners] [maxStarting]`; prints "ready".
import { KubeConfig } from "@kubernetes/client-node";
import pino from "pino";
import { startOperator } from "../index";

const [kubeconfig, dataDir, maxRunners, maxStarting] = process.argv.slice(2);
const kc = new KubeConfig();
kc.loadFromFile(kubeconfig);
const env = { ...process.env };
delete env.ANTHROPIC_API_KEY;
const op = await startOperator({ kubeConfig: kc, dataDir, logger: pino({ level: "warn" }, pino.destination(2)), runnerEnv: env, maxRunners: Number(maxRunners) || 32, maxStarting: Number(maxStarting) || 4 });
process.stdout.write("ready\n");
// Progress for the benchmark's log: queue depth, passes, writes, live runners.
setInterval(() => {
  const c = op.controller;
  process.stderr.write(`[operator] queue=${c.queue.length} live=${c.liveRunners()} ${JSON.stringify(c.stats)}\n`);
}, 10_000).unref();
process.on("SIGTERM", () => {
  void op.stop().then(() => process.exit(0));
});
