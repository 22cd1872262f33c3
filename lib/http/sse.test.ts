import { describe, expect, it } from "vitest";
import { formatSse, sseStream } from "./sse";

describe("formatSse", () => {
  it("frames id, event and JSON data", () => {
    expect(formatSse({ id: "42", event: "change", data: { a: 1 } })).toBe('id: 42\nevent: change\ndata: {"a":1}\n\n');
  });
  it("splits multi-line data and strips newlines from id and event", () => {
    expect(formatSse({ id: "1\n2", event: "x\ny", data: "a\nb" })).toBe("id: 1 2\nevent: x y\ndata: a\ndata: b\n\n");
  });
});

describe("sseStream", () => {
  it("delivers messages and runs cleanup when the client goes away", async () => {
    const abort = new AbortController();
    let cleaned = false;
    const stream = sseStream(abort.signal, (send) => {
      send({ event: "hello", data: { ok: true } });
      return () => {
        cleaned = true;
      };
    });
    const reader = stream.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("event: hello");
    abort.abort();
    const end = await reader.read();
    expect(end.done).toBe(true);
    expect(cleaned).toBe(true);
  });
});
