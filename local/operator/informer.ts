// List + watch of AgenticSessions in all namespaces, feeding keys to the work queue. Level-triggered:
// an event only says "look at this key again"; the reconcile reads the object fresh. Watches resume
// from the last resourceVersion seen (bookmarks included); a 410 Expired means re-list.
import { Watch, type KubeConfig } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { SESSION_GROUP, SESSION_PLURAL, SESSION_VERSION, type AgenticSession } from "../../types/agentic-session";
import type { Kube } from "./kube";

const PATH = `/apis/${SESSION_GROUP}/${SESSION_VERSION}/${SESSION_PLURAL}`;

export function keyOf(s: AgenticSession): string {
  return `${s.metadata.namespace}/${s.metadata.name}`;
}

export interface InformerOptions {
  kc: KubeConfig;
  kube: Kube;
  logger: Logger;
  /**
   * A key to look at; `resourceVersion` when a watch event carried the object; `unseen` when the
   * object has no phase yet (a new session: giving it one is cheap and should not wait).
   */
  onKey: (key: string, resourceVersion?: string, unseen?: boolean) => void;
  /** Every key is offered again this often, so time-based rules run even without events. */
  resyncMs?: number;
}

export class SessionInformer {
  readonly keys = new Set<string>();
  /** The latest object each key's list or watch delivered: a cheap first read for a reconcile. */
  readonly cache = new Map<string, AgenticSession>();
  private stopped = false;
  private abort: AbortController | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private firstList!: Promise<void>;
  private resolveFirstList!: () => void;

  constructor(private readonly opts: InformerOptions) {
    this.firstList = new Promise((r) => (this.resolveFirstList = r));
  }

  /** Start; resolves after the first complete list has been handed to the queue. */
  async start(): Promise<void> {
    this.loop = this.run();
    this.resyncTimer = setInterval(() => {
      for (const k of this.keys) this.opts.onKey(k);
    }, this.opts.resyncMs ?? 60_000);
    this.resyncTimer.unref();
    await this.firstList;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.resyncTimer);
    this.abort?.abort();
    this.resolveFirstList();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        const { items, resourceVersion } = await this.opts.kube.listSessions();
        const fresh = new Set(items.map(keyOf));
        // Keys that vanished while we were not watching: their reconcile cleans up after them.
        for (const k of this.keys) if (!fresh.has(k)) this.opts.onKey(k);
        this.keys.clear();
        this.cache.clear();
        for (const s of items) {
          const k = keyOf(s);
          this.keys.add(k);
          this.cache.set(k, s);
          this.opts.onKey(k, undefined, !s.status?.phase);
        }
        this.resolveFirstList();
        failures = 0;
        await this.watchFrom(resourceVersion);
      } catch (e) {
        if (this.stopped) break;
        failures++;
        this.opts.logger.warn({ err: (e as Error).message }, "session list failed; retrying");
        await sleep(Math.min(200 * 2 ** Math.min(failures, 7), 10_000));
      }
    }
  }

  /** Watch until the stream is expired (410) or keeps failing; then the caller re-lists. */
  private async watchFrom(startRv: string): Promise<void> {
    let rv = startRv;
    let errorsInRow = 0;
    while (!this.stopped) {
      const outcome = await new Promise<"expired" | "closed" | "error">((resolve) => {
        let expired = false;
        void new Watch(this.opts.kc)
          .watch(
            PATH,
            { resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: 300 },
            (type, obj: AgenticSession & { code?: number }) => {
              if (type === "ERROR") {
                if (obj?.code === 410) expired = true;
                return;
              }
              const objRv = obj?.metadata?.resourceVersion;
              if (objRv) rv = objRv;
              if (type === "BOOKMARK") return;
              errorsInRow = 0;
              const key = keyOf(obj);
              if (type === "DELETED") {
                this.keys.delete(key);
                this.cache.delete(key);
              } else {
                this.keys.add(key);
                this.cache.set(key, obj);
              }
              this.opts.onKey(key, type === "DELETED" ? undefined : objRv, type !== "DELETED" && !obj.status?.phase);
            },
            // An idle stream hits client-node's inactivity timeout: just watch again from rv.
            (err) => resolve(expired ? "expired" : err && (err as Error).name !== "TimeoutError" && (err as Error).name !== "AbortError" ? "error" : "closed"),
          )
          .then((ac) => {
            this.abort = ac;
            if (this.stopped) ac.abort();
          });
      });
      if (outcome === "expired") return;
      if (outcome === "error") {
        errorsInRow++;
        if (errorsInRow >= 3) return;
        await sleep(200 * errorsInRow);
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
