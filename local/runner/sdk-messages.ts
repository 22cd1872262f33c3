// Map Agent SDK messages to transcript entries `{role, type, text|tool|result}`. Pure.
import type { NewEntry } from "./transcript";

const RESULT_TEXT_LIMIT = 20_000;

type Block = { type: string; text?: string; thinking?: string; id?: string; name?: string; input?: unknown; tool_use_id?: string; content?: unknown; is_error?: boolean };
type AnyMessage = { type: string; subtype?: string; message?: { content?: unknown }; [k: string]: unknown };

function clip(s: string): string {
  return s.length > RESULT_TEXT_LIMIT ? s.slice(0, RESULT_TEXT_LIMIT) + "…" : s;
}

function toolResultText(content: unknown): string {
  if (typeof content === "string") return clip(content);
  if (Array.isArray(content)) return clip((content as Block[]).map((b) => (b.type === "text" ? (b.text ?? "") : `[${b.type}]`)).join("\n"));
  return "";
}

function blocks(content: unknown): Block[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? (content as Block[]) : [];
}

/** Entries for one SDK message; messages with nothing for a reader (partials, progress) map to none. */
export function sdkMessageToEntries(msg: AnyMessage): NewEntry[] {
  switch (msg.type) {
    case "assistant":
      return blocks(msg.message?.content).flatMap((b): NewEntry[] => {
        if (b.type === "text" && b.text) return [{ role: "assistant", type: "text", text: b.text }];
        if (b.type === "thinking" && b.thinking) return [{ role: "assistant", type: "thinking", text: b.thinking }];
        if (b.type === "tool_use") return [{ role: "assistant", type: "tool_use", tool: { name: b.name ?? "tool", id: b.id, input: b.input } }];
        return [];
      });
    case "user":
      // Our own prompts are written when sent; from the SDK only tool results are new.
      return blocks(msg.message?.content).flatMap((b): NewEntry[] =>
        b.type === "tool_result" ? [{ role: "tool", type: "tool_result", result: { toolUseId: b.tool_use_id, isError: b.is_error === true, content: toolResultText(b.content) } }] : [],
      );
    case "result": {
      const isError = msg.is_error === true || msg.subtype !== "success";
      return [
        {
          role: "system",
          type: "result",
          result: {
            subtype: msg.subtype,
            isError,
            numTurns: msg.num_turns,
            durationMs: msg.duration_ms,
            totalCostUsd: msg.total_cost_usd,
            ...(typeof msg.result === "string" ? { text: clip(msg.result) } : {}),
            ...(Array.isArray(msg.errors) && msg.errors.length ? { errors: msg.errors } : {}),
          },
        },
      ];
    }
    case "system":
      if (msg.subtype === "init") return [{ role: "system", type: "init", text: `Agent SDK session ${String(msg.session_id)} (model ${String(msg.model)}) in ${String(msg.cwd)}` }];
      if (msg.subtype === "compact_boundary") return [{ role: "system", type: "compact", text: "Conversation compacted" }];
      return [];
    default:
      return [];
  }
}
