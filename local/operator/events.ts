// Kubernetes Events on a session: the timeline's history. A repeat of the same reason and message
// for the same object bumps `count` and `lastTimestamp` instead of adding an object, as kubelet's
// event recorder does.
import { randomBytes } from "node:crypto";
import { PatchStrategy, setHeaderOptions, type CoreV1Api } from "@kubernetes/client-node";
import type { AgenticSession } from "../../types/agentic-session";
import { SESSION_API_VERSION, SESSION_KIND } from "../../types/agentic-session";
import { isNotFound } from "./kube";

export const EVENT_SOURCE = "session-operator";
const MAX_TRACKED = 5000;

export interface SessionEventInput {
  reason: string;
  message: string;
  eventType: "Normal" | "Warning";
}

export class EventRecorder {
  // key → event object name and its count, so repeats update the existing Event.
  private readonly seen = new Map<string, { name: string; count: number }>();

  constructor(private readonly core: CoreV1Api) {}

  async record(session: AgenticSession, e: SessionEventInput): Promise<void> {
    const ns = session.metadata.namespace!;
    const key = `${ns}/${session.metadata.uid}/${e.eventType}/${e.reason}/${e.message}`;
    const now = new Date();
    const prior = this.seen.get(key);
    if (prior) {
      try {
        await this.core.patchNamespacedEvent(
          { name: prior.name, namespace: ns, body: { count: prior.count + 1, lastTimestamp: now.toISOString() } },
          setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
        );
        prior.count++;
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.seen.delete(key); // expired or deleted: start a new one
      }
    }
    const name = `${session.metadata.name}.${Date.now().toString(16)}${randomBytes(3).toString("hex")}`;
    await this.core.createNamespacedEvent({
      namespace: ns,
      body: {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name, namespace: ns },
        involvedObject: {
          apiVersion: session.apiVersion ?? SESSION_API_VERSION,
          kind: session.kind ?? SESSION_KIND,
          name: session.metadata.name,
          namespace: ns,
          uid: session.metadata.uid,
          resourceVersion: session.metadata.resourceVersion,
        },
        reason: e.reason,
        message: e.message,
        type: e.eventType,
        source: { component: EVENT_SOURCE },
        reportingComponent: EVENT_SOURCE,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      },
    });
    this.seen.set(key, { name, count: 1 });
    if (this.seen.size > MAX_TRACKED) this.seen.delete(this.seen.keys().next().value as string);
  }

  forget(uid: string | undefined): void {
    if (!uid) return;
    for (const k of this.seen.keys()) if (k.split("/")[1] === uid) this.seen.delete(k);
  }
}
