"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import type { BulkAction } from "@/lib/query/use-bulk-action";
import { pruneSelection, toggleOne, type BulkItemResult } from "@/lib/session/list-view";
import { formatSpan, type AttentionItem, type AttentionKind } from "@/lib/session/overview";
import { AttentionBulkBar, factKey } from "./attention-bulk";

const TONES: Record<AttentionKind, "danger" | "warning" | "info"> = { failed: "danger", stale: "warning", "stuck-starting": "warning", "past-timeout": "danger" };
const SHOWN = 100;

/**
 * Sessions needing attention, longest first, each selectable so a lead can stop or delete several
 * at once (a session listed for two reasons is one selection).
 */
export function AttentionList({ items, labels }: { items: AttentionItem[]; labels: Record<AttentionKind, string> }) {
  const [selection, setSelection] = useState<ReadonlySet<string>>(() => new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const shown = items.slice(0, SHOWN);
  const keys = useMemo(() => [...new Set(shown.map((i) => factKey(i.fact)))], [shown]);
  // Items that left the list (deleted, recovered) leave the selection too.
  const live = pruneSelection(selection, keys);
  const selected = useMemo(() => {
    const seen = new Map(shown.map((i) => [factKey(i.fact), i.fact]));
    return [...live].map((k) => seen.get(k)).filter((f) => f !== undefined);
  }, [live, shown]);

  if (items.length === 0) return <p className="text-sm text-muted-foreground">Nothing needs attention.</p>;

  const onDone = (action: BulkAction, results: BulkItemResult[]) => {
    const failed = results.filter((r) => !r.ok);
    setErrors(Object.fromEntries(failed.map((r) => [r.name, `${action === "stop" ? "Stop" : "Delete"} failed: ${r.message ?? `error ${r.code}`}`])));
    setSelection(new Set(failed.map((r) => r.name)));
  };

  return (
    <div>
      {selected.length ? <AttentionBulkBar selected={selected} onClear={() => setSelection(new Set())} onDone={onDone} /> : null}
      <ul className="flex flex-col divide-y" aria-label="Sessions needing attention">
        {shown.map((item) => {
          const key = factKey(item.fact);
          return (
            <li
              key={`${item.kind}:${key}`}
              className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm"
              data-testid="attention-item"
              data-kind={item.kind}
              data-name={item.fact.name}
            >
              <input
                type="checkbox"
                className="size-4 accent-primary"
                aria-label={`Select ${key}`}
                checked={live.has(key)}
                onChange={() => setSelection((s) => toggleOne(s, key))}
              />
              <Badge tone={TONES[item.kind]}>{labels[item.kind]}</Badge>
              <Link href={`/projects/${encodeURIComponent(item.fact.project)}/sessions/${encodeURIComponent(item.fact.name)}`} className="font-medium hover:underline">
                {item.fact.displayName}
              </Link>
              <span className="font-mono text-xs text-muted-foreground">{item.fact.project}</span>
              <span className="min-w-0 flex-1 truncate text-muted-foreground" title={item.detail}>
                {item.detail}
              </span>
              <span className="text-xs tabular-nums text-muted-foreground">{formatSpan(item.forSeconds)}</span>
              {errors[key] ? (
                <span className="basis-full text-xs text-danger" data-testid="attention-error">
                  {errors[key]}
                </span>
              ) : null}
            </li>
          );
        })}
        {items.length > SHOWN ? <li className="py-2 text-xs text-muted-foreground">and {items.length - SHOWN} more</li> : null}
      </ul>
    </div>
  );
}
