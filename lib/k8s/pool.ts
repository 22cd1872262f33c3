import { KubeConfig } from "@kubernetes/client-node";

/**
 * A private copy of a KubeConfig whose requests share one connection pool. client-node 2.0.1 builds
 * a new undici Agent (new TLS connection and handshake, sockets kept alive until they idle out) for
 * every request to a server with a custom CA: under load that is hundreds of MB and most of the
 * CPU. One pooled dispatcher per KubeConfig keeps connections reused. Used by the operator and by
 * the console's per-identity clients.
 */
export function pooledKubeConfig(source: KubeConfig): { kubeConfig: KubeConfig; close(): Promise<void> } {
  const kc = new KubeConfig();
  kc.loadFromString(source.exportConfig());
  const inner = kc as unknown as { createDispatcher?: (cluster: unknown, options: unknown) => unknown };
  // If a client-node upgrade renames this internal, fall back to its default behaviour.
  if (typeof inner.createDispatcher !== "function") return { kubeConfig: kc, close: async () => {} };
  const original = inner.createDispatcher.bind(kc);
  let pooled: { destroy?: () => Promise<void> } | undefined;
  inner.createDispatcher = (cluster, options) => (pooled ??= original(cluster, options) as typeof pooled);
  return {
    kubeConfig: kc,
    async close() {
      await pooled?.destroy?.().catch(() => {});
    },
  };
}
