import type http from "node:http";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { toWebStream } from "./content-stream";

/** A source that produces `total` bytes on demand, counting what it was asked for. */
function source(total: number) {
  let produced = 0;
  const r = new Readable({
    read() {
      if (produced >= total) {
        (r as unknown as { complete: boolean }).complete = true;
        this.push(null);
        return;
      }
      const n = Math.min(64 * 1024, total - produced);
      produced += n;
      this.push(Buffer.alloc(n, 1));
    },
  });
  (r as unknown as { complete: boolean }).complete = false;
  return { res: r as unknown as http.IncomingMessage, produced: () => produced };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("toWebStream", () => {
  it("stops pulling from the upstream while nobody reads (bounded), then delivers every byte", async () => {
    const total = 20 * 1024 * 1024;
    const src = source(total);
    const stream = toWebStream(src.res, 256 * 1024);
    await tick(50);
    // Queue high-water mark plus the Node stream's own buffer, nowhere near the 20 MB.
    expect(src.produced()).toBeLessThan(1024 * 1024);
    let got = 0;
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) got += r.value.length;
    expect(got).toBe(total);
  });

  it("cancelling (the browser went away) destroys the upstream", async () => {
    const src = source(10 * 1024 * 1024);
    const stream = toWebStream(src.res);
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    expect(src.res.destroyed).toBe(true);
  });

  it("an upstream that closes early errors the stream instead of ending it cleanly", async () => {
    const src = source(10 * 1024 * 1024);
    const stream = toWebStream(src.res);
    const reader = stream.getReader();
    await reader.read();
    src.res.destroy();
    await expect((async () => {
      for (;;) if ((await reader.read()).done) return "ended";
    })()).rejects.toThrow(/closed the connection early/);
  });
});
