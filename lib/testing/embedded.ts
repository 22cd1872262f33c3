// Test helper: a fresh embedded API server on a free port with its own DATA_DIR.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import pino from "pino";
import { vi } from "vitest";
import { startApiServer, type ApiServerOptions, type RunningApiServer } from "../../local/apiserver/index";

export interface TestCluster {
  server: RunningApiServer;
  dataDir: string;
  admin: KubeConfig;
  demo: KubeConfig;
  close(): Promise<void>;
}

export async function startTestCluster(opts: Partial<ApiServerOptions> = {}): Promise<TestCluster> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sc-test-"));
  const server = await startApiServer({ dataDir, port: 0, logger: pino({ level: "silent" }), ...opts });
  const admin = new KubeConfig();
  admin.loadFromFile(server.kubeconfigPath);
  const demo = new KubeConfig();
  demo.loadFromFile(server.demoKubeconfigPath);
  return {
    server,
    dataDir,
    admin,
    demo,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Point the console's route handlers (called in-process, as Next calls them) at a test cluster:
 * its kubeconfig, proxy auth (the test sends each user's token in a header), quiet logs.
 */
export function pointRoutesAt(kubeconfigPath: string): void {
  vi.stubEnv("KUBECONFIG", kubeconfigPath);
  vi.stubEnv("AUTH_MODE", "proxy");
  vi.stubEnv("LOG_LEVEL", "silent");
}
