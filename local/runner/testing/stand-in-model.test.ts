import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandInModel, type StandInModel } from "./stand-in-model";

describe("stand-in Messages API", () => {
  let m: StandInModel;
  beforeAll(async () => {
    m = await startStandInModel();
  });
  afterAll(() => m.close());
  const body = (stream: boolean) => JSON.stringify({ model: "x", max_tokens: 10, stream, messages: [{ role: "user", content: [{ type: "text", text: "<system-reminder>ctx</system-reminder>" }, { type: "text", text: "hello" }] }] });

  it("answers non-streaming requests with a Message", async () => {
    const res = await fetch(`${m.url}/v1/messages`, { method: "POST", body: body(false) });
    const msg = (await res.json()) as { type: string; content: Array<{ text: string }>; stop_reason: string };
    expect(msg.type).toBe("message");
    expect(msg.content[0].text).toBe("stand-in reply to: hello");
    expect(msg.stop_reason).toBe("end_turn");
  });

  it("streams SSE events that reassemble to the reply", async () => {
    const text = await (await fetch(`${m.url}/v1/messages`, { method: "POST", body: body(true) })).text();
    const events = text.split("\n\n").filter(Boolean).map((chunk) => JSON.parse(chunk.split("\n")[1].slice(6)) as { type: string; delta?: { text?: string } });
    expect(events[0].type).toBe("message_start");
    expect(events.at(-1)?.type).toBe("message_stop");
    expect(events.filter((e) => e.type === "content_block_delta").map((e) => e.delta?.text).join("")).toBe("stand-in reply to: hello");
    expect(m.messageRequests()).toHaveLength(2);
  });
});
