// Server-Sent Events framing (WHATWG HTML §9.2): `id`, `event`, `data` lines, blank line ends a message.

export interface SseMessage {
  event?: string;
  id?: string;
  data: unknown;
  /** Reconnect delay the browser should use, in ms. */
  retry?: number;
}

function singleLine(value: string): string {
  return value.replace(/[\r\n]+/g, " ");
}

export function formatSse(msg: SseMessage): string {
  let out = "";
  if (msg.retry !== undefined) out += `retry: ${Math.max(0, Math.floor(msg.retry))}\n`;
  if (msg.id !== undefined) out += `id: ${singleLine(msg.id)}\n`;
  if (msg.event) out += `event: ${singleLine(msg.event)}\n`;
  const data = typeof msg.data === "string" ? msg.data : JSON.stringify(msg.data);
  for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-store, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
};

/**
 * A text/event-stream body: `start` gets a sender and returns a cleanup; heartbeats keep proxies
 * from closing an idle stream; the client disconnecting (signal) runs the cleanup.
 */
export function sseStream(
  signal: AbortSignal,
  start: (send: (msg: SseMessage) => void, close: () => void) => () => void,
  heartbeatMs = 15_000,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup: (() => void) | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let closed = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        if (heartbeat) clearInterval(heartbeat);
        cleanup?.();
        try {
          controller.close();
        } catch {
          /* already closed by the client */
        }
      };
      const write = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          close();
        }
      };
      signal.addEventListener("abort", close, { once: true });
      heartbeat = setInterval(() => write(": heartbeat\n\n"), heartbeatMs);
      cleanup = start((msg) => write(formatSse(msg)), close);
      if (signal.aborted) close();
    },
    cancel() {
      closed = true;
      if (heartbeat) clearInterval(heartbeat);
      cleanup?.();
    },
  });
}
