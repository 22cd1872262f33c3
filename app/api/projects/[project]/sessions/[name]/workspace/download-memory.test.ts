// A 50 MB file downloads through the route with bounded server memory (issue 6). Its own file, so
// the process is fresh and the figures mean something. The API server, its service proxy, the
// content server and the route handler all run in this one process: any whole copy would show.
import { createHash } from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANNOTATIONS } from "@/types/agentic-session";
import { BIG_BYTES, call, qs, readyTemp, startFixture, type Fixture } from "./test-fixture";

let fx: Fixture;

// Live memory needs a collection first: RSS alone mostly shows garbage not yet collected.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const live = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

beforeAll(async () => {
  fx = await startFixture({ big: true });
  await fx.make("big", { phase: "Stopped", conditions: [readyTemp] }, { [ANNOTATIONS.tempContentRequested]: "true", [ANNOTATIONS.tempContentLastAccessed]: new Date().toISOString() });
  await fx.registerService("temp-content-big");
  // Warm up the code paths (module loading, TLS session) so they do not count as download memory.
  await (await call(fx, "file", "big", qs(".session/transcript.jsonl"))).arrayBuffer();
}, 180_000);

afterAll(async () => {
  await fx?.close();
});

/** Read the download like a slow browser, calling `sample` every few chunks. */
async function download(sample: () => void): Promise<{ total: number; sha: string }> {
  const res = await call(fx, "file", "big", qs("big.bin", "download=1"));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-length")).toBe(String(BIG_BYTES));
  expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="big.bin"/);
  const reader = res.body!.getReader();
  const hash = createHash("sha256");
  let total = 0;
  for (let n = 1; ; n++) {
    const { done, value } = await reader.read();
    if (done) break;
    hash.update(value);
    total += value.length;
    if (n % 32 === 0) {
      await new Promise((r) => setTimeout(r, 2));
      sample();
    }
  }
  sample();
  return { total, sha: hash.digest("hex") };
}

describe("a 50 MB download", () => {
  it("streams with bounded server memory; a whole copy, for contrast, shows in the same gauge", async () => {
    // 1. RSS as an operator would see it (garbage included).
    const rss0 = process.memoryUsage().rss;
    let rssPeak = rss0;
    const first = await download(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)));
    expect(first.total).toBe(BIG_BYTES);
    expect(first.sha).toBe(fx.bigSha);

    // 2. Live memory (after a collection) while streaming: what the server really holds.
    const live0 = live();
    let livePeak = live0;
    const second = await download(() => (livePeak = Math.max(livePeak, live())));
    expect(second.sha).toBe(fx.bigSha);

    // 3. The gauge itself: a whole copy of the file held in memory must show (else step 2 proves nothing).
    const before = live();
    const copy = Buffer.alloc(BIG_BYTES, 1);
    const buffered = live() - before;
    expect(copy.length).toBe(BIG_BYTES);

    console.log(
      `50 MB download: RSS ${mb(rss0)} → peak ${mb(rssPeak)} MB (+${mb(rssPeak - rss0)} MB, mostly garbage awaiting GC); ` +
        `live memory while streaming +${mb(livePeak - live0)} MB; a whole copy held: live +${mb(buffered)} MB`,
    );
    expect(livePeak - live0).toBeLessThan(16 * 1024 * 1024);
    expect(buffered).toBeGreaterThan(BIG_BYTES / 2);
    // RSS is noisy (GC timing), but streaming never needs more than a file's worth on top.
    expect(rssPeak - rss0).toBeLessThan(BIG_BYTES * 2);
  }, 120_000);
});
