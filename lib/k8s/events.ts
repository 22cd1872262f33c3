import "server-only";
import type { CoreV1Event, KubeConfig } from "@kubernetes/client-node";
import type { OwnedObject, SessionEvent } from "../session/timeline";
import { SESSION_KIND, type AgenticSession } from "../../types/agentic-session";
import { apis } from "./api";

const MAX_EVENTS = 500;

/** When it last happened: lastTimestamp, else eventTime (events.k8s.io writers), else first seen, else creation. */
function newestTime(e: CoreV1Event): string | undefined {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
  return t instanceof Date ? t.toISOString() : typeof t === "string" ? t : undefined;
}

function toSessionEvent(e: CoreV1Event): SessionEvent {
  const first = e.firstTimestamp ?? e.eventTime;
  return {
    ...(e.metadata?.uid ? { uid: e.metadata.uid } : {}),
    type: e.type ?? "Normal",
    reason: e.reason ?? "",
    message: e.message ?? "",
    ...(e.action ? { action: e.action } : {}),
    count: e.count ?? 1,
    ...(newestTime(e) ? { time: newestTime(e) } : {}),
    ...(first ? { firstTime: first instanceof Date ? first.toISOString() : String(first) } : {}),
    ...(e.source?.component || e.reportingComponent ? { source: e.source?.component || e.reportingComponent } : {}),
  };
}

/** The event belongs to this session: same kind and name, and the same uid when both carry one (a re-created name is another object). */
export function isAboutSession(e: CoreV1Event, session: Pick<AgenticSession, "metadata">): boolean {
  const o = e.involvedObject;
  if (!o || o.name !== session.metadata.name) return false;
  if (o.kind && o.kind !== SESSION_KIND) return false;
  if (o.uid && session.metadata.uid && o.uid !== session.metadata.uid) return false;
  return true;
}

/**
 * The session's core/v1 Events, newest first. Asks the API server to select on
 * `involvedObject.name`; a server that refuses the field selector (400) gets a plain list filtered here.
 */
export async function listSessionEvents(kc: KubeConfig, namespace: string, session: Pick<AgenticSession, "metadata">): Promise<SessionEvent[]> {
  const { core } = apis(kc);
  let items: CoreV1Event[];
  try {
    items = (await core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${session.metadata.name}`, limit: MAX_EVENTS })).items;
  } catch (e) {
    if ((e as { code?: unknown }).code !== 400) throw e;
    items = (await core.listNamespacedEvent({ namespace, limit: MAX_EVENTS * 4 })).items;
  }
  return items
    .filter((e) => isAboutSession(e, session))
    .map(toSessionEvent)
    .sort((a, b) => (b.time ?? "").localeCompare(a.time ?? ""));
}

/**
 * Objects carrying an owner reference to the session. Each kind is read on its own: a kind the
 * caller may not list (or a cluster without it) is skipped rather than failing the page. Secrets are
 * not read, to keep their data out of the console.
 */
export async function listOwnedObjects(kc: KubeConfig, namespace: string, session: Pick<AgenticSession, "metadata">): Promise<OwnedObject[]> {
  const uid = session.metadata.uid;
  if (!uid) return [];
  const { core } = apis(kc);
  type Item = { metadata?: { name?: string; creationTimestamp?: Date | string; ownerReferences?: Array<{ uid: string }> } };
  const kinds: Array<[string, () => Promise<{ items: Item[] }>]> = [
    ["Pod", () => core.listNamespacedPod({ namespace })],
    ["Service", () => core.listNamespacedService({ namespace })],
    ["PersistentVolumeClaim", () => core.listNamespacedPersistentVolumeClaim({ namespace })],
  ];
  const results = await Promise.all(
    kinds.map(async ([kind, list]) => {
      try {
        const { items } = await list();
        return items
          .filter((i) => i.metadata?.ownerReferences?.some((r) => r.uid === uid))
          .map((i) => {
            const created = i.metadata?.creationTimestamp;
            return { kind, name: i.metadata?.name ?? "", ...(created ? { created: created instanceof Date ? created.toISOString() : String(created) } : {}) };
          });
      } catch {
        return [];
      }
    }),
  );
  return results.flat();
}
