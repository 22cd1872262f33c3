// `.session/transcript.jsonl`: one JSON object per line. Written synchronously so a SIGTERM or
// crash never loses an entry that was already reported.
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Emit } from "./events";

export interface TranscriptEntry {
  ts: string;
  role: "user" | "assistant" | "system" | "tool";
  type: string;
  text?: string;
  tool?: { name: string; id?: string; input?: unknown };
  result?: unknown;
}

export type NewEntry = Omit<TranscriptEntry, "ts">;

const EVENT_TEXT_LIMIT = 4000;

/** One line of text for the operator's `message` event, whatever the entry holds. */
export function entryText(e: NewEntry): string {
  let text: string;
  if (e.text !== undefined) text = e.text;
  else if (e.tool) text = `${e.tool.name} ${JSON.stringify(e.tool.input ?? {})}`;
  else if (e.result !== undefined) text = typeof e.result === "string" ? e.result : JSON.stringify(e.result);
  else text = "";
  return text.length > EVENT_TEXT_LIMIT ? text.slice(0, EVENT_TEXT_LIMIT) + "…" : text;
}

export class Transcript {
  readonly file: string;
  constructor(
    workspaceDir: string,
    private readonly emit: Emit,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = path.join(workspaceDir, ".session", "transcript.jsonl");
    mkdirSync(path.dirname(this.file), { recursive: true });
  }

  append(entry: NewEntry): TranscriptEntry {
    const full: TranscriptEntry = { ts: this.now().toISOString(), ...entry };
    appendFileSync(this.file, JSON.stringify(full) + "\n");
    this.emit({ event: "message", role: full.role, type: full.type, text: entryText(full) });
    return full;
  }
}
