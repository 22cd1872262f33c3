import "server-only";
import { Watch, type KubeConfig } from "@kubernetes/client-node";
import { SESSION_GROUP, SESSION_PLURAL, SESSION_VERSION, type AgenticSession } from "../../types/agentic-session";
import { currentResourceVersion } from "./sessions";

export type SessionEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface SessionWatchSink {
  change(type: SessionEventType, session: AgenticSession): void;
  /** The stream has seen everything up to `resourceVersion` (bookmarks, resumes). */
  progress(resourceVersion: string): void;
  /** History expired (410): the caller's copy may have missed changes and must be re-read. */
  reset(resourceVersion: string): void;
  state(state: "live" | "reconnecting"): void;
  /** An error that retrying cannot fix (401, 403, 404): the stream ends. */
  fatal(error: { code: number; message: string }): void;
}

const FATAL_CODES = new Set([401, 403, 404]);

function statusCodeOf(e: unknown): number | undefined {
  const x = e as { statusCode?: unknown; code?: unknown };
  if (typeof x?.statusCode === "number") return x.statusCode;
  if (typeof x?.code === "number") return x.code;
  return undefined;
}

export interface WatchTiming {
  minBackoffMs: number;
  maxBackoffMs: number;
}

/**
 * Follow the project's sessions from `fromResourceVersion`, resuming after every disconnect from the
 * last version seen and re-reading the current version after a 410. Returns a stop function.
 */
export function watchSessions(
  kc: KubeConfig,
  namespace: string,
  fromResourceVersion: string | undefined,
  sink: SessionWatchSink,
  timing: WatchTiming = { minBackoffMs: 250, maxBackoffMs: 5_000 },
): () => void {
  const path = `/apis/${SESSION_GROUP}/${SESSION_VERSION}/namespaces/${encodeURIComponent(namespace)}/${SESSION_PLURAL}`;
  const watch = new Watch(kc);
  let stopped = false;
  let controller: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;
  let rv = fromResourceVersion;
  let failures = 0;
  let live: boolean | undefined;

  const setLive = (value: boolean) => {
    if (live === value) return;
    live = value;
    sink.state(value ? "live" : "reconnecting");
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => void connect(), delay);
  };

  const fail = (e: unknown) => {
    const code = statusCodeOf(e);
    if (code && FATAL_CODES.has(code)) {
      stopped = true;
      sink.fatal({ code, message: e instanceof Error ? e.message : "watch refused" });
      return;
    }
    failures++;
    setLive(false);
    schedule(Math.min(timing.maxBackoffMs, timing.minBackoffMs * 2 ** Math.min(failures - 1, 6)));
  };

  async function connect(): Promise<void> {
    if (stopped) return;
    try {
      if (!rv) rv = await currentResourceVersion(kc, namespace);
      let expired = false;
      let ended = false;
      controller = await watch.watch(
        path,
        { resourceVersion: rv, allowWatchBookmarks: true },
        (type, obj) => {
          if (stopped) return;
          if (type === "ERROR") {
            if (obj?.code === 410) expired = true;
            return;
          }
          failures = 0;
          setLive(true);
          const version = obj?.metadata?.resourceVersion as string | undefined;
          if (version) rv = version;
          if (type === "BOOKMARK") {
            if (version) sink.progress(version);
            return;
          }
          if (type === "ADDED" || type === "MODIFIED" || type === "DELETED") sink.change(type, obj as AgenticSession);
        },
        (err) => {
          ended = true;
          if (stopped) return;
          if (expired) {
            void (async () => {
              try {
                rv = await currentResourceVersion(kc, namespace);
                sink.reset(rv);
                schedule(0);
              } catch (e) {
                fail(e);
              }
            })();
            return;
          }
          // A server-side close or an idle timeout is ordinary: resume at once from the last version.
          const timeout = err instanceof DOMException && err.name === "TimeoutError";
          if (err && !timeout) fail(err);
          else schedule(0);
        },
      );
      // watch() resolves once the response headers arrived; a refused request has already ended.
      if (!stopped && !ended) setLive(true);
    } catch (e) {
      fail(e);
    }
  }

  void connect();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    controller?.abort();
  };
}
