// What the transcript route answers (shared by the route and the transcript panel).

/** One line of `.session/transcript.jsonl` (CONTRACT.md §6): `{ts, role, type, text|tool|result}`. */
export interface TranscriptEntry {
  ts?: string;
  role?: string;
  type?: string;
  text?: string;
  tool?: unknown;
  result?: unknown;
}

export interface TranscriptView {
  /** live: from the running runner; archived: from temporary access; provisioning / unavailable: nothing to read yet. */
  state: "live" | "archived" | "provisioning" | "unavailable";
  entries: TranscriptEntry[];
  message?: string;
}

/** The text to show for an entry: its text, else the tool call or result as compact JSON. */
export function entryText(e: TranscriptEntry): string {
  if (typeof e.text === "string") return e.text;
  const v = e.tool ?? e.result;
  if (v === undefined) return "";
  return typeof v === "string" ? v : JSON.stringify(v, null, 2);
}
