const UNITS: Array<[limit: number, seconds: number, suffix: string]> = [
  [60, 1, "s"],
  [3600, 60, "m"],
  [86_400, 3600, "h"],
  [86_400 * 30, 86_400, "d"],
  [86_400 * 365, 86_400 * 30, "mo"],
  [Infinity, 86_400 * 365, "y"],
];

/** "just now", "42s ago", "3m ago", "in 5m"; short like kubectl's AGE. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "—";
  const diff = Math.round((now - t) / 1000);
  const abs = Math.abs(diff);
  if (abs < 5) return "just now";
  const [, unit, suffix] = UNITS.find(([limit]) => abs < limit)!;
  const text = `${Math.floor(abs / unit)}${suffix}`;
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

/** Absolute time in UTC, unambiguous for people in different time zones. */
export function formatAbsolute(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/** Seconds as "1h 2m", "3m 4s", "12s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "—";
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${rest}s`;
  return `${rest}s`;
}
