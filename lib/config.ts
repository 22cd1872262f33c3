import path from "node:path";
import { z } from "zod";

// All configuration, read once from the environment and validated here (README lists every key).
const boolish = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address the console listens on; 0.0.0.0 in a container. */
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default(".data"),
  KUBE_API_PORT: z.coerce.number().int().min(0).max(65535).default(6443),
  KUBECONFIG: z.string().optional(),
  AUTH_MODE: z.enum(["local", "token", "proxy"]).default("local"),
  /** Also append every log line (console, API server, operator) to this file. */
  LOG_FILE: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Whether `file://` repo URLs are accepted (the embedded default allows them). */
  ALLOW_LOCAL_REPOS: boolish.optional(),
  /** Idle time after which temporary workspace access ends (CONTRACT.md §6). */
  TEMP_CONTENT_IDLE_SECONDS: z.coerce.number().int().min(1).default(600),
  /** Git URL of the workflow catalog (CONTRACT.md §7); the embedded default seeds one. */
  WORKFLOW_CATALOG_URL: z.string().optional(),
  WORKFLOW_CATALOG_BRANCH: z.string().default("main"),
  /** Run the local operator with the embedded cluster (off: sessions stay as written; used to show staleness). */
  EMBEDDED_OPERATOR: boolish.default(true),
});

export type Config = z.infer<typeof configSchema> & { dataDir: string };

let cached: Config | undefined;

/** The validated configuration; throws with every bad key named. */
export function config(env: NodeJS.ProcessEnv = process.env): Config {
  if (env === process.env && cached) return cached;
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const result = { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
  if (env === process.env) cached = result;
  return result;
}

/** True when the process runs inside a Kubernetes pod (service account mounted). */
export function inCluster(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT);
}
