import path from "node:path";

const dataDir = path.resolve(import.meta.dirname, "..", ".data-e2e");

/** Where the e2e stack lives: its own ports and DATA_DIR, fresh on every run. */
export const E2E = {
  port: 3100,
  baseURL: "http://127.0.0.1:3100",
  /** Consoles on the same embedded cluster in the other auth modes. */
  consoles: { token: "http://127.0.0.1:3101", proxy: "http://127.0.0.1:3102" },
  dataDir,
  kubeconfig: path.join(dataDir, "kubeconfig"),
  demoKubeconfig: path.join(dataDir, "kubeconfig-demo"),
};
