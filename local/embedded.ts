import { KubeConfig } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { startApiServer, type RunningApiServer } from "./apiserver/index";
import { startOperator } from "./operator/index";
import { seedDemo } from "./seed";

export interface EmbeddedCluster {
  apiServer: RunningApiServer;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

/**
 * The one-command cluster: API server on loopback, the local operator reconciling through it (over
 * HTTPS, like any client), and the demo project seeded on first start.
 */
export async function startEmbeddedCluster(opts: {
  dataDir: string;
  port: number;
  logger: Logger;
  tempContentIdleSeconds: number;
  operator?: boolean;
}): Promise<EmbeddedCluster> {
  const apiServer = await startApiServer({ dataDir: opts.dataDir, port: opts.port, logger: opts.logger.child({ component: "apiserver" }) });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(apiServer.kubeconfigPath);
  let operator: { stop(): Promise<void> } | undefined;
  try {
    await seedDemo({ kubeConfig, dataDir: opts.dataDir, logger: opts.logger.child({ component: "seed" }) });
    if (opts.operator !== false) {
      operator = await startOperator({
        kubeConfig,
        dataDir: opts.dataDir,
        logger: opts.logger.child({ component: "operator" }),
        tempContentIdleSeconds: opts.tempContentIdleSeconds,
      });
    }
  } catch (e) {
    await apiServer.close();
    throw e;
  }
  return {
    apiServer,
    kubeconfigPath: apiServer.kubeconfigPath,
    async stop() {
      await operator?.stop();
      await apiServer.close();
    },
  };
}
