import { CustomObjectsApi } from "@kubernetes/client-node";
import { SESSION_GROUP, SESSION_PLURAL, SESSION_VERSION } from "../types/agentic-session";
import { clusterClient } from "./cluster";

/**
 * Sessions a spec made, deleted when it ends: interactive sessions keep a runner slot while they
 * run, and the operator has a fixed number of slots shared by the whole e2e suite.
 */
export function sessionJanitor(namespace = "demo", kubeconfig?: string) {
  const names = new Set<string>();
  return {
    track(name: string) {
      names.add(name);
      return name;
    },
    async cleanup() {
      const custom = clusterClient(kubeconfig).kc.makeApiClient(CustomObjectsApi);
      await Promise.all(
        [...names].map((name) =>
          custom.deleteNamespacedCustomObject({ group: SESSION_GROUP, version: SESSION_VERSION, plural: SESSION_PLURAL, namespace, name }).catch(() => undefined),
        ),
      );
      names.clear();
    },
  };
}
