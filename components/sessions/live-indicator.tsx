import { cn } from "@/lib/utils";
import type { StreamState } from "@/lib/query/use-session-watch";

const LABELS: Record<StreamState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

export function LiveIndicator({ state, error }: { state: StreamState; error?: string }) {
  return (
    <span
      role="status"
      data-testid="live-indicator"
      data-state={state}
      title={error ?? (state === "live" ? "Changes appear as they happen" : "Updates are paused; the list refreshes every 10 s meanwhile")}
      className="inline-flex items-center gap-1.5 text-xs text-muted-foreground"
    >
      <span
        aria-hidden
        className={cn(
          "size-2 rounded-full",
          state === "live" && "bg-success",
          (state === "connecting" || state === "reconnecting") && "animate-pulse bg-warning",
          state === "offline" && "bg-danger",
        )}
      />
      {LABELS[state]}
    </span>
  );
}
