import { describe, expect, it } from "vitest";
import { contentServiceName, parseTranscript, proxyError, proxyUrl } from "./content";

describe("proxyUrl", () => {
  it("builds the service proxy path on the configured server", () => {
    expect(proxyUrl("https://127.0.0.1:6443/", "demo", contentServiceName.running("s1"), "content/file", { path: ".session/transcript.jsonl" }).toString()).toBe(
      "https://127.0.0.1:6443/api/v1/namespaces/demo/services/ambient-content-s1:http/proxy/content/file?path=.session%2Ftranscript.jsonl",
    );
    expect(contentServiceName.temp("s1")).toBe("temp-content-s1");
  });
});

describe("parseTranscript", () => {
  it("reads JSON lines and skips a torn last line", () => {
    const text = `{"ts":"t1","role":"user","type":"text","text":"hi"}\n\n{"ts":"t2","role":"assistant","type":"text","text":"hello"}\n{"ts":"t3","ro`;
    expect(parseTranscript(text).map((e) => e.text)).toEqual(["hi", "hello"]);
  });
});

describe("proxyError", () => {
  it("keeps the proxy's Status message and maps an absent runner to 503", () => {
    const e = proxyError({ status: 503, contentType: "application/json", body: Buffer.from(JSON.stringify({ kind: "Status", message: "no endpoints available", reason: "ServiceUnavailable" })) }, "Read");
    expect([e.code, e.reason, e.message]).toEqual([503, "ServiceUnavailable", "Read: no endpoints available"]);
    const bad = proxyError({ status: 400, contentType: "application/json", body: Buffer.from(JSON.stringify({ error: { message: "path outside workspace" } })) }, "Read");
    expect([bad.code, bad.message]).toEqual([400, "Read: path outside workspace"]);
  });
});
