"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Overview } from "@/lib/session/overview";

const COLORS = ["var(--danger)", "var(--warning)", "var(--info)", "var(--primary)", "var(--success)", "var(--muted-foreground)"];

/** Stacked bars: failures per hour, one colour per Ready reason. Loaded on the overview only. */
export default function FailuresChart({ failures }: { failures: Overview["failures"] }) {
  const rows = failures.hours.map((hour, i) => {
    const row: Record<string, string | number> = { hour: new Date(hour).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) };
    failures.reasons.forEach((reason, r) => {
      row[reason] = failures.counts[r][i];
    });
    return row;
  });
  return (
    <div className="h-56 w-full" data-testid="failures-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 4, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis dataKey="hour" tick={{ fontSize: 10, fill: "var(--muted-foreground)" }} interval={3} />
          <YAxis allowDecimals={false} tick={{ fontSize: 10, fill: "var(--muted-foreground)" }} />
          <Tooltip contentStyle={{ background: "var(--card)", border: "1px solid var(--border)", fontSize: 12 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {failures.reasons.map((reason, i) => (
            <Bar key={reason} dataKey={reason} stackId="failures" fill={COLORS[i % COLORS.length]} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
