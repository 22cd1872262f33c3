// Projects and sessions for the reliability suites, written as the cluster admin.
import { CoreV1Api, CustomObjectsApi } from "@kubernetes/client-node";
import type { TestCluster } from "@/lib/testing/embedded";
import { PROJECT_LABEL, SESSION_API_VERSION, SESSION_GROUP, SESSION_KIND, SESSION_PLURAL, SESSION_VERSION } from "@/types/agentic-session";

/** Make each project (a managed namespace, unless it exists) and the named sessions in it. */
export async function seedProjects(cluster: Pick<TestCluster, "admin">, projects: Record<string, string[]>, spec: Record<string, unknown> = { initialPrompt: "hang", interactive: true }): Promise<void> {
  const core = cluster.admin.makeApiClient(CoreV1Api);
  const custom = cluster.admin.makeApiClient(CustomObjectsApi);
  for (const [ns, names] of Object.entries(projects)) {
    try {
      await core.createNamespace({ body: { metadata: { name: ns, labels: { [PROJECT_LABEL]: "true" } } } });
    } catch (e) {
      if ((e as { code?: number }).code !== 409) throw e;
    }
    for (const name of names) {
      await custom.createNamespacedCustomObject({
        group: SESSION_GROUP,
        version: SESSION_VERSION,
        plural: SESSION_PLURAL,
        namespace: ns,
        body: { apiVersion: SESSION_API_VERSION, kind: SESSION_KIND, metadata: { name }, spec },
      });
    }
  }
}
