// Keeping temporary access alive: every workspace read refreshes `temp-content-last-accessed`
// (CONTRACT.md §6), but a page load makes many reads; writing each one would flood the watch with
// events. Writes are therefore throttled per session, in this process and by the stored time.
import { ANNOTATIONS, type AgenticSession } from "../../types/agentic-session";

export const TOUCH_WINDOW_MS = 30_000;

/** At most ~30 s between writes, and well under the idle time so a reader never loses access. */
export function touchWindowMs(idleSeconds: number): number {
  return Math.max(1_000, Math.min(TOUCH_WINDOW_MS, Math.floor((idleSeconds * 1000) / 4)));
}

/** Remembers when this process last wrote for each session; bounded so it cannot grow forever. */
export class TouchThrottle {
  private readonly last = new Map<string, number>();
  constructor(
    readonly windowMs: number,
    private readonly maxKeys = 5_000,
  ) {}

  /** True when a write for `key` is due; the caller then writes and calls `record`. */
  due(key: string, nowMs: number): boolean {
    const t = this.last.get(key);
    return t === undefined || nowMs - t >= this.windowMs;
  }

  record(key: string, nowMs: number): void {
    this.last.delete(key);
    this.last.set(key, nowMs);
    if (this.last.size > this.maxKeys) this.last.delete(this.last.keys().next().value as string);
  }
}

/**
 * The merge patch refreshing last-accessed, or null when none is needed: access is not requested
 * (never re-request implicitly: an expired session is re-opened on purpose) or the stored time is
 * recent enough (another console replica wrote it).
 */
export function touchPatch(s: AgenticSession, now: Date, windowMs: number): { metadata: { annotations: Record<string, string> } } | null {
  const ann = s.metadata.annotations ?? {};
  if (ann[ANNOTATIONS.tempContentRequested] !== "true") return null;
  const last = Date.parse(ann[ANNOTATIONS.tempContentLastAccessed] ?? "");
  if (Number.isFinite(last) && now.getTime() - last < windowMs) return null;
  return { metadata: { annotations: { [ANNOTATIONS.tempContentLastAccessed]: now.toISOString() } } };
}

/** The patch asking for temporary access, or null when it is already asked for and fresh. */
export function requestPatch(s: AgenticSession, now: Date): { metadata: { annotations: Record<string, string> } } | null {
  const ann = s.metadata.annotations ?? {};
  if (ann[ANNOTATIONS.tempContentRequested] === "true" && ann[ANNOTATIONS.tempContentLastAccessed]) {
    const last = Date.parse(ann[ANNOTATIONS.tempContentLastAccessed]);
    if (Number.isFinite(last) && Math.abs(now.getTime() - last) < TOUCH_WINDOW_MS) return null;
  }
  return { metadata: { annotations: { [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: now.toISOString() } } };
}
