import { CircleCheck, CircleHelp, CircleX } from "lucide-react";
import { RelativeTime } from "@/components/common/relative-time";
import { Badge } from "@/components/ui/badge";
import { conditionLags } from "@/lib/session/drift";
import { formatAbsolute } from "@/lib/session/format";
import { buildTimeline, type SessionEvent } from "@/lib/session/timeline";
import { cn } from "@/lib/utils";
import type { Condition } from "@/types/agentic-session";

const ICON = { True: CircleCheck, False: CircleX, Unknown: CircleHelp } as const;
const COLOR = { True: "text-success", False: "text-danger", Unknown: "text-warning" } as const;

function When({ iso }: { iso?: string }) {
  if (!iso) return <span className="text-muted-foreground">—</span>;
  return (
    <span className="whitespace-nowrap">
      <RelativeTime iso={iso} /> <span className="text-muted-foreground">· {formatAbsolute(iso)}</span>
    </span>
  );
}

function EventLine({ e }: { e: SessionEvent }) {
  return (
    <li className="flex flex-wrap items-baseline gap-x-2 text-xs" data-testid="condition-event" data-reason={e.reason}>
      <span className={cn("font-medium", e.type === "Warning" && "text-danger")}>{e.reason}</span>
      {e.message ? <span className="text-muted-foreground">{e.message}</span> : null}
      {e.count > 1 ? <span className="text-muted-foreground">×{e.count}</span> : null}
      <span className="ml-auto text-muted-foreground">
        <When iso={e.time} />
      </span>
    </li>
  );
}

/** Each condition as a row (status, reason, message, last transition) with its Event history, newest first. */
export function ConditionTimeline({ conditions, events, generation }: { conditions: Condition[]; events: SessionEvent[]; generation: number }) {
  const { rows, other } = buildTimeline(conditions, events);
  if (rows.length === 0 && other.length === 0) {
    return <p className="text-sm text-muted-foreground" data-testid="conditions-empty">No conditions yet: the operator has not reported on this session.</p>;
  }
  return (
    <div className="flex flex-col gap-3">
      <ol className="flex flex-col divide-y rounded-lg border" aria-label="Conditions">
        {rows.map(({ condition: c, history }) => {
          const Icon = ICON[c.status] ?? CircleHelp;
          const lags = conditionLags(c, generation);
          return (
            <li key={c.type} className="flex flex-col gap-1.5 p-3" data-testid="condition-row" data-type={c.type} data-status={c.status} data-reason={c.reason ?? ""}>
              <div className="flex flex-wrap items-center gap-2">
                <Icon className={cn("size-4", COLOR[c.status])} aria-hidden />
                <span className="font-medium">{c.type}</span>
                <Badge tone={c.status === "True" ? "success" : c.status === "False" ? "danger" : "warning"}>{c.status}</Badge>
                {c.reason ? <span className="font-mono text-xs">{c.reason}</span> : null}
                {lags ? (
                  <Badge tone="warning" data-testid="condition-stale" title={`Last set for generation ${c.observedGeneration}; the spec is at ${generation}`}>
                    gen {c.observedGeneration} of {generation}
                  </Badge>
                ) : null}
                <span className="ml-auto text-xs">
                  <When iso={c.lastTransitionTime} />
                </span>
              </div>
              {c.message ? <p className="text-sm text-muted-foreground">{c.message}</p> : null}
              {history.length ? (
                <details className="text-xs">
                  <summary className="cursor-pointer text-muted-foreground">History ({history.length})</summary>
                  <ul className="mt-1 flex flex-col gap-1 border-l pl-3">
                    {history.map((e, i) => (
                      <EventLine key={e.uid ?? i} e={e} />
                    ))}
                  </ul>
                </details>
              ) : null}
            </li>
          );
        })}
      </ol>
      {other.length ? (
        <details className="rounded-lg border p-3 text-sm">
          <summary className="cursor-pointer">Other events ({other.length})</summary>
          <ul className="mt-2 flex flex-col gap-1">
            {other.map((e, i) => (
              <EventLine key={e.uid ?? i} e={e} />
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
