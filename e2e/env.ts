import path from "node:path";

/** Where the e2e stack lives: its own port and DATA_DIR, fresh on every run. */
export const E2E = {
  port: 3100,
  baseURL: "http://127.0.0.1:3100",
  dataDir: path.resolve(import.meta.dirname, "..", ".data-e2e"),
  get kubeconfig() {
    return path.join(this.dataDir, "kubeconfig");
  },
};
