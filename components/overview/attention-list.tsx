import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatSpan, type AttentionItem, type AttentionKind } from "@/lib/session/overview";

const TONES: Record<AttentionKind, "danger" | "warning" | "info"> = { failed: "danger", stale: "warning", "stuck-starting": "warning", "past-timeout": "danger" };
const SHOWN = 100;

export function AttentionList({ items, labels }: { items: AttentionItem[]; labels: Record<AttentionKind, string> }) {
  if (items.length === 0) return <p className="text-sm text-muted-foreground">Nothing needs attention.</p>;
  return (
    <ul className="flex flex-col divide-y" aria-label="Sessions needing attention">
      {items.slice(0, SHOWN).map((item) => (
        <li
          key={`${item.kind}:${item.fact.project}/${item.fact.name}`}
          className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm"
          data-testid="attention-item"
          data-kind={item.kind}
          data-name={item.fact.name}
        >
          <Badge tone={TONES[item.kind]}>{labels[item.kind]}</Badge>
          <Link href={`/projects/${encodeURIComponent(item.fact.project)}/sessions/${encodeURIComponent(item.fact.name)}`} className="font-medium hover:underline">
            {item.fact.displayName}
          </Link>
          <span className="font-mono text-xs text-muted-foreground">{item.fact.project}</span>
          <span className="min-w-0 flex-1 truncate text-muted-foreground" title={item.detail}>
            {item.detail}
          </span>
          <span className="text-xs tabular-nums text-muted-foreground">{formatSpan(item.forSeconds)}</span>
        </li>
      ))}
      {items.length > SHOWN ? <li className="py-2 text-xs text-muted-foreground">and {items.length - SHOWN} more</li> : null}
    </ul>
  );
}
