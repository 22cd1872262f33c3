"use client";

import { useEffect, useState } from "react";
import { formatAbsolute, formatRelative } from "@/lib/session/format";

/** "3m ago", re-rendered every 30 s; the absolute time in the tooltip. */
export function RelativeTime({ iso, className }: { iso?: string; className?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  if (!iso) return <span className={className}>—</span>;
  return (
    <time dateTime={iso} title={formatAbsolute(iso)} className={className} suppressHydrationWarning>
      {formatRelative(iso, now)}
    </time>
  );
}
