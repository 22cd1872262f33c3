"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Loader2, Send } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { ErrorState } from "@/components/common/error-state";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { ApiRequestError, fetchJson } from "@/lib/query/fetch-json";
import type { ActionState } from "@/lib/session/actions";
import { formatAbsolute } from "@/lib/session/format";
import { entryText } from "@/lib/session/transcript";
import { cn } from "@/lib/utils";
import type { SessionPhase } from "@/types/agentic-session";
import { detailKeys, sessionUrl, useTranscript } from "./use-session-detail";

/** The runner's messages: polled while Running (the runner appends as it goes), read once after the end. */
export function TranscriptPanel({ project, name, phase, message }: { project: string; name: string; phase: SessionPhase | undefined; message: ActionState }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const bottom = useRef<HTMLDivElement>(null);
  const transcript = useTranscript(project, name, phase === "Running" ? 2_000 : false);
  // Temporary access is being provisioned: ask again until the workspace server answers.
  const provisioning = transcript.data?.state === "provisioning" || transcript.data?.state === "unavailable";
  const { refetch } = transcript;
  useEffect(() => {
    if (!provisioning || phase === "Running") return;
    const t = setInterval(() => void refetch(), 3_000);
    return () => clearInterval(t);
  }, [provisioning, phase, refetch]);
  const lastPhase = useRef(phase);
  useEffect(() => {
    // Re-read on a phase change (Running → ended switches to the archived workspace).
    if (lastPhase.current === phase) return;
    lastPhase.current = phase;
    void queryClient.invalidateQueries({ queryKey: detailKeys.transcript(project, name) });
  }, [phase, project, name, queryClient]);
  const count = transcript.data?.entries.length ?? 0;
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "nearest" });
  }, [count]);

  const send = useMutation({
    mutationFn: (t: string) => fetchJson<{ message: string }>(sessionUrl(project, name, "messages"), { method: "POST", json: { text: t } }),
    onSuccess: (a) => {
      setText("");
      toast.success(a.message);
      void refetch();
    },
    onError: (e) => toast.error("Message not sent", { description: e instanceof Error ? e.message : String(e) }),
  });

  return (
    <div className="flex flex-col gap-3">
      {transcript.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : transcript.isError ? (
        <ErrorState error={transcript.error instanceof ApiRequestError ? transcript.error.error : { code: 0, reason: "NetworkError", message: String(transcript.error) }} what="Could not read the transcript" />
      ) : (
        <>
          {transcript.data.message ? <p className="text-sm text-muted-foreground">{transcript.data.message}</p> : null}
          <ol className="flex max-h-[36rem] flex-col gap-2 overflow-y-auto rounded-lg border p-3" aria-label="Transcript" data-testid="transcript" data-state={transcript.data.state}>
            {transcript.data.entries.length === 0 ? <li className="text-sm text-muted-foreground">No messages yet.</li> : null}
            {transcript.data.entries.map((e, i) => (
              <li key={i} className={cn("rounded-md px-3 py-2 text-sm", e.role === "user" ? "bg-accent" : "bg-muted")} data-testid="transcript-entry" data-role={e.role ?? ""}>
                <div className="mb-1 flex gap-2 text-xs text-muted-foreground">
                  <span className="font-medium">{e.role ?? "runner"}</span>
                  {e.type && e.type !== "text" ? <span className="font-mono">{e.type}</span> : null}
                  {e.ts ? <span className="ml-auto">{formatAbsolute(e.ts)}</span> : null}
                </div>
                <pre className="font-sans whitespace-pre-wrap break-words">{entryText(e)}</pre>
              </li>
            ))}
            <div ref={bottom} />
          </ol>
        </>
      )}
      <form
        className="flex flex-col gap-2"
        aria-label="Send a message"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) send.mutate(text);
        }}
      >
        <Textarea
          aria-label="Message to the agent"
          rows={3}
          placeholder={message.allowed ? "A follow-up for the agent (Ctrl+Enter sends)" : message.reason}
          disabled={!message.allowed}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) (e.currentTarget.form as HTMLFormElement | null)?.requestSubmit();
          }}
        />
        <div className="flex items-center gap-2">
          <Button type="submit" size="sm" disabled={!message.allowed || send.isPending || !text.trim()}>
            {send.isPending ? <Loader2 className="animate-spin" /> : <Send />}
            Send
          </Button>
          {!message.allowed ? <span className="text-xs text-muted-foreground">{message.reason}</span> : null}
        </div>
      </form>
    </div>
  );
}
