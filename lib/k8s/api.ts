import "server-only";
import { AuthorizationV1Api, CoreV1Api, CustomObjectsApi, type KubeConfig } from "@kubernetes/client-node";

// client-node API objects are cheap but not free; one set per KubeConfig (per identity).
const cache = new WeakMap<KubeConfig, { core: CoreV1Api; custom: CustomObjectsApi; authz: AuthorizationV1Api }>();

export function apis(kc: KubeConfig) {
  let hit = cache.get(kc);
  if (!hit) {
    hit = { core: kc.makeApiClient(CoreV1Api), custom: kc.makeApiClient(CustomObjectsApi), authz: kc.makeApiClient(AuthorizationV1Api) };
    cache.set(kc, hit);
  }
  return hit;
}
