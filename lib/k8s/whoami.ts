import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { apis } from "./api";

export interface WhoAmI {
  /** User name when the cluster tells it (SelfSubjectReview), else undefined. */
  username?: string;
  groups?: string[];
}

/**
 * Asks the cluster who the caller is; a bad token fails here with 401. Uses SelfSubjectReview when the
 * server has it, else a SelfSubjectRulesReview, which every authenticated user may create.
 */
export async function whoAmI(kc: KubeConfig): Promise<WhoAmI> {
  try {
    const { AuthenticationV1Api } = await import("@kubernetes/client-node");
    const review = await kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({
      body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
    });
    return { username: review.status?.userInfo?.username, groups: review.status?.userInfo?.groups };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code !== 404 && code !== 405) throw e;
  }
  await apis(kc).authz.createSelfSubjectRulesReview({
    body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", spec: { namespace: "default" } },
  });
  return {};
}
