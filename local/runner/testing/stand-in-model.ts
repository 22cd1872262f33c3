// A local stand-in for the Anthropic Messages API (`POST /v1/messages`, streaming SSE and plain
// JSON) with scripted replies, so the SDK path is tested for real without a model or network.
import http from "node:http";

export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}

export type Reply =
  | { text: string; delayMs?: number }
  | { toolUse: { name: string; input: Record<string, unknown> } }
  | { error: { status: number; type: string; message: string } };
type ContentReply = { text: string } | { toolUse: { name: string; input: Record<string, unknown> } };

export interface StandInModel {
  url: string;
  requests: RecordedRequest[];
  /** Requests to /v1/messages only. */
  messageRequests(): RecordedRequest[];
  close(): Promise<void>;
}

/** The text of the last user turn in a Messages API request body. */
export function lastUserText(body: Record<string, unknown> | undefined): string {
  const messages = (body?.messages as Array<{ role: string; content: unknown }> | undefined) ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== "user") continue;
    if (typeof m.content === "string") return m.content;
    // Claude Code adds <system-reminder> context blocks to the user turn; the user's text is the rest.
    const parts = (m.content as Array<{ type: string; text?: string }>).filter((p) => p.type === "text" && p.text && !p.text.startsWith("<system-reminder>"));
    if (parts.length) return parts.map((p) => p.text).join("\n");
  }
  return "";
}

let counter = 0;

function messageObject(model: string, reply: ContentReply) {
  const content =
    "text" in reply
      ? [{ type: "text", text: reply.text }]
      : [{ type: "tool_use", id: `toolu_${++counter}`, name: reply.toolUse.name, input: reply.toolUse.input }];
  return {
    id: `msg_standin_${++counter}`,
    type: "message",
    role: "assistant",
    model,
    content,
    stop_reason: "text" in reply ? "end_turn" : "tool_use",
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 7, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

function sse(res: http.ServerResponse, model: string, reply: ContentReply): void {
  const msg = messageObject(model, reply);
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "request-id": msg.id });
  const send = (type: string, data: unknown) => res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  send("message_start", { type: "message_start", message: { ...msg, content: [], stop_reason: null, usage: { ...msg.usage, output_tokens: 1 } } });
  const block = msg.content[0] as { type: string; text?: string; id?: string; name?: string; input?: unknown };
  if (block.type === "text") {
    send("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
    send("ping", { type: "ping" });
    // Two deltas so the client really assembles a stream.
    const t = block.text ?? "";
    const half = Math.ceil(t.length / 2);
    for (const part of [t.slice(0, half), t.slice(half)]) {
      if (part) send("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: part } });
    }
  } else {
    send("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } });
    send("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) } });
  }
  send("content_block_stop", { type: "content_block_stop", index: 0 });
  send("message_delta", { type: "message_delta", delta: { stop_reason: msg.stop_reason, stop_sequence: null }, usage: { output_tokens: msg.usage.output_tokens } });
  send("message_stop", { type: "message_stop" });
  res.end();
}

/**
 * Start the stand-in. `script` decides each /v1/messages reply from the request body; the default
 * echoes the last user text so tests can follow the conversation.
 */
export async function startStandInModel(script?: (body: Record<string, unknown>, index: number) => Reply): Promise<StandInModel> {
  const requests: RecordedRequest[] = [];
  let index = 0;
  const decide = script ?? ((body) => ({ text: `stand-in reply to: ${lastUserText(body).slice(0, 200)}` }));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: Record<string, unknown> | undefined;
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : undefined;
      } catch {
        body = undefined;
      }
      const p = (req.url ?? "/").split("?")[0];
      requests.push({ method: req.method ?? "GET", path: p, body });
      if (req.method === "POST" && p === "/v1/messages/count_tokens") {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ input_tokens: 42 }));
      }
      if (req.method === "POST" && p === "/v1/messages" && body) {
        const reply: Reply = decide(body, index++);
        if ("text" in reply && reply.delayMs) {
          const timer = setTimeout(() => {
            if (!res.destroyed) sse(res, typeof body.model === "string" ? body.model : "stand-in", { text: reply.text });
          }, reply.delayMs);
          res.on("close", () => clearTimeout(timer));
          return;
        }
        const model = typeof body.model === "string" ? body.model : "stand-in";
        if ("error" in reply) {
          res.writeHead(reply.error.status, { "content-type": "application/json" });
          return res.end(JSON.stringify({ type: "error", error: { type: reply.error.type, message: reply.error.message } }));
        }
        if (body.stream) return sse(res, model, reply);
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify(messageObject(model, reply)));
      }
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ type: "error", error: { type: "not_found_error", message: `stand-in has no ${p}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${addr.port}`,
    requests,
    messageRequests: () => requests.filter((r) => r.path === "/v1/messages"),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
