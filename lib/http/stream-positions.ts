// The overview stream follows several projects at once; its SSE id carries every project's position
// as `project:resourceVersion` pairs so that a reconnect (Last-Event-ID) resumes each one.

const PAIR = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?):(\d{1,20})$/;

export function parsePositions(value: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (value ?? "").split(",")) {
    const m = PAIR.exec(part.trim());
    if (m) out[m[1]] = m[3];
  }
  return out;
}

export function formatPositions(positions: Record<string, string>): string {
  return Object.entries(positions)
    .map(([p, rv]) => `${p}:${rv}`)
    .join(",");
}
