import "server-only";
import { createHash } from "node:crypto";
import { KubeConfig, type Cluster } from "@kubernetes/client-node";
import { config, inCluster } from "../config";
import type { Identity } from "./identity";
import { pooledKubeConfig } from "./pool";

// One KubeConfig per identity with its own connection pool, so connections and TLS sessions are reused.
const MAX_CACHED = 200;
const byIdentity = new Map<string, { kubeConfig: KubeConfig; close(): Promise<void> }>();
let base: KubeConfig | undefined;

/** The configured cluster: KUBECONFIG, else in-cluster service account, else the default locations. */
export function baseKubeConfig(): KubeConfig {
  if (base) return base;
  const kc = new KubeConfig();
  const { KUBECONFIG } = config();
  if (KUBECONFIG) kc.loadFromFile(KUBECONFIG);
  else if (inCluster()) kc.loadFromCluster();
  else kc.loadFromDefault();
  if (!kc.getCurrentCluster()) throw new Error("No Kubernetes cluster configured (set KUBECONFIG or run in-cluster)");
  base = kc;
  return kc;
}

function cacheKey(identity: Identity): string {
  return identity.kind === "local" ? "local" : `token:${createHash("sha256").update(identity.token).digest("hex")}`;
}

/** A KubeConfig that talks to the configured cluster as `identity`. */
export function kubeConfigFor(identity: Identity): KubeConfig {
  const key = cacheKey(identity);
  const hit = byIdentity.get(key);
  if (hit) {
    // Refresh recency so the least recently used identity is evicted first.
    byIdentity.delete(key);
    byIdentity.set(key, hit);
    return hit.kubeConfig;
  }
  const pooled = pooledKubeConfig(identity.kind === "local" ? baseKubeConfig() : withToken(baseKubeConfig(), identity.token));
  byIdentity.set(key, pooled);
  if (byIdentity.size > MAX_CACHED) {
    const oldest = byIdentity.keys().next().value as string;
    void byIdentity.get(oldest)?.close();
    byIdentity.delete(oldest);
  }
  return pooled.kubeConfig;
}

/** Same cluster (server, CA, TLS settings), different user: only the bearer token. */
export function withToken(source: KubeConfig, token: string): KubeConfig {
  const cluster = source.getCurrentCluster() as Cluster;
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser({ ...cluster }, { name: "console-user", token });
  return kc;
}
