"use client";

import { Bot, Loader2, User, Wrench } from "lucide-react";
import { formatAbsolute } from "@/lib/session/format";
import { entryText, type TranscriptEntry } from "@/lib/session/transcript";
import { cn } from "@/lib/utils";
import { useWorkspaceTranscript, type WorkspaceRef } from "./use-workspace";

/** The transcript as a conversation: the user's turns on the right, the agent's on the left, tool calls folded. */
export function Conversation({ ws, live }: { ws: WorkspaceRef; live: boolean }) {
  const transcript = useWorkspaceTranscript(ws, live);
  if (transcript.isPending) return <Loader2 className="size-4 animate-spin text-muted-foreground" />;
  if (transcript.isError) return <p className="text-sm text-danger">{transcript.error.message}</p>;
  const entries = transcript.data.entries;
  return (
    <ol className="flex max-h-[40rem] flex-col gap-3 overflow-y-auto" aria-label="Conversation" data-testid="ws-conversation" data-count={entries.length}>
      {entries.length === 0 ? <li className="text-sm text-muted-foreground">The transcript is empty.</li> : null}
      {entries.map((e, i) => (
        <Message key={i} entry={e} />
      ))}
    </ol>
  );
}

function Message({ entry }: { entry: TranscriptEntry }) {
  const role = entry.role ?? "runner";
  const isUser = role === "user";
  const isTool = entry.type === "tool" || entry.type === "tool_use" || entry.type === "tool_result" || entry.type === "result" || (entry.text === undefined && (entry.tool !== undefined || entry.result !== undefined));
  const Icon = isUser ? User : isTool ? Wrench : Bot;
  const text = entryText(entry);
  if (role === "system") {
    // The runner's own notes (offline mode, resumed, errors): between the turns, not a speaker.
    return (
      <li className={cn("mx-auto max-w-[90%] text-center text-xs", entry.type === "error" ? "text-danger" : "text-muted-foreground")} data-testid="ws-message" data-role={role} data-type={entry.type ?? ""}>
        {text}
      </li>
    );
  }
  return (
    <li className={cn("flex gap-2", isUser && "flex-row-reverse")} data-testid="ws-message" data-role={role} data-type={entry.type ?? ""}>
      <span className={cn("mt-1 flex size-7 shrink-0 items-center justify-center rounded-full border", isUser ? "bg-primary text-primary-foreground" : "bg-muted")}>
        <Icon className="size-3.5" />
      </span>
      <div className={cn("max-w-[80%] min-w-0 rounded-lg px-3 py-2 text-sm", isUser ? "bg-accent" : "bg-muted")}>
        <div className={cn("mb-1 flex gap-2 text-xs text-muted-foreground", isUser && "flex-row-reverse")}>
          <span className="font-medium">{role}</span>
          {entry.ts ? <time dateTime={entry.ts}>{formatAbsolute(entry.ts)}</time> : null}
        </div>
        {isTool ? (
          <details>
            <summary className="cursor-pointer font-mono text-xs">{entry.type ?? "tool"}</summary>
            <pre className="mt-1 max-h-64 overflow-auto font-mono text-xs whitespace-pre-wrap break-words">{text}</pre>
          </details>
        ) : (
          <p className="whitespace-pre-wrap break-words">{text}</p>
        )}
      </div>
    </li>
  );
}
